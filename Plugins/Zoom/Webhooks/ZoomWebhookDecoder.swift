import ConnectorKit
import Foundation
import SwitchyardJSON

/// Decodes verified Zoom webhook bodies into normalized ``SourceEvent``s.
enum ZoomWebhookDecoder {
    /// The webinar events the connector turns into records; others are `.ignored`.
    static let handledEvents: Set<String> = [
        "webinar.created", "webinar.updated", "webinar.deleted", "webinar.started", "webinar.ended",
        "webinar.registration_created", "webinar.registration_approved", "webinar.registration_denied",
        "webinar.registration_cancelled", "webinar.participant_joined", "webinar.participant_left",
        "recording.completed", "recording.transcript_completed",
    ]

    /// Zoom's `type` values of webinars (5 webinar, 6 and 9 recurring); recordings of meetings
    /// have other types and are ignored.
    static let webinarTypes: Set<Int> = [5, 6, 9]

    /// Decodes one body.
    static func decode(_ body: Data) throws -> [SourceEvent] {
        let head = try ZoomWebhookHead.read(body)
        guard handledEvents.contains(head.event) else { return [.ignored(eventType: head.event)] }
        if head.event.hasPrefix("recording.") {
            return [try recordingEvent(head.event, body)]
        }
        let event = try parse(ZoomWebhookBody<ZoomWebinarEventObject>.self, body)
        let object = event.payload.object
        let id = object.id.value
        switch head.event {
        case "webinar.created":
            return [.webinarChanged(webinar(object))]
        case "webinar.updated":
            return [.webinarTouched(webinarID: id)]
        case "webinar.deleted":
            // Deleting one occurrence of a recurring webinar leaves the webinar.
            let occurrenceOnly =
                event.payload.operation == "single" && !(object.occurrences ?? []).isEmpty
            return [occurrenceOnly ? .webinarTouched(webinarID: id) : .webinarDeleted(webinarID: id)]
        case "webinar.started":
            return [.webinarStarted(webinarID: id, instanceUUID: object.uuid)]
        case "webinar.ended":
            return [.webinarEnded(webinarID: id, instanceUUID: object.uuid)]
        case "webinar.registration_created", "webinar.registration_approved":
            let registrant = try require(object.registrant, "payload.object.registrant", head.event)
            // `registration_created` says approved or pending; `registration_approved` says nothing.
            var registration = ZoomRecords.registration(registrant, webinarID: id, status: .approved)
            registration.registeredAt = registration.registeredAt ?? event.occurredAt
            return [.registered(registration)]
        case "webinar.registration_denied":
            let registrant = try require(object.registrant, "payload.object.registrant", head.event)
            var registration = ZoomRecords.registration(registrant, webinarID: id, status: .denied)
            registration.status = .denied
            registration.registeredAt = registration.registeredAt ?? event.occurredAt
            return [.registered(registration)]
        case "webinar.registration_cancelled":
            let registrant = try require(object.registrant, "payload.object.registrant", head.event)
            return [
                .cancelled(
                    Cancellation(
                        webinarID: id, registrantID: registrant.id, email: registrant.email ?? "",
                        cancelledAt: event.occurredAt))
            ]
        default:  // webinar.participant_joined / webinar.participant_left
            let participant = try require(object.participant, "payload.object.participant", head.event)
            let joined = head.event == "webinar.participant_joined"
            return [
                .participantActivity(
                    webinarID: id, instanceUUID: object.uuid, email: nonEmpty(participant.email),
                    joined: joined,
                    at: ZoomDate.parse(joined ? participant.joinTime : participant.leaveTime)
                        ?? event.occurredAt)
            ]
        }
    }

    private static func recordingEvent(_ name: String, _ body: Data) throws -> SourceEvent {
        let event = try parse(ZoomWebhookBody<ZoomRecordingDTO>.self, body)
        let object = event.payload.object
        guard let type = object.type.flatMap({ Int($0.value) }), webinarTypes.contains(type),
            let id = object.id?.value
        else {
            return .ignored(eventType: name)  // a meeting's recording
        }
        if name == "recording.transcript_completed" {
            return .transcriptCompleted(webinarID: id, instanceUUID: object.uuid)
        }
        return .recordingCompleted(ZoomRecords.recording(object, webinarID: id))
    }

    private static func webinar(_ object: ZoomWebinarEventObject) -> Webinar {
        let zoomEvents = ZoomRecords.isZoomEvents(
            joinURL: object.joinUrl, registrationURL: object.registrationUrl)
        return Webinar(
            id: object.id.value, topic: object.topic ?? "", hostID: object.hostId ?? "",
            startTime: ZoomDate.parse(object.startTime), durationMinutes: object.duration,
            timezone: object.timezone, joinURL: object.joinUrl,
            registrationURL: nonEmpty(object.registrationUrl),
            support: zoomEvents ? .unsupported(reason: ZoomRecords.zoomEventsReason) : .supported)
    }

    private static func parse<Value: Decodable>(_ type: Value.Type, _ body: Data) throws -> Value {
        try ZoomJSON.decode(type, from: body, operation: "decode the Zoom webhook")
    }

    private static func require<Value>(_ value: Value?, _ field: String, _ event: String) throws
        -> Value
    {
        guard let value else {
            throw ConnectorError(.malformedData, "The Zoom \(event) webhook has no \(field).")
        }
        return value
    }

    private static func nonEmpty(_ text: String?) -> String? {
        text.flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension ZoomWebhookHead {
    /// The head of `body`, read by a byte walk over the whole document (valid JSON only, as with
    /// `JSONDecoder`): every drained event is decoded again in full afterwards, so the head needs
    /// no decoder of its own; `JSONDecoder` when the walk cannot read it, which says what is wrong.
    static func read(_ body: Data) throws -> Self {
        let event = try? JSONByteReader.read(body) { reader -> String? in
            var event: String?
            try reader.object { reader, key in
                if keyIs(key, "event") { event = try reader.string() } else { try reader.skip() }
            }
            return event
        }
        if let event = event ?? nil { return Self(event: event) }
        return try ZoomJSON.decode(Self.self, from: body, operation: "decode the Zoom webhook")
    }
}
