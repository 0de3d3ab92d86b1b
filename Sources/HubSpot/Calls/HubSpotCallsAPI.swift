/// Call engagements (`/crm/v3/objects/calls`). Get it from ``HubSpotClient/calls``.
///
/// Creating a call is not idempotent: the client does not retry a create after a 5xx or
/// a timeout (a retry could duplicate the call); such failures surface as errors and the
/// caller decides, e.g. after searching for the call.
public struct HubSpotCallsAPI: Sendable {
    let client: HubSpotClient
    private static let base = "/crm/v3/objects/calls"

    /// Creates one call associated with its contacts (`POST /crm/v3/objects/calls`).
    public func create(_ call: CallInput) async throws -> HubSpotObject {
        var request = HubSpotRequest(operation: "calls.create", method: .post, path: Self.base)
        request.idempotent = false
        try request.setBody(CallCreateInput(call, batch: false))
        return try await client.send(request, as: HubSpotObject.self)
    }

    /// Creates calls (`POST …/batch/create`), in requests of at most 100.
    public func batchCreate(_ calls: [CallInput]) async throws -> HubSpotBatchResult<HubSpotObject> {
        let inputs = calls.map { CallCreateInput($0, batch: true) }
        return try await client.runBatches(
            inputs, id: { $0.objectWriteTraceId ?? $0.properties["hs_timestamp"] ?? "" }
        ) { chunk in
            var request = HubSpotRequest(
                operation: "calls.batchCreate", method: .post, path: Self.base + "/batch/create")
            request.idempotent = false
            try request.setBody(HubSpotBatchInput(inputs: chunk))
            return try await client.send(request, as: HubSpotBatchResponse<HubSpotObject>.self)
        }
    }

    /// Runs one page of a call search (`POST …/search`; CRM search rate limit), e.g. to find
    /// out whether a create whose answer was lost went through.
    public func search(_ search: HubSpotSearchRequest) async throws -> HubSpotSearchPage {
        try await client.search(search, path: Self.base + "/search", operation: "calls.search")
    }

    /// Reads one call (`GET …/{callId}`); `nil` when it does not exist.
    public func get(id: String, properties: [String]) async throws -> HubSpotObject? {
        var request = HubSpotRequest(
            operation: "calls.get", method: .get, path: Self.base + "/" + HubSpotRequest.segment(id))
        request.addQuery("properties", values: properties)
        return try await client.sendOrNil(request, as: HubSpotObject.self)
    }

    /// Updates one call's properties (`PATCH …/{callId}`), e.g. to add a transcript later.
    public func update(id: String, properties: [String: String]) async throws -> HubSpotObject {
        var request = HubSpotRequest(
            operation: "calls.update", method: .patch, path: Self.base + "/" + HubSpotRequest.segment(id))
        try request.setBody(ObjectPropertiesInput(properties: properties))
        return try await client.send(request, as: HubSpotObject.self)
    }
}
