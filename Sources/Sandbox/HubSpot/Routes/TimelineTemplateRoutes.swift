import SwitchyardJSON
import Foundation
import Hummingbird

extension HubSpotSimulator {
    /// Timeline v3 event templates and their tokens (developer API key of the app).
    func addTimelineTemplateRoutes<Context: RequestContext>(to api: RouterGroup<Context>) {
        let base = "/integrators/timeline/v3/{appId}/event-templates"
        api.get(RouterPath(base)) { _, context in
            let appID = try context.parameters.hubSpotInt("appId")
            let templates = try self.store.world { world in
                (world.apps[appID].map { Array($0.templates.values) } ?? []).sorted { $0.id < $1.id }
            }
            return hubSpotJSONResponse(["results": .array(templates.map(Self.render))])
        }
        api.post(RouterPath(base)) { request, context in
            let appID = try context.parameters.hubSpotInt("appId")
            let body = try await request.hubSpotJSON(
                context: context, schema: TimelineSchemas.templateCreate)
            let now = self.store.now()
            let tokens = try Self.tokens(body["tokens"]?.arrayValue ?? [], now: now)
            let template = try self.store.world { world in
                let template = HubSpotTimelineTemplate(
                    id: String(world.nextAppObjectID), appID: appID, name: body["name"]?.stringValue ?? "",
                    objectType: (body["objectType"]?.stringValue ?? "contacts").lowercased(),
                    headerTemplate: body["headerTemplate"]?.stringValue,
                    detailTemplate: body["detailTemplate"]?.stringValue,
                    tokens: tokens, createdAt: now, updatedAt: now)
                world.nextAppObjectID += 1
                world.apps[appID, default: AppState()].templates[template.id] = template
                return template
            }
            return hubSpotJSONResponse(Self.render(template), status: .created)
        }
        api.get(RouterPath("\(base)/{eventTemplateId}")) { _, context in
            let template = try self.template(context.parameters) { _ in }
            return hubSpotJSONResponse(Self.render(template))
        }
        api.put(RouterPath("\(base)/{eventTemplateId}")) { request, context in
            let body = try await request.hubSpotJSON(
                context: context, schema: TimelineSchemas.templateUpdate)
            let now = self.store.now()
            let tokens = try Self.tokens(body["tokens"]?.arrayValue ?? [], now: now)
            let template = try self.template(context.parameters) { template in
                template.name = body["name"]?.stringValue ?? template.name
                template.headerTemplate = body["headerTemplate"]?.stringValue
                template.detailTemplate = body["detailTemplate"]?.stringValue
                template.tokens = tokens
                template.updatedAt = now
            }
            return hubSpotJSONResponse(Self.render(template))
        }
        api.delete(RouterPath("\(base)/{eventTemplateId}")) { _, context in
            let appID = try context.parameters.hubSpotInt("appId")
            let templateID = try context.parameters.hubSpotPath("eventTemplateId")
            _ = try self.template(context.parameters) { _ in }
            try self.store.world { world in world.apps[appID]?.templates[templateID] = nil }
            return Response(status: .noContent)
        }
        api.post(RouterPath("\(base)/{eventTemplateId}/tokens")) { request, context in
            let body = try await request.hubSpotJSON(context: context, schema: TimelineSchemas.token)
            let now = self.store.now()
            let token = try Self.tokens([body], now: now)[0]
            _ = try self.template(context.parameters) { (template) throws(HubSpotAPIError) in
                guard !template.tokens.contains(where: { $0.name == token.name }) else {
                    throw HubSpotAPIError.conflict(
                        "Token \(token.name) already exists on template \(template.id)",
                        category: "OBJECT_ALREADY_EXISTS")
                }
                template.tokens.append(token)
            }
            return hubSpotJSONResponse(Self.render(token))
        }
        api.put(RouterPath("\(base)/{eventTemplateId}/tokens/{tokenName}")) { request, context in
            let name = try context.parameters.hubSpotPath("tokenName")
            let body = try await request.hubSpotJSON(
                context: context, schema: TimelineSchemas.tokenUpdate)
            let now = self.store.now()
            let template = try self.template(context.parameters) { (template) throws(HubSpotAPIError) in
                guard let index = template.tokens.firstIndex(where: { $0.name == name }) else {
                    throw HubSpotAPIError.notFound()
                }
                template.tokens[index].label = body["label"]?.stringValue ?? template.tokens[index].label
                template.tokens[index].objectPropertyName = body["objectPropertyName"]?.stringValue
                template.tokens[index].options = Self.options(body["options"])
                template.tokens[index].updatedAt = now
            }
            guard let token = template.tokens.first(where: { $0.name == name }) else {
                throw HubSpotAPIError.notFound()
            }
            return hubSpotJSONResponse(Self.render(token))
        }
        api.delete(RouterPath("\(base)/{eventTemplateId}/tokens/{tokenName}")) { _, context in
            let name = try context.parameters.hubSpotPath("tokenName")
            _ = try self.template(context.parameters) { (template) throws(HubSpotAPIError) in
                guard template.tokens.contains(where: { $0.name == name }) else {
                    throw HubSpotAPIError.notFound()
                }
                template.tokens.removeAll { $0.name == name }
            }
            return Response(status: .noContent)
        }
    }

