/// The account's users and their business units. Get it from ``HubSpotClient/users``.
///
/// HubSpot's published users spec (`users.json`) lists users as the CRM `users` object:
/// `GET /crm/v3/objects/users` with `properties`, `limit` and `after` paging.
public struct HubSpotUsersAPI: Sendable {
    let client: HubSpotClient

    /// Every user of the account, following `paging.next.after` to the end.
    ///
    /// Users of the account are never created as contacts; their emails feed the
    /// exclusion rules.
    public func list(pageSize: Int = 100) async throws -> [HubSpotUser] {
        var users: [HubSpotUser] = []
        var after: String?
        repeat {
            var request = HubSpotRequest(
                operation: "users.list", method: .get, path: "/crm/v3/objects/users")
            request.query = [("limit", String(min(max(1, pageSize), 100))), ("archived", "false")]
            request.addQuery("properties", values: HubSpotUser.properties)
            if let after { request.query.append(("after", after)) }
            let page = try await client.send(request, as: HubSpotPage<HubSpotObject>.self)
            users.append(contentsOf: page.results.map(HubSpotUser.init))
            after = page.paging?.next?.after
        } while after != nil
        return users
    }

    /// The business units a user belongs to (`GET /business-units/v3/business-units/user/{userId}`).
    ///
    /// - Parameter userId: the user id (``HubSpotUser/userId``, `hs_internal_user_id`).
    public func businessUnits(ofUser userId: String) async throws -> [HubSpotBusinessUnit] {
        let request = HubSpotRequest(
            operation: "businessUnits.ofUser", method: .get,
            path: "/business-units/v3/business-units/user/" + HubSpotRequest.segment(userId))
        return try await client.send(request, as: HubSpotPage<HubSpotBusinessUnit>.self).results
    }
}
