import ConnectorKit
import Foundation
import Hummingbird
import Testing
import ZoomConnector

@Suite("Zoom webinar snapshots")
struct ZoomSnapshotTests {
    private func date(_ text: String) -> Date {
        (try? Date.ISO8601FormatStyle().parse(text)) ?? .distantPast
    }

    private func snapshot(_ id: String, zoom: ScriptedZoom = ScriptedZoom()) async throws
        -> WebinarSnapshot
    {
        let router = zoom.router()
        FakeZoomAccount.addRoutes(to: router, zoom: zoom)
        return try await ScriptedZoom.serve(router) { port in
            try await ZoomTestConfig.connector(port: port, now: { self.date("2026-03-20T00:00:00Z") })
                .snapshot(webinarID: id)
        }
    }

    @Test("instances carry their actual times from the report, oldest first")
    func instances() async throws {
        let snapshot = try await snapshot("812 3456 7890")
        #expect(snapshot.webinar.id == "81234567890")
        #expect(snapshot.webinar.support == .supported)
        #expect(snapshot.webinar.registrationRequired)
        #expect(
            snapshot.instances == [
                WebinarInstance(
                    uuid: FakeZoomAccount.firstInstance, startTime: date("2026-03-01T16:00:00Z"),
                    endTime: date("2026-03-01T17:00:00Z"), durationSeconds: 3600),
                WebinarInstance(
                    uuid: FakeZoomAccount.secondInstance, startTime: date("2026-03-08T16:00:00Z"),
                    endTime: date("2026-03-08T16:30:00Z"), durationSeconds: 1800),
            ])
        #expect(snapshot.problems.isEmpty)
    }

    @Test("registrations of every status are read across pages; the REST API has no cancellations")
    func registrations() async throws {
        let zoom = ScriptedZoom()
        let snapshot = try await snapshot("81234567890", zoom: zoom)
        #expect(
            snapshot.registrations.map { "\($0.email) \($0.status.rawValue)" } == [
                "ada@example.com approved", "bob@example.com approved", "carol@example.com approved",
                "dan@example.com pending", "eve@example.com denied",
            ])
        #expect(snapshot.registrations.first?.registeredAt == date("2026-02-20T09:00:00Z"))
        #expect(snapshot.cancellations.isEmpty)
        let registrantCalls = zoom.apiRequests.filter {
            $0.path == "/v2/webinars/81234567890/registrants"
        }
        #expect(
            registrantCalls.map { $0.query["status"] ?? "" } == [
                "approved", "approved", "pending", "denied",
            ])
    }

    @Test("sessions merge per person and instance, overlaps once, percent capped at 100")
    func attendanceMerging() async throws {
        let snapshot = try await snapshot("81234567890")
        let first = snapshot.attendance.filter { $0.instanceUUID == FakeZoomAccount.firstInstance }
        #expect(first.map(\.email) == ["ada@example.com", "carol@example.com", "host@example.com"])
        let ada = try #require(first.first)
        #expect(ada.sessions.count == 3)
        #expect(ada.totalSeconds == 45 * 60)  // 16:00–16:30 (two overlapping rows) + 16:45–17:00
        #expect(ada.percentOfWebinar == 75)
        #expect(ada.firstJoinedAt == date("2026-03-01T16:00:00Z"))
        #expect(ada.lastLeftAt == date("2026-03-01T17:00:00Z"))
        #expect(ada.emailSource == .participant)
        #expect(ada.registrantID == "reg-ada")

        let second = snapshot.attendance.filter { $0.instanceUUID == FakeZoomAccount.secondInstance }
        #expect(second.map(\.email) == ["ada@example.com", "bob@example.com"])
        #expect(second.first?.totalSeconds == 42 * 60)
        #expect(second.first?.percentOfWebinar == 100)  // stayed longer than the 30-minute instance
        #expect(second.last?.percentOfWebinar == 100)
        // Bob's waiting-room row in the first instance is not attendance.
        #expect(!first.contains { $0.email == "bob@example.com" })
    }

    @Test("a guest without email is matched to its registration; unmatched guests are reported once")
    func guestMatching() async throws {
        let snapshot = try await snapshot("81234567890")
        let carol = try #require(snapshot.attendance.first { $0.email == "carol@example.com" })
        #expect(carol.emailSource == .registrant)
        #expect(carol.registrantID == "reg-carol")
        #expect(carol.name == "Carol")
        #expect(carol.totalSeconds == 30 * 60)
        #expect(carol.percentOfWebinar == 50)
        #expect(snapshot.unmatchedParticipants.map(\.name) == ["Mystery Guest", "Stranger"])
        #expect(snapshot.unmatchedParticipants[0].reason.contains("without an email"))
        #expect(snapshot.unmatchedParticipants[1].reason.contains("reg-zzz"))
    }

    @Test("the latest instance's recording and its WebVTT transcript are read")
    func recordingAndTranscript() async throws {
        let zoom = ScriptedZoom()
        let snapshot = try await snapshot("81234567890", zoom: zoom)
        let recording = try #require(snapshot.recording)
        #expect(recording.state == .completed)
        #expect(recording.instanceUUID == FakeZoomAccount.secondInstance)
        #expect(recording.shareURL == "https://zoom.us/rec/share/launch")
        #expect(recording.files.map(\.fileType) == ["MP4", "TRANSCRIPT"])
        #expect(snapshot.transcript?.webVTT == FakeZoomAccount.transcript)
        let download = try #require(zoom.received.first { $0.path == "/rec/download/f-2" })
        #expect(download.authorization?.hasPrefix("Bearer token-") == true)
    }

    @Test("instance UUIDs are double-encoded only when they begin with / or contain //")
    func uuidEncoding() async throws {
        let zoom = ScriptedZoom()
        _ = try await snapshot("81234567890", zoom: zoom)
        let paths = zoom.apiRequests.map(\.path)
        #expect(paths.contains("/v2/report/webinars/%252Ffirst%252F%252Fuuid%253D%253D"))
        #expect(paths.contains("/v2/report/webinars/%252Ffirst%252F%252Fuuid%253D%253D/participants"))
        #expect(paths.contains("/v2/report/webinars/plain%2FUUID%2Bx%3D%3D"))
        #expect(paths.contains("/v2/meetings/plain%2FUUID%2Bx%3D%3D/recordings"))
        // Registrants and instances take the numeric id.
        #expect(paths.contains("/v2/past_webinars/81234567890/instances"))
    }

    @Test("a Zoom Events webinar is marked unsupported and nothing else is read")
    func zoomEvents() async throws {
        let zoom = ScriptedZoom()
        let snapshot = try await snapshot(FakeZoomAccount.zoomEventsID, zoom: zoom)
        guard case .unsupported(let reason) = snapshot.webinar.support else {
            Issue.record("expected an unsupported webinar")
            return
        }
        #expect(reason.contains("Zoom Events"))
        #expect(snapshot.registrations.isEmpty && snapshot.attendance.isEmpty)
        #expect(zoom.apiRequests.map(\.path) == ["/v2/webinars/\(FakeZoomAccount.zoomEventsID)"])
    }

    @Test("an expired webinar Zoom no longer lists is rebuilt from its last report")
    func expiredWebinar() async throws {
        let snapshot = try await snapshot(FakeZoomAccount.expiredID)
        #expect(snapshot.webinar.id == FakeZoomAccount.expiredID)
        #expect(snapshot.webinar.topic == "Launch")
        #expect(snapshot.instances.count == 2)
        #expect(!snapshot.attendance.isEmpty)
        #expect(snapshot.problems.count == 1)
        #expect(snapshot.problems.first?.contains("no longer lists") == true)
    }

    @Test("an unknown webinar is not found; a malformed id is invalid input")
    func unknownAndInvalid() async throws {
        let missing = await #expect(throws: ConnectorError.self) {
            try await self.snapshot("89999999999")
        }
        #expect(missing?.kind == .notFound)
        #expect(missing?.sourceCode == 3001)
        let offline = try ZoomTestConfig.connector(port: 9)  // no server: nothing may be sent
        let invalid = await #expect(throws: ConnectorError.self) {
            try await offline.snapshot(webinarID: "launch-1")
        }
        #expect(invalid?.kind == .invalidInput)
    }
}
