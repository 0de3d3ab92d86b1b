import ConnectorKit
import Foundation
import Testing
import ZoomConnector

@Suite("Zoom webhook decoding")
struct ZoomWebhookDecodingTests {
    private func decode(_ body: Data) async throws -> SourceEvent {
        let events = try await ZoomTestConfig.connector(port: 9).decodeWebhook(body)
        try #require(events.count == 1)
        return events[0]
    }

    @Test("webinar.created carries the webinar (numeric id)")
    func created() async throws {
        guard case .webinarChanged(let webinar) = try await decode(WebhookFixtures.created) else {
            Issue.record("expected webinarChanged")
            return
        }
        #expect(webinar.id == "81234567890")
        #expect(webinar.topic == "Launch")
        #expect(webinar.hostID == "x1yCzABCDEfg23HiJKl4mN")
        #expect(webinar.startTime == Date(timeIntervalSince1970: 1_775_059_200))
        #expect(webinar.durationMinutes == 60)
        #expect(webinar.joinURL == "https://zoom.us/w/81234567890")
        #expect(webinar.support == .supported)
    }

    @Test("webinar.updated and a deleted occurrence touch the webinar; webinar.deleted deletes it")
    func updatedAndDeleted() async throws {
        #expect(try await decode(WebhookFixtures.updated) == .webinarTouched(webinarID: "81234567890"))
        #expect(try await decode(WebhookFixtures.deleted()) == .webinarDeleted(webinarID: "81234567890"))
        #expect(
            try await decode(WebhookFixtures.deleted(occurrence: true))
                == .webinarTouched(webinarID: "81234567890"))
    }

    @Test("webinar.started and webinar.ended (string id) name the instance")
    func lifecycle() async throws {
        #expect(
            try await decode(WebhookFixtures.lifecycle("webinar.started"))
                == .webinarStarted(webinarID: "81234567890", instanceUUID: "/AbC//dEf=="))
        #expect(
            try await decode(WebhookFixtures.lifecycle("webinar.ended"))
                == .webinarEnded(webinarID: "81234567890", instanceUUID: "/AbC//dEf=="))
    }

    @Test("registration created, approved and cancelled become registrations and a cancellation")
    func registrations() async throws {
        let at = Date(timeIntervalSince1970: 1_775_059_200)
        guard
            case .registered(let created) = try await decode(
                WebhookFixtures.registration("webinar.registration_created", status: "pending"))
        else {
            Issue.record("expected registered")
            return
        }
        #expect(
            created
                == Registration(
                    webinarID: "81234567890", registrantID: "reg-1", email: "ada@example.com",
                    firstName: "Ada", lastName: "Lovelace", status: .pending, registeredAt: at,
                    joinURL: "https://zoom.us/w/81234567890?tk=abc"))
        guard
            case .registered(let approved) = try await decode(
                WebhookFixtures.registration("webinar.registration_approved", status: nil))
        else {
            Issue.record("expected registered")
            return
        }
        #expect(approved.status == .approved)
        #expect(
            try await decode(
                WebhookFixtures.registration("webinar.registration_cancelled", status: nil, joinURL: false))
                == .cancelled(
                    Cancellation(
                        webinarID: "81234567890", registrantID: "reg-1", email: "ada@example.com",
                        cancelledAt: at)))
    }

    @Test("participant joined and left (string id); a guest's empty email becomes nil")
    func participants() async throws {
        #expect(
            try await decode(
                WebhookFixtures.participant("webinar.participant_joined", email: "ada@example.com"))
                == .participantActivity(
                    webinarID: "81234567890", instanceUUID: "4444AAAiAAAAAiAiAiiAii==",
                    email: "ada@example.com", joined: true,
                    at: Date(timeIntervalSince1970: 1_775_059_260)))
        #expect(
            try await decode(WebhookFixtures.participant("webinar.participant_left", email: ""))
                == .participantActivity(
                    webinarID: "81234567890", instanceUUID: "4444AAAiAAAAAiAiAiiAii==", email: nil,
                    joined: false, at: Date(timeIntervalSince1970: 1_775_061_660)))
    }

    @Test("recording.completed carries the recording; transcript_completed names the instance")
    func recordings() async throws {
        guard
            case .recordingCompleted(let recording) = try await decode(
                WebhookFixtures.recording("recording.completed"))
        else {
            Issue.record("expected recordingCompleted")
            return
        }
        #expect(recording.webinarID == "81234567890")
        #expect(recording.instanceUUID == "4444AAAiAAAAAiAiAiiAii==")
        #expect(recording.state == .completed)
        #expect(recording.shareURL == "https://zoom.us/rec/share/abc")
        #expect(recording.files.map(\.fileType) == ["MP4"])
        #expect(recording.files.first?.sizeBytes == 7220)
        guard
            case .recordingCompleted(let processing) = try await decode(
                WebhookFixtures.recording("recording.completed", fileStatus: "processing"))
        else {
            Issue.record("expected recordingCompleted")
            return
        }
        #expect(processing.state == .processing)
        #expect(
            try await decode(WebhookFixtures.recording("recording.transcript_completed"))
                == .transcriptCompleted(webinarID: "81234567890", instanceUUID: "4444AAAiAAAAAiAiAiiAii=="))
    }

    @Test("meeting recordings and unknown events are ignored; a broken body is malformed data")
    func ignoredAndMalformed() async throws {
        #expect(
            try await decode(WebhookFixtures.recording("recording.completed", type: 2))
                == .ignored(eventType: "recording.completed"))
        #expect(
            try await decode(
                Data(#"{"event":"meeting.started","payload":{"account_id":"acct-1","object":{}}}"#.utf8))
                == .ignored(eventType: "meeting.started"))
        let error = await #expect(throws: ConnectorError.self) {
            try await decode(
                Data(#"{"event":"webinar.ended","payload":{"account_id":"acct-1","object":{}}}"#.utf8))
        }
        #expect(error?.kind == .malformedData)
        #expect(error?.message.contains("id") == true)
    }
}
