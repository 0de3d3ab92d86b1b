import Foundation

/// Marketing events v3 (`/marketing/v3/marketing-events`), addressed by the external
/// account and event ids. Get it from ``HubSpotClient/marketingEvents``.
public struct HubSpotMarketingEventsAPI: Sendable {
    let client: HubSpotClient
    private static let base = "/marketing/v3/marketing-events"

    private static func eventPath(_ externalEventId: String, _ suffix: String = "") -> String {
        base + "/events/" + HubSpotRequest.segment(externalEventId) + suffix
    }

    /// Creates one event (`POST …/events`).
    public func create(_ event: MarketingEventInput) async throws -> MarketingEvent {
        var request = HubSpotRequest(
            operation: "marketingEvents.create", method: .post, path: Self.base + "/events")
        try request.setBody(event)
        return try await client.send(request, as: MarketingEvent.self)
    }

    /// Creates or updates events by external ids (`POST …/events/upsert`), in requests of at most 100.
    public func upsert(_ events: [MarketingEventInput]) async throws -> HubSpotBatchResult<
        MarketingEvent
    > {
        try await client.runBatches(events, id: \.externalEventId) { chunk in
            var request = HubSpotRequest(
                operation: "marketingEvents.upsert", method: .post, path: Self.base + "/events/upsert")
            try request.setBody(HubSpotBatchInput(inputs: chunk))
            return try await client.send(request, as: HubSpotBatchResponse<MarketingEvent>.self)
        }
    }

    /// Reads one event with its counters (`GET …/events/{externalEventId}`); `nil` on 404.
    public func get(externalEventId: String, externalAccountId: String) async throws
        -> MarketingEvent?
    {
        var request = HubSpotRequest(
            operation: "marketingEvents.get", method: .get, path: Self.eventPath(externalEventId))
        request.query = [("externalAccountId", externalAccountId)]
        return try await client.sendOrNil(request, as: MarketingEvent.self)
    }

    /// Updates one event (`PATCH …/events/{externalEventId}`).
    public func update(
        externalEventId: String, externalAccountId: String, _ changes: MarketingEventUpdate
    ) async throws
        -> MarketingEvent
    {
        var request = HubSpotRequest(
            operation: "marketingEvents.update", method: .patch, path: Self.eventPath(externalEventId))
        request.query = [("externalAccountId", externalAccountId)]
        try request.setBody(changes)
        return try await client.send(request, as: MarketingEvent.self)
    }

    /// Marks an event cancelled (`POST …/events/{externalEventId}/cancel`).
    public func cancel(externalEventId: String, externalAccountId: String) async throws
        -> MarketingEvent
    {
        var request = HubSpotRequest(
            operation: "marketingEvents.cancel", method: .post,
            path: Self.eventPath(externalEventId, "/cancel"))
        request.query = [("externalAccountId", externalAccountId)]
        return try await client.send(request, as: MarketingEvent.self)
    }

    /// Marks an event completed with its actual times (`POST …/events/{externalEventId}/complete`).
    public func complete(
        externalEventId: String, externalAccountId: String, startDateTime: Date, endDateTime: Date
    )
        async throws -> MarketingEvent
    {
        var request = HubSpotRequest(
            operation: "marketingEvents.complete", method: .post,
            path: Self.eventPath(externalEventId, "/complete"))
        request.query = [("externalAccountId", externalAccountId)]
        try request.setBody(
            MarketingEventCompleteInput(startDateTime: startDateTime, endDateTime: endDateTime))
        return try await client.send(request, as: MarketingEvent.self)
    }

    /// Records registrations, attendances or cancellations by email
    /// (`POST …/attendance/{externalEventId}/{subscriberState}/email-create`), in requests
    /// of at most 100 inputs.
    ///
    /// HubSpot creates a contact for an email it does not know and adds a timeline event:
    /// filter out excluded, deleted and secondary-email people before calling this.
    public func recordParticipation(
        externalEventId: String, externalAccountId: String, state: MarketingEventSubscriberState,
        subscribers: [MarketingEventSubscriber]
    ) async throws -> HubSpotBatchResult<MarketingEventSubscriberResult> {
        let inputs = subscribers.map { MarketingEventEmailSubscriberInput($0, state: state) }
        let path =
            Self.base + "/attendance/" + HubSpotRequest.segment(externalEventId) + "/" + state.rawValue
            + "/email-create"
        return try await client.runBatches(inputs, id: \.email) { chunk in
            var request = HubSpotRequest(
                operation: "marketingEvents.recordParticipation", method: .post, path: path)
            // Each call records another interaction: a retry after a lost answer would duplicate it.
            request.idempotent = false
            request.query = [("externalAccountId", externalAccountId)]
            try request.setBody(HubSpotBatchInput(inputs: chunk))
            return try await client.send(
                request, as: HubSpotBatchResponse<MarketingEventSubscriberResult>.self)
        }
    }

    /// The event's participation counters (`GET …/participations/{externalAccountId}/{externalEventId}`).
    public func participationCounters(externalAccountId: String, externalEventId: String) async throws
        -> MarketingEventParticipationCounters
    {
        let path =
            Self.base + "/participations/" + HubSpotRequest.segment(externalAccountId) + "/"
            + HubSpotRequest.segment(externalEventId)
        let request = HubSpotRequest(
            operation: "marketingEvents.participationCounters", method: .get, path: path)
        return try await client.send(request, as: MarketingEventParticipationCounters.self)
    }
}
