/// Timeline v3 (`/integrators/timeline/v3`): event templates (developer credentials of
/// the app) and events (portal token). Get it from ``HubSpotClient/timeline``.
///
/// v3 templates are only open to apps that already had them; new apps use HubSpot's
/// "app events". This type is the v3 implementation of that seam.
public struct HubSpotTimelineAPI: Sendable {
    let client: HubSpotClient
    private static let base = "/integrators/timeline/v3"

    private func templatesPath(operation: String) throws -> String {
        let app = try client.requireDeveloperCredentials(for: operation)
        return Self.base + "/" + HubSpotRequest.segment(app.appId) + "/event-templates"
    }

    /// The app's event templates (`GET /{appId}/event-templates`, developer credentials).
    public func listTemplates() async throws -> [TimelineEventTemplate] {
        var request = HubSpotRequest(
            operation: "timeline.listTemplates", method: .get,
            path: try templatesPath(operation: "timeline.listTemplates"))
        request.auth = .developer
        return try await client.send(request, as: HubSpotPage<TimelineEventTemplate>.self).results
    }

    /// Creates an event template with its tokens (`POST /{appId}/event-templates`, developer credentials).
    public func createTemplate(_ template: TimelineEventTemplateDefinition) async throws
        -> TimelineEventTemplate
    {
        var request = HubSpotRequest(
            operation: "timeline.createTemplate", method: .post,
            path: try templatesPath(operation: "timeline.createTemplate"))
        request.auth = .developer
        try request.setBody(template)
        return try await client.send(request, as: TimelineEventTemplate.self)
    }

    /// Adds a token to a template (`POST /{appId}/event-templates/{eventTemplateId}/tokens`).
    public func addToken(_ token: TimelineEventTemplateToken, templateId: String) async throws
        -> TimelineEventTemplateToken
    {
        let path =
            try templatesPath(operation: "timeline.addToken") + "/" + HubSpotRequest.segment(templateId)
            + "/tokens"
        var request = HubSpotRequest(operation: "timeline.addToken", method: .post, path: path)
        request.auth = .developer
        try request.setBody(token)
        return try await client.send(request, as: TimelineEventTemplateToken.self)
    }

    /// The template named `definition.name`, created when missing (found by name, so
    /// running this at every connect is idempotent).
    public func ensureTemplate(_ definition: TimelineEventTemplateDefinition) async throws
        -> TimelineEventTemplate
    {
        if let existing = try await listTemplates().first(where: { $0.name == definition.name }) {
            return existing
        }
        return try await createTemplate(definition)
    }

    /// Creates one event (`POST /events`); an event whose id exists already is reported
    /// as ``TimelineEventCreation/alreadyExisted(id:)``, not as an error.
    public func createEvent(_ event: TimelineEventInput) async throws -> TimelineEventCreation {
        var request = HubSpotRequest(
            operation: "timeline.createEvent", method: .post, path: Self.base + "/events")
        try request.setBody(event)
        do {
            return .created(try await client.send(request, as: TimelineEventResult.self))
        } catch let error as HubSpotError where error.isConflict {
            return .alreadyExisted(id: event.id)
        }
    }

    /// Creates events (`POST /events/batch/create`), in requests of at most 100. Per-item
    /// errors (category `CONFLICT` for ids that exist already) come back next to the successes.
    public func createEvents(_ events: [TimelineEventInput]) async throws -> HubSpotBatchResult<
        TimelineEventResult
    > {
        try await client.runBatches(events, id: \.id) { chunk in
            var request = HubSpotRequest(
                operation: "timeline.createEvents", method: .post, path: Self.base + "/events/batch/create")
            try request.setBody(HubSpotBatchInput(inputs: chunk))
            return try await client.send(request, as: HubSpotBatchResponse<TimelineEventResult>.self)
        }
    }
}
