import Foundation

// The records' JSON forms that are not plain synthesized structs (protocol document §5).

extension Webinar.Support: Codable {
    private enum CodingKeys: String, CodingKey { case status, reason, supported, unsupported }

    /// Decodes `{"status": "supported"}` or `{"status": "unsupported", "reason": …}`, and the
    /// older stored form (`{"supported": {}}`, `{"unsupported": {"reason": …}}`) of webinar catalogs.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let status = try container.decodeIfPresent(String.self, forKey: .status) {
            switch status {
            case "supported": self = .supported
            case "unsupported": self = .unsupported(reason: try container.decodeIfPresent(String.self, forKey: .reason) ?? "")
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .status, in: container,
                    debugDescription: "unknown support status '\(status)' (expected supported or unsupported)")
            }
        } else if container.contains(.unsupported) {
            let legacy = try container.nestedContainer(keyedBy: CodingKeys.self, forKey: .unsupported)
            self = .unsupported(reason: try legacy.decodeIfPresent(String.self, forKey: .reason) ?? "")
        } else if container.contains(.supported) {
            self = .supported
        } else {
            throw DecodingError.keyNotFound(
                CodingKeys.status, .init(codingPath: decoder.codingPath, debugDescription: "a webinar's support needs a status"))
        }
    }

    /// Encodes `{"status": …}` with `reason` when unsupported.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .supported:
            try container.encode("supported", forKey: .status)
        case .unsupported(let reason):
            try container.encode("unsupported", forKey: .status)
            try container.encode(reason, forKey: .reason)
        }
    }
}

extension SourceEvent: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, webinar, webinarID, instanceUUID, registration, cancellation, recording, eventType, email, joined, at
    }

    /// Decodes `{"type": …, …fields}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        func webinarID() throws -> String { try container.decode(String.self, forKey: .webinarID) }
        func instance() throws -> String? { try container.decodeIfPresent(String.self, forKey: .instanceUUID) }
        switch type {
        case "webinar_changed": self = .webinarChanged(try container.decode(Webinar.self, forKey: .webinar))
        case "webinar_touched": self = .webinarTouched(webinarID: try webinarID())
        case "webinar_deleted": self = .webinarDeleted(webinarID: try webinarID())
        case "webinar_started": self = .webinarStarted(webinarID: try webinarID(), instanceUUID: try instance())
        case "webinar_ended": self = .webinarEnded(webinarID: try webinarID(), instanceUUID: try instance())
        case "registered": self = .registered(try container.decode(Registration.self, forKey: .registration))
        case "cancelled": self = .cancelled(try container.decode(Cancellation.self, forKey: .cancellation))
        case "participant_activity":
            self = .participantActivity(
                webinarID: try webinarID(), instanceUUID: try instance(),
                email: try container.decodeIfPresent(String.self, forKey: .email),
                joined: try container.decodeIfPresent(Bool.self, forKey: .joined) ?? true,
                at: try container.decodeIfPresent(Date.self, forKey: .at))
        case "recording_completed": self = .recordingCompleted(try container.decode(Recording.self, forKey: .recording))
        case "transcript_completed": self = .transcriptCompleted(webinarID: try webinarID(), instanceUUID: try instance())
        case "ignored": self = .ignored(eventType: try container.decode(String.self, forKey: .eventType))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown source event type '\(type)'")
        }
    }

    /// Encodes `{"type": …, …fields}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        switch self {
        case .webinarChanged(let webinar): try container.encode(webinar, forKey: .webinar)
        case .webinarTouched(let id), .webinarDeleted(let id):
            try container.encode(id, forKey: .webinarID)
        case .webinarStarted(let id, let instance), .webinarEnded(let id, let instance), .transcriptCompleted(let id, let instance):
            try container.encode(id, forKey: .webinarID)
            try container.encodeIfPresent(instance, forKey: .instanceUUID)
        case .registered(let registration): try container.encode(registration, forKey: .registration)
        case .cancelled(let cancellation): try container.encode(cancellation, forKey: .cancellation)
        case .participantActivity(let id, let instance, let email, let joined, let at):
            try container.encode(id, forKey: .webinarID)
            try container.encodeIfPresent(instance, forKey: .instanceUUID)
            try container.encodeIfPresent(email, forKey: .email)
            try container.encode(joined, forKey: .joined)
            try container.encodeIfPresent(at, forKey: .at)
        case .recordingCompleted(let recording): try container.encode(recording, forKey: .recording)
        case .ignored(let eventType): try container.encode(eventType, forKey: .eventType)
        }
    }

    /// The event's `type` on the wire, e.g. `registered`.
    public var typeName: String {
        switch self {
        case .webinarChanged: "webinar_changed"
        case .webinarTouched: "webinar_touched"
        case .webinarDeleted: "webinar_deleted"
        case .webinarStarted: "webinar_started"
        case .webinarEnded: "webinar_ended"
        case .registered: "registered"
        case .cancelled: "cancelled"
        case .participantActivity: "participant_activity"
        case .recordingCompleted: "recording_completed"
        case .transcriptCompleted: "transcript_completed"
        case .ignored: "ignored"
        }
    }
}
