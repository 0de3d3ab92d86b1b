import Foundation

/// The body of a Zoom webhook, as Meetings-webhooks.json documents it.
struct ZoomWebhookBody<Object: Decodable & Sendable>: Decodable, Sendable {
    struct Payload: Decodable, Sendable {
        var accountId: String?
        var operation: String?
        var object: Object
    }

    var event: String
    var eventTs: Int64?
    var payload: Payload

    /// When the event happened (`event_ts`, milliseconds).
    var occurredAt: Date? {
        eventTs.map { Date(timeIntervalSince1970: TimeInterval($0) / 1000) }
    }
}

/// The only fields every Zoom event has.
struct ZoomWebhookHead: Decodable, Sendable {
    var event: String
}

/// The object of `webinar.*` events. `id` is an integer in scheduling and registration events
/// and a string in `started`, `ended` and participant events; both are accepted.
struct ZoomWebinarEventObject: Decodable, Sendable {
    struct Participant: Decodable, Sendable {
        var userName: String?
        var email: String?
        var registrantId: String?
        var joinTime: String?
        var leaveTime: String?
    }

    struct Occurrence: Decodable, Sendable {
        var occurrenceId: String?
    }

    var id: ZoomFlexibleID
    var uuid: String?
    var hostId: String?
    var topic: String?
    var type: Int?
    var startTime: String?
    var duration: Int?
    var timezone: String?
    var joinUrl: String?
    var registrationUrl: String?
    var occurrences: [Occurrence]?
    var registrant: ZoomRegistrantDTO?
    var participant: Participant?
}