    /// Loads (and optionally changes) the template named by the path, or throws 404.
    private func template(
        _ parameters: Parameters,
        _ change: (inout HubSpotTimelineTemplate) throws(HubSpotAPIError) -> Void
    ) throws
        -> HubSpotTimelineTemplate
    {
        let appID = try parameters.hubSpotInt("appId")
        let templateID = try parameters.hubSpotPath("eventTemplateId")
        return try store.world { (world) throws(HubSpotAPIError) in
            guard var template = world.apps[appID]?.templates[templateID] else {
                throw HubSpotAPIError.notFound("Event template \(templateID) not found for app \(appID)")
            }
            try change(&template)
            world.apps[appID]?.templates[templateID] = template
            return template
        }
    }

    static func options(_ value: JSONValue?) -> [HubSpotPropertyOption] {
        (value?.arrayValue ?? []).enumerated().map { index, option in
            HubSpotPropertyOption(
                label: option["label"]?.stringValue ?? "", value: option["value"]?.stringValue ?? "",
                description: nil,
                displayOrder: index, hidden: false)
        }
    }

    static func tokens(_ values: [JSONValue], now: Date) throws(HubSpotAPIError)
        -> [HubSpotTimelineToken]
    {
        let tokens = values.map { value in
            HubSpotTimelineToken(
                name: value["name"]?.stringValue ?? "", label: value["label"]?.stringValue ?? "",
                type: value["type"]?.stringValue ?? "string",
                options: options(value["options"]),
                objectPropertyName: value["objectPropertyName"]?.stringValue, createdAt: now,
                updatedAt: now)
        }
        if let bad = tokens.first(where: { $0.type == "enumeration" && $0.options.isEmpty }) {
            throw HubSpotAPIError.validation("Token \(bad.name) of type enumeration must have options")
        }
        return tokens
    }

    static func render(_ token: HubSpotTimelineToken) -> JSONValue {
        jsonObject([
            "name": .string(token.name), "label": .string(token.label), "type": .string(token.type),
            "options": .array(
                token.options.map { ["label": .string($0.label), "value": .string($0.value)] }),
            "objectPropertyName": token.objectPropertyName.map(JSONValue.string),
            "createdAt": .string(HubSpotTime.format(token.createdAt)),
            "updatedAt": .string(HubSpotTime.format(token.updatedAt)),
        ])
    }

    static func render(_ template: HubSpotTimelineTemplate) -> JSONValue {
        jsonObject([
            "id": .string(template.id), "name": .string(template.name),
            "objectType": .string(template.objectType),
            "headerTemplate": template.headerTemplate.map(JSONValue.string),
            "detailTemplate": template.detailTemplate.map(JSONValue.string),
            "tokens": .array(template.tokens.map { render($0) }),
            "createdAt": .string(HubSpotTime.format(template.createdAt)),
            "updatedAt": .string(HubSpotTime.format(template.updatedAt)),
        ])
    }
}
