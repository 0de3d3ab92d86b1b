/// Custom workflow actions v4 (`/automation/v4/actions`). Definitions belong to the app
/// and need its developer credentials; callback completion uses the portal's token.
/// Get it from ``HubSpotClient/automation``.
public struct HubSpotAutomationAPI: Sendable {
    let client: HubSpotClient
    private static let base = "/automation/v4/actions"

    private func appPath(operation: String) throws -> String {
        Self.base + "/"
            + HubSpotRequest.segment(try client.requireDeveloperCredentials(for: operation).appId)
    }

    /// The app's action definitions (`GET /automation/v4/actions/{appId}`), all pages.
    public func listDefinitions() async throws -> [WorkflowAction] {
        let path = try appPath(operation: "automation.listDefinitions")
        var actions: [WorkflowAction] = []
        var after: String?
        repeat {
            var request = HubSpotRequest(
                operation: "automation.listDefinitions", method: .get, path: path)
            request.auth = .developer
            request.query = [("limit", "100")]
            if let after { request.query.append(("after", after)) }
            let page = try await client.send(request, as: HubSpotPage<WorkflowAction>.self)
            actions.append(contentsOf: page.results)
            after = page.paging?.next?.after
        } while after != nil
        return actions
    }

    /// Creates an action definition (`POST /automation/v4/actions/{appId}`).
    public func createDefinition(_ definition: WorkflowActionDefinition) async throws
        -> WorkflowAction
    {
        var request = HubSpotRequest(
            operation: "automation.createDefinition", method: .post,
            path: try appPath(operation: "automation.createDefinition"))
        request.auth = .developer
        request.idempotent = false
        try request.setBody(definition)
        return try await client.send(request, as: WorkflowAction.self)
    }

    /// Updates an action definition (`PATCH /automation/v4/actions/{appId}/{definitionId}`).
    public func updateDefinition(id: String, _ patch: WorkflowActionPatch) async throws
        -> WorkflowAction
    {
        let path =
            try appPath(operation: "automation.updateDefinition") + "/" + HubSpotRequest.segment(id)
        var request = HubSpotRequest(
            operation: "automation.updateDefinition", method: .patch, path: path)
        request.auth = .developer
        try request.setBody(patch)
        return try await client.send(request, as: WorkflowAction.self)
    }

    /// Completes one asynchronous execution (`POST /automation/v4/actions/callbacks/{callbackId}/complete`).
    public func completeCallback(_ completion: WorkflowCallbackCompletion) async throws {
        let path =
            Self.base + "/callbacks/" + HubSpotRequest.segment(completion.callbackId) + "/complete"
        var request = HubSpotRequest(
            operation: "automation.completeCallback", method: .post, path: path)
        try request.setBody(CallbackCompletionBody(completion))
        try await client.send(request)
    }

    /// Completes several executions (`POST /automation/v4/actions/callbacks/complete`), in
    /// requests of at most 100. The endpoint answers 204 without per-item results.
    public func completeCallbacks(_ completions: [WorkflowCallbackCompletion]) async throws
        -> HubSpotBatchResult<String>
    {
        try await client.runBatches(completions, id: \.callbackId) { chunk in
            var request = HubSpotRequest(
                operation: "automation.completeCallbacks", method: .post,
                path: Self.base + "/callbacks/complete")
            try request.setBody(HubSpotBatchInput(inputs: chunk))
            try await client.send(request)
            return HubSpotBatchResponse(results: chunk.map(\.callbackId), errors: nil, status: "COMPLETE")
        }
    }
}
