import ConnectorKit
import Foundation
import Testing

@testable import SyncEngine

@Suite("Webhook events: applied from what they carry, snapshot only where needed")
struct WebhookApplicationTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    var webinar: Webinar { Webinar(id: "81234567890", topic: "Launch", hostID: "h1") }
    func registration(_ email: String, at: Date) -> Registration {
        Registration(webinarID: "81234567890", email: email, status: .approved, registeredAt: at)
    }

    @Test("registrations and cancellations of a known webinar become an incremental snapshot, in order")
    func incremental() {
        let events: [SourceEvent] = [
            .registered(registration("a@example.org", at: t0)),
            .cancelled(Cancellation(webinarID: "81234567890", email: "a@example.org", cancelledAt: t0 + 0.01)),
            .participantActivity(webinarID: "81234567890", instanceUUID: nil, email: "b@example.org", joined: true, at: t0),
        ]
        guard case .incremental(let snapshot) = WebhookApplication.decide(events: events, known: webinar, now: t0) else {
            Issue.record("expected an incremental application")
            return
        }
        #expect(snapshot.registrations.map(\.email) == ["a@example.org"])
        #expect(snapshot.cancellations.map(\.email) == ["a@example.org"])
        #expect(snapshot.attendance.isEmpty)
    }

    @Test("live activity alone writes nothing; an end, a recording, an update or an unknown webinar takes a snapshot")
    func whenToSnapshot() {
        let live: [SourceEvent] = [
            .webinarStarted(webinarID: "81234567890", instanceUUID: "u"),
            .participantActivity(webinarID: "81234567890", instanceUUID: "u", email: "b@example.org", joined: true, at: t0),
        ]
        #expect(WebhookApplication.decide(events: live, known: webinar, now: t0) == .nothing)
        #expect(WebhookApplication.decide(events: [.webinarChanged(webinar)], known: webinar, now: t0) == .nothing)
        let snapshot = WebhookApplication.snapshot(registrations: [], cancellations: [])
        #expect(WebhookApplication.decide(events: [.webinarChanged(webinar)], known: nil, now: t0) == snapshot)
        for event: SourceEvent in [
            .webinarEnded(webinarID: "81234567890", instanceUUID: "u"), .webinarTouched(webinarID: "81234567890"),
            .transcriptCompleted(webinarID: "81234567890", instanceUUID: "u"),
        ] {
            #expect(WebhookApplication.decide(events: live + [event], known: webinar, now: t0) == snapshot)
        }
        let registered = registration("a@example.org", at: t0)
        #expect(
            WebhookApplication.decide(events: [.registered(registered)], known: nil, now: t0)
                == .snapshot(registrations: [registered], cancellations: []))
    }

    @Test(
        "a completed recording alone of a known webinar is applied as it came; processing, unknown, or beside a registration takes a snapshot"
    )
    func recordingFromItsWebhook() {
        let completed = Recording(
            webinarID: "81234567890", instanceUUID: "u", state: .completed, startTime: t0, shareURL: "https://zoom.test/rec/1")
        let live: SourceEvent = .participantActivity(
            webinarID: "81234567890", instanceUUID: "u", email: "b@example.org", joined: false, at: t0)
        #expect(
            WebhookApplication.decide(events: [live, .recordingCompleted(completed)], known: webinar, now: t0)
                == .incremental(WebinarSnapshot(webinar: webinar, recording: completed, takenAt: t0)))
        var processing = completed
        processing.state = .processing
        let snapshot = WebhookApplication.snapshot(registrations: [], cancellations: [])
        #expect(WebhookApplication.decide(events: [.recordingCompleted(processing)], known: webinar, now: t0) == snapshot)
        #expect(WebhookApplication.decide(events: [.recordingCompleted(completed)], known: nil, now: t0) == snapshot)
        let registered = registration("a@example.org", at: t0)
        #expect(
            WebhookApplication.decide(events: [.registered(registered), .recordingCompleted(completed)], known: webinar, now: t0)
                == .snapshot(registrations: [registered], cancellations: []))
    }

    @Test(
        "a transcript of a known webinar, alone or with its recording, is read on its own from a connector that can; else a snapshot"
    )
    func transcriptFromItsRecording() {
        let completed = Recording(
            webinarID: "81234567890", instanceUUID: "u", state: .completed, startTime: t0, shareURL: "https://zoom.test/rec/1")
        let transcript: SourceEvent = .transcriptCompleted(webinarID: "81234567890", instanceUUID: "u")
        let snapshot = WebhookApplication.snapshot(registrations: [], cancellations: [])
        #expect(
            WebhookApplication.decide(events: [transcript], known: webinar, now: t0, fetchesRecordings: true)
                == .recording(webinar, instanceUUID: "u"))
        #expect(
            WebhookApplication.decide(
                events: [.recordingCompleted(completed), transcript, transcript], known: webinar, now: t0, fetchesRecordings: true)
                == .recording(webinar, instanceUUID: "u"))
        #expect(
            WebhookApplication.decide(
                events: [.transcriptCompleted(webinarID: "81234567890", instanceUUID: nil), .recordingCompleted(completed)],
                known: webinar, now: t0, fetchesRecordings: true) == .recording(webinar, instanceUUID: "u"))
        // Without the capability, unknown, beside a registration, an end, or two occurrences: a snapshot.
        #expect(WebhookApplication.decide(events: [transcript], known: webinar, now: t0) == snapshot)
        #expect(WebhookApplication.decide(events: [transcript], known: nil, now: t0, fetchesRecordings: true) == snapshot)
        let registered = registration("a@example.org", at: t0)
        #expect(
            WebhookApplication.decide(events: [.registered(registered), transcript], known: webinar, now: t0, fetchesRecordings: true)
                == .snapshot(registrations: [registered], cancellations: []))
        #expect(
            WebhookApplication.decide(
                events: [.webinarEnded(webinarID: "81234567890", instanceUUID: "u"), transcript], known: webinar, now: t0,
                fetchesRecordings: true) == snapshot)
        #expect(
            WebhookApplication.decide(
                events: [transcript, .transcriptCompleted(webinarID: "81234567890", instanceUUID: "v")], known: webinar, now: t0,
                fetchesRecordings: true) == snapshot)
    }

    @Test("a fresh snapshot gets the webhooks' registration when it lists the person as denied, and their cancellation")
    func merge() {
        var snapshot = WebinarSnapshot(
            webinar: webinar,
            registrations: [
                Registration(webinarID: "81234567890", email: "A@example.org", status: .denied, registeredAt: t0),
                registration("b@example.org", at: t0),
            ], takenAt: t0)
        let cancellation = Cancellation(webinarID: "81234567890", email: "a@example.org", cancelledAt: t0 + 1)
        WebhookApplication.merge(
            into: &snapshot, registrations: [registration("a@example.org", at: t0), registration("b@example.org", at: t0 + 5)],
            cancellations: [cancellation])
        #expect(snapshot.registrations.map(\.email).sorted() == ["a@example.org", "b@example.org"])
        #expect(snapshot.registrations.allSatisfy { $0.status == .approved })
        #expect(snapshot.registrations.first { $0.email == "b@example.org" }?.registeredAt == t0)
        #expect(snapshot.cancellations == [cancellation])
    }

    @Test("a person in several webinars is one contact: the last plan's totals, every plan's names and business units")
    func mergedContacts() {
        let first = PlannedContact(
            email: "a@example.org", existingID: "7",
            properties: ["firstname": "Ada", "total": "1", PlanExecutor.businessUnitsProperty: "0;12"])
        let second = PlannedContact(
            email: "a@example.org", existingID: nil, properties: ["total": "2", PlanExecutor.businessUnitsProperty: "3411"])
        let other = PlannedContact(email: "b@example.org", existingID: nil, properties: ["total": "1"])
        let merged = PlanExecutor.merged([first, other, second])
        #expect(merged.map(\.email) == ["a@example.org", "b@example.org"])
        #expect(merged[0].existingID == "7")
        #expect(merged[0].properties == ["firstname": "Ada", "total": "2", PlanExecutor.businessUnitsProperty: "0;12;3411"])
    }
}
