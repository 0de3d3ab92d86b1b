import SwitchyardJSON
import Foundation
import Hummingbird

extension HubSpotSimulator {
    /// Automation actions v4 (`actionsV4.json`): definitions per app (developer API key) and
    /// callback completion (portal token).
    func addActionRoutes<Context: RequestContext>(to api: RouterGroup<Context>) {
        let base = "/automation/v4/actions"
        api.get(RouterPath("\(base)/{appId}")) { request, context in
            let appID = try context.parameters.hubSpotInt("appId")
            let archived = try request.queryBool("archived")
            let window = try request.pageWindow(defaultLimit: 20)
            let definitions = try self.store.world { world in
                (world.apps[appID]?.definitions.values.map { $0 } ?? [])
                    .filter { ($0.archivedAt != nil) == archived }.sorted { $0.id < $1.id }
            }
            let page = window.page(definitions)
            return hubSpotJSONResponse(
                jsonObject(["results": .array(page.items.map(Self.render)), "paging": page.paging]))
        }
        api.post(RouterPath("\(base)/{appId}")) { request, context in
            let appID = try context.parameters.hubSpotInt("appId")
            let body = try await request.hubSpotJSON(
                context: context, schema: ActionSchemas.definitionCreate)
            let definition = try self.store.world { world in
                let definition = HubSpotActionDefinition(
                    id: String(world.nextAppObjectID), appID: appID, revisionID: "1", body: body,
                    archivedAt: nil)
                world.nextAppObjectID += 1
                world.apps[appID, default: AppState()].definitions[definition.id] = definition
                return definition
            }
            return hubSpotJSONResponse(Self.render(definition), status: .created)
        }
        api.get(RouterPath("\(base)/{appId}/{definitionId}")) { request, context in
            let archived = try request.queryBool("archived")
            let definition = try self.definition(context.parameters, allowArchived: archived) { _ in }
            return hubSpotJSONResponse(Self.render(definition))
        }
        api.patch(RouterPath("\(base)/{appId}/{definitionId}")) { request, context in
            let body = try await request.hubSpotJSON(
                context: context, schema: ActionSchemas.definitionPatch)
            let definition = try self.definition(context.parameters, allowArchived: false) { definition in
                var members = definition.body.objectValue
                for (key, value) in body.objectValue { members[key] = value }
                definition.body = .object(members)
                definition.revisionID = String((Int(definition.revisionID) ?? 0) + 1)
            }
            return hubSpotJSONResponse(Self.render(definition))
        }
        api.delete(RouterPath("\(base)/{appId}/{definitionId}")) { _, context in
            let now = self.store.now()
            _ = try self.definition(context.parameters, allowArchived: false) { $0.archivedAt = now }
            return Response(status: .noContent)
        }
        api.post(RouterPath("\(base)/callbacks/{callbackId}/complete")) { request, context in
            let portal = try self.portalID(of: request)
            let callbackID = try context.parameters.hubSpotPath("callbackId")
            let body = try await request.hubSpotJSON(
                context: context, schema: ActionSchemas.callbackCompletion)
            try self.complete([(callbackID, body)], portal: portal)
            return Response(status: .noContent)
        }
        api.post(RouterPath("\(base)/callbacks/complete")) { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(
                context: context, schema: ActionSchemas.batchCallbackCompletion)
            let inputs = try Self.batchInputs(body).map { ($0["callbackId"]?.stringValue ?? "", $0) }
            try self.complete(inputs, portal: portal)
            return Response(status: .noContent)
        }
    }

    /// Records callback completions; every callback must be one the simulator sent to this
    /// portal and not completed yet (HubSpot's 404 otherwise, nothing recorded).
    private func complete(_ inputs: [(String, JSONValue)], portal: Int) throws {
        let now = store.now()
        try store.portal(portal) { (state) throws(HubSpotAPIError) in
            let unknown = inputs.map(\.0).filter { state.pendingCallbacks[$0] == nil }
            guard unknown.isEmpty else {
                throw HubSpotAPIError.notFound(
                    "No pending workflow action execution for callbackId \(unknown.joined(separator: ", "))")
            }
            for (callbackID, body) in inputs {
                state.pendingCallbacks[callbackID] = nil
                state.callbackCompletions.append(
                    HubSpotCallbackCompletion(
                        callbackID: callbackID, outputFields: body["outputFields"]?.stringMap ?? [:],
                        typedOutputs: body["typedOutputs"] ?? .object([:]),
                        failureReasonType: body["failureReasonType"]?.stringValue,
                        completedAt: now))
            }
        }
    }

    private func definition(
        _ parameters: Parameters, allowArchived: Bool,
        _ change: @escaping (inout HubSpotActionDefinition) -> Void
    ) throws -> HubSpotActionDefinition {
        let appID = try parameters.hubSpotInt("appId")
        let definitionID = try parameters.hubSpotPath("definitionId")
        return try store.world { (world) throws(HubSpotAPIError) in
            guard var definition = world.apps[appID]?.definitions[definitionID],
                allowArchived || definition.archivedAt == nil
            else {
                throw HubSpotAPIError.notFound(
                    "Action definition \(definitionID) not found for app \(appID)")
            }
            change(&definition)
            world.apps[appID]?.definitions[definitionID] = definition
            return definition
        }
    }

    /// The spec's `PublicActionDefinition`: the stored body plus `id` and `revisionId`, with
    /// `functions` reduced to their identifiers.
    static func render(_ definition: HubSpotActionDefinition) -> JSONValue {
        var members = definition.body.objectValue
        members["id"] = .string(definition.id)
        members["revisionId"] = .string(definition.revisionID)
        members["functions"] = .array(
            (members["functions"]?.arrayValue ?? []).map { function in
                jsonObject([
                    "functionType": function["functionType"],
                    "id": function["id"] ?? function["functionType"],
                ])
            })
        if let archivedAt = definition.archivedAt {
            members["archivedAt"] = .integer(HubSpotTime.millis(archivedAt))
        }
        return .object(members)
    }
}
