import SwitchyardJSON
import Foundation
import Hummingbird

extension HubSpotSimulator {
    /// The account's users and business units.
    ///
    /// - `GET /settings/v3/users/` and `/settings/v3/users/{userId}`: the Settings Users API
    ///   as HubSpot's SDKs call it (`PublicUser`).
    /// - `GET /crm/v3/objects/users` and `/crm/v3/objects/users/{userId}`: what `users.json`
    ///   actually specifies (users as CRM objects with `hs_email`, `hs_given_name`, …).
    /// - `GET /settings/users/v3`: the path DESIGN.md and the issue name; it is not in the spec,
    ///   and is served as an alias of the Settings Users API so either spelling works.
    /// - `GET /business-units/v3/business-units/user/{userId}` (`businessUnits.json`).
    func addSettingsRoutes<Context: RequestContext>(to api: RouterGroup<Context>) {
        for path in ["/settings/v3/users", "/settings/users/v3"] {
            api.get(RouterPath(path)) { request, _ in
                let portal = try self.portalID(of: request)
                let window = try request.pageWindow(defaultLimit: 100)
                let users = try self.store.portal(portal) { state in state.users }
                let page = window.page(users)
                return hubSpotJSONResponse(
                    jsonObject([
                        "results": .array(page.items.map(Self.renderSettingsUser)), "paging": page.paging,
                    ]))
            }
        }
        api.get("/settings/v3/users/{userId}") { request, context in
            let portal = try self.portalID(of: request)
            let id = try context.parameters.hubSpotPath("userId")
            let byEmail = request.query("idProperty") == "EMAIL"
            let user = try self.store.portal(portal) { state in
                state.users.first { byEmail ? $0.email.lowercased() == id.lowercased() : $0.id == id }
            }
            guard let user else { throw HubSpotAPIError.notFound("User \(id) not found") }
            return hubSpotJSONResponse(Self.renderSettingsUser(user))
        }
        api.get("/crm/v3/objects/users") { request, _ in
            let portal = try self.portalID(of: request)
            let window = try request.pageWindow(defaultLimit: 10)
            let users = try self.store.portal(portal) { state in state.users }
            let page = window.page(users)
            let requested = request.queryList("properties")
            return hubSpotJSONResponse(
                jsonObject([
                    "results": .array(
                        page.items.map { Self.renderCRMUser($0, portal: portal, properties: requested) }),
                    "paging": page.paging,
                ]))
        }
        api.get("/crm/v3/objects/users/{userId}") { request, context in
            let portal = try self.portalID(of: request)
            let id = try context.parameters.hubSpotPath("userId")
            let idProperty = request.query("idProperty")
            let user = try self.store.portal(portal) { state in
                state.users.first { user in
                    switch idProperty {
                    case "hs_email": user.email.lowercased() == id.lowercased()
                    case "hs_internal_user_id": user.id == id
                    default: Self.crmUserID(user, portal: portal) == id
                    }
                }
            }
            guard let user else { throw HubSpotAPIError.notFound() }
            return hubSpotJSONResponse(
                Self.renderCRMUser(user, portal: portal, properties: request.queryList("properties")))
        }
        api.get("/business-units/v3/business-units/user/{userId}") { request, context in
            let portal = try self.portalID(of: request)
            let id = try context.parameters.hubSpotPath("userId")
            let names = Set(request.queryList("name"))
            let units = try self.store.portal(portal) { (state) throws(HubSpotAPIError) in
                guard let user = state.users.first(where: { $0.id == id }) else {
                    throw HubSpotAPIError.notFound("User \(id) not found")
                }
                return state.businessUnits.filter {
                    user.businessUnitIDs.contains($0.id) && (names.isEmpty || names.contains($0.name))
                }
            }
            let results: [JSONValue] = units.map {
                ["id": .string(String($0.id)), "name": .string($0.name)]
            }
            return hubSpotJSONResponse(["results": .array(results)])
        }
    }

    /// The Settings API's `PublicUser`.
    static func renderSettingsUser(_ user: HubSpotPortalSeed.User) -> JSONValue {
        [
            "id": .string(user.id), "email": .string(user.email), "firstName": .string(user.firstName),
            "lastName": .string(user.lastName),
            "roleIds": [], "secondaryTeamIds": [], "superAdmin": false, "sendWelcomeEmail": false,
        ]
    }

    /// The CRM object id of a user (distinct from the Settings user id, as in HubSpot).
    static func crmUserID(_ user: HubSpotPortalSeed.User, portal: Int) -> String {
        "\(portal)\(user.id)"
    }

    /// A user as a CRM object (`users.json`'s `SimplePublicObject`).
    static func renderCRMUser(
        _ user: HubSpotPortalSeed.User, portal: Int, properties requested: [String]
    ) -> JSONValue {
        let all: [String: String] = [
            "hs_email": user.email, "hs_given_name": user.firstName, "hs_family_name": user.lastName,
            "hs_internal_user_id": user.id,
            "hs_object_id": crmUserID(user, portal: portal),
        ]
        let names = requested.isEmpty ? ["hs_object_id"] : requested + ["hs_object_id"]
        var values: [String: JSONValue] = [:]
        for name in names { values[name] = .optional(all[name]) }
        let epoch = HubSpotTime.format(Date(timeIntervalSince1970: 0))
        return [
            "id": .string(crmUserID(user, portal: portal)), "properties": .object(values),
            "createdAt": .string(epoch),
            "updatedAt": .string(epoch), "archived": false,
        ]
    }
}
