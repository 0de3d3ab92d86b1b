import SwitchyardJSON
import Foundation
import Hummingbird

extension HubSpotSimulator {
    /// The portal a request authenticated as.
    func portalID(of request: Request) throws -> Int {
        try HubSpotGatewayMiddleware<BasicRequestContext>.portalID(request, store: store)
    }

    /// `/crm/v3/objects/{objectType}` endpoints shared by contacts and calls (specs
    /// `contacts.json`, `calls.json`): list, create, read, update, archive, batch read /
    /// create / update / archive, and search.
    func addObjectRoutes<Context: RequestContext>(to api: RouterGroup<Context>, objectType: String) {
        let base = "/crm/v3/objects/\(objectType)"
        api.get(RouterPath(base)) { request, _ in
            let portal = try self.portalID(of: request)
            let archived = try request.queryBool("archived")
            let window = try request.pageWindow(defaultLimit: 10)
            let rendering = ObjectRendering(
                objectType: objectType, properties: request.queryList("properties"),
                propertiesWithHistory: request.queryList("propertiesWithHistory"),
                associations: request.queryList("associations"))
            let all = try self.store.portal(portal) { state in
                archived
                    ? state.objects[objectType]?.orderedArchived ?? []
                    : state.objects[objectType]?.orderedActive ?? []
            }
            let page = window.page(all)
            return hubSpotJSONResponse(
                jsonObject([
                    "results": .array(page.items.map { rendering.render($0) }), "paging": page.paging,
                ]))
        }
        api.post(RouterPath(base)) { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(context: context, schema: CRMSchemas.createInput)
            let now = self.store.now()
            let properties = body["properties"]?.stringMap ?? [:]
            let created = try self.store.portal(portal) { (state) throws(HubSpotAPIError) in
                try state.createObject(
                    objectType, properties: properties,
                    associationInputs: body["associations"]?.arrayValue ?? [],
                    now: now)
            }
            return hubSpotJSONResponse(
                ObjectRendering.afterWrite(objectType: objectType, written: properties.keys).render(created),
                status: .created)
        }
        api.get(RouterPath("\(base)/{objectId}")) { request, context in
            let portal = try self.portalID(of: request)
            let id = try context.parameters.hubSpotPath("objectId")
            let archived = try request.queryBool("archived")
            let idProperty = request.query("idProperty")
            let rendering = ObjectRendering(
                objectType: objectType, properties: request.queryList("properties"),
                propertiesWithHistory: request.queryList("propertiesWithHistory"),
                associations: request.queryList("associations"))
            let found = try self.store.portal(portal) { state in
                state.object(objectType, id: id, idProperty: idProperty, archived: archived)
            }
            guard let found else { throw HubSpotAPIError.notFound() }
            return hubSpotJSONResponse(rendering.render(found))
        }
        api.patch(RouterPath("\(base)/{objectId}")) { request, context in
            let portal = try self.portalID(of: request)
            let id = try context.parameters.hubSpotPath("objectId")
            let idProperty = request.query("idProperty")
            let body = try await request.hubSpotJSON(context: context, schema: CRMSchemas.updateInput)
            let changes = body["properties"]?.stringMap ?? [:]
            let now = self.store.now()
            let updated = try self.store.portal(portal) {
                (state) throws(HubSpotAPIError) -> HubSpotObject in
                guard
                    let existing = state.object(objectType, id: id, idProperty: idProperty, archived: false)
                else {
                    throw HubSpotAPIError.notFound()
                }
                let problems = state.validateWrite(objectType, changes)
                guard problems.isEmpty else {
                    throw HubSpotAPIError.invalidProperties(problems, portalID: portal)
                }
                if objectType == "contacts", let email = changes["email"],
                    let other = state.contact(byEmail: email),
                    other.contact.id != existing.id
                {
                    throw HubSpotAPIError.conflict("Contact already exists. Existing ID: \(other.contact.id)")
                }
                guard
                    let updated = state.updateObject(objectType, id: existing.id, changes: changes, now: now)
                else {
                    throw HubSpotAPIError.notFound()
                }
                return updated
            }
            return hubSpotJSONResponse(
                ObjectRendering.afterWrite(objectType: objectType, written: changes.keys).render(updated))
        }
        api.delete(RouterPath("\(base)/{objectId}")) { request, context in
            let portal = try self.portalID(of: request)
            let id = try context.parameters.hubSpotPath("objectId")
            let now = self.store.now()
            try self.store.portal(portal) { state in state.objects[objectType]?.archive(id: id, at: now) }
            return Response(status: .noContent)
        }
        addObjectBatchRoutes(to: api, objectType: objectType)
    }

    private func addObjectBatchRoutes<Context: RequestContext>(
        to api: RouterGroup<Context>, objectType: String
    ) {
        let base = "/crm/v3/objects/\(objectType)"
        api.post(RouterPath("\(base)/batch/read")) { request, context in
            let portal = try self.portalID(of: request)
            let archived = try request.queryBool("archived")
            let body = try await request.hubSpotJSON(context: context, schema: CRMSchemas.batchRead)
            let started = self.store.now()
            let idProperty = body["idProperty"]?.stringValue
            let rendering = ObjectRendering(
                objectType: objectType,
                properties: (body["properties"]?.arrayValue ?? []).compactMap(\.stringValue),
                propertiesWithHistory: (body["propertiesWithHistory"]?.arrayValue ?? []).compactMap(
                    \.stringValue))
            let ids = (body["inputs"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            let found = try self.store.portal(portal) { state in
                ids.map { state.object(objectType, id: $0, idProperty: idProperty, archived: archived) }
            }
            var seen: Set<String> = []
            let results = found.compactMap { $0 }.filter { seen.insert($0.id).inserted }.map {
                rendering.render($0)
            }
            let missing = zip(ids, found).filter { $0.1 == nil }.map(\.0)
            let errors =
                missing.isEmpty
                ? []
                : [
                    standardError(
                        category: "OBJECT_NOT_FOUND",
                        message:
                            "Could not get some \(objectType.dropLast().uppercased()) objects, they may be deleted or not exist. Check that ids are valid.",
                        context: ["ids": missing])
                ]
            return self.batchReply((results, errors), startedAt: started, success: .ok)
        }
        api.post(RouterPath("\(base)/batch/create")) { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(context: context, schema: CRMSchemas.batchCreate)
            let inputs = try Self.batchInputs(body)
            let started = self.store.now()
            let outcome = try self.store.portal(portal) { state in
                Self.eachInput(inputs) { (input) throws(HubSpotAPIError) in
                    let properties = input["properties"]?.stringMap ?? [:]
                    let created = try state.createObject(
                        objectType, properties: properties,
                        associationInputs: input["associations"]?.arrayValue ?? [], now: started)
                    return ObjectRendering.afterWrite(objectType: objectType, written: properties.keys)
                        .render(created)
                }
            }
            return self.batchReply(outcome, startedAt: started, success: .created)
        }
        api.post(RouterPath("\(base)/batch/update")) { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(context: context, schema: CRMSchemas.batchUpdate)
            let inputs = try Self.batchInputs(body)
            let started = self.store.now()
            let outcome = try self.store.portal(portal) { state in
                Self.eachInput(inputs) { (input) throws(HubSpotAPIError) in
                    let id = input["id"]?.stringValue ?? ""
                    let changes = input["properties"]?.stringMap ?? [:]
                    let idProperty = input["idProperty"]?.stringValue
                    guard
                        let existing = state.object(objectType, id: id, idProperty: idProperty, archived: false)
                    else {
                        throw HubSpotAPIError(
                            .notFound, category: "OBJECT_NOT_FOUND", message: "resource not found",
                            context: ["ids": [id]])
                    }
                    let problems = state.validateWrite(objectType, changes)
                    guard problems.isEmpty,
                        let updated = state.updateObject(
                            objectType, id: existing.id, changes: changes, now: started)
                    else {
                        throw HubSpotAPIError.invalidProperties(problems, portalID: portal, id: id)
                    }
                    return ObjectRendering.afterWrite(objectType: objectType, written: changes.keys)
                        .render(updated)
                }
            }
            return self.batchReply(outcome, startedAt: started, success: .ok)
        }
        api.post(RouterPath("\(base)/batch/archive")) { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(context: context, schema: CRMSchemas.batchArchive)
            let ids = try Self.batchInputs(body).compactMap { $0["id"]?.stringValue }
            let now = self.store.now()
            try self.store.portal(portal) { state in
                for id in ids { state.objects[objectType]?.archive(id: id, at: now) }
            }
            return Response(status: .noContent)
        }
        api.post(RouterPath("\(base)/search")) { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(context: context, schema: CRMSchemas.search)
            let search = CRMSearch(objectType: objectType, request: body)
            try search.validate()
            let limit = Int(body["limit"]?.int64Value ?? 10)
            let window = try PageWindow(
                after: body["after"]?.stringValue, limit: limit, defaultLimit: 10,
                maxLimit: CRMSearch.maxLimit)
            let matches = try self.store.portal(portal) { state in
                search.run(state.objects[objectType]?.orderedActive ?? [])
            }
            let page = window.page(matches)
            let rendering = ObjectRendering(
                objectType: objectType,
                properties: (body["properties"]?.arrayValue ?? []).compactMap(\.stringValue))
            return hubSpotJSONResponse(
                jsonObject([
                    "total": .integer(Int64(matches.count)),
                    "results": .array(page.items.map { rendering.render($0) }),
                    "paging": page.paging,
                ]))
        }
    }

    /// HubSpot's batch size limit (100 inputs).
    static let maxBatchInputs = 100

    /// The `inputs` of a batch body, refusing more than HubSpot's limit.
    static func batchInputs(_ body: JSONValue) throws(HubSpotAPIError) -> [JSONValue] {
        let inputs = body["inputs"]?.arrayValue ?? []
        guard inputs.count <= maxBatchInputs else {
            throw HubSpotAPIError.validation(
                "Batch input too large: \(inputs.count) inputs were given, the limit is \(maxBatchInputs).",
                errors: [
                    HubSpotErrorDetail(
                        message: "at most \(maxBatchInputs) inputs are allowed", in: "inputs",
                        code: "TOO_MANY_INPUTS")
                ],
                context: ["limit": [String(maxBatchInputs)]])
        }
        return inputs
    }

    /// Runs `make` on every batch input, collecting its results and, for the inputs it
    /// refuses, the per-item errors of a 207.
    static func eachInput(
        _ inputs: [JSONValue], _ make: (JSONValue) throws(HubSpotAPIError) -> JSONValue
    ) -> (results: [JSONValue], errors: [JSONValue]) {
        var results: [JSONValue] = []
        var errors: [JSONValue] = []
        for input in inputs {
            do throws(HubSpotAPIError) {
                results.append(try make(input))
            } catch {
                errors.append(batchError(from: error))
            }
        }
        return (results, errors)
    }

    /// A batch answer: `success` when every input succeeded, 207 Multi-Status otherwise.
    func batchReply(
        _ outcome: (results: [JSONValue], errors: [JSONValue]), startedAt: Date,
        success: HTTPResponse.Status
    ) -> Response {
        let body = batchResponse(
            results: outcome.results, errors: outcome.errors, startedAt: startedAt,
            completedAt: store.now())
        return hubSpotJSONResponse(body, status: outcome.errors.isEmpty ? success : .multiStatus)
    }

    /// A thrown API error as one entry of a 207's `errors`.
    static func batchError(from error: HubSpotAPIError) -> JSONValue {
        var members = error.body.objectValue
        members["correlationId"] = nil
        members["context"] = members["context"] ?? .object([:])
        members["errors"] = members["errors"] ?? .array([])
        members["links"] = members["links"] ?? .object([:])
        return .object(members)
    }
}
