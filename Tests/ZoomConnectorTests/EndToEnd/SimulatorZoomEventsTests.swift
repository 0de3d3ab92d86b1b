import ConnectorKit
import Foundation
import Sandbox
import Testing
import ZoomConnector

@Suite("Zoom connector against the simulator: Zoom Events from Zoom's Events API")
struct SimulatorZoomEventsTests {
    /// Has a Zoom Events license, an event with a webinar session and an events.zoom.us webinar.
    static let licensed = "nwAccount0001"
    /// Has no Zoom Events license.
    static let unlicensed = "nwEmeaAccount01"

    static func reason(_ webinar: Webinar?) -> String? {
        guard case .unsupported(let reason) = webinar?.support else { return nil }
        return reason
    }

    static func eventsRequests(_ harness: SimulatorHarness) -> [RecordedRequest] {
        harness.simulator.requestLog.all.filter { $0.path.hasPrefix("/v2/zoom_events/") }
    }

    @Test("a webinar that is a session of a Zoom Event is unsupported, naming the event and session")
    func eventSessionIsUnsupported() async throws {
        try await SimulatorHarness.run { harness in
            let connector = try harness.connector(Self.licensed)
            let sessionID = String(try harness.notable("zoomEventSession"))
            let linksID = String(try harness.notable("zoomEvents"))
            let data = try harness.account(Self.licensed)
            let sessionData = try #require(data.webinars.first { String($0.id) == sessionID })
            try #require(!sessionData.instances.isEmpty && !sessionData.registrants.isEmpty)

            let listed = try await connector.listWebinars()
            let session = try #require(listed.first { $0.id == sessionID })
            #expect(session.joinURL?.hasPrefix("https://zoom.us/") == true, "its links look ordinary")
            #expect(
                Self.reason(session)
                    == "This webinar belongs to the Zoom Event 'Partner Summit 2026' (session 'Keynote'); Zoom Events webinars are not supported, so it is not synced."
            )
            #expect(Self.reason(listed.first { $0.id == linksID })?.contains("events.zoom.us") == true)

            harness.simulator.requestLog.clear()
            let snapshot = try await connector.snapshot(webinarID: sessionID)
            #expect(Self.reason(snapshot.webinar)?.contains("'Partner Summit 2026'") == true)
            #expect(snapshot.registrations.isEmpty && snapshot.attendance.isEmpty)
            #expect(snapshot.recording == nil)
            let paths = harness.simulator.requestLog.all.map(\.path)
            #expect(paths == ["/v2/webinars/\(sessionID)"], "the cached events decide; nothing else is read")
        }
    }

    @Test("the Zoom Events are read once, cached for 10 minutes, then read again")
    func eventsAreCached() async throws {
        try await SimulatorHarness.run { harness in
            let connector = try harness.connector(Self.licensed)
            _ = try await connector.listWebinars()
            let first = Self.eventsRequests(harness)
            #expect(first.map(\.status) == [200, 200, 200])
            let lists = first.filter { $0.path == "/v2/zoom_events/events" }
            #expect(lists.count == 2 && lists.allSatisfy { $0.query.contains("role_type=host") })
            #expect(first.contains { $0.query.contains("event_status_type=upcoming") })
            #expect(first.contains { $0.query.contains("event_status_type=past") })
            #expect(first.filter { $0.path.hasSuffix("/sessions") }.count == 1)

            _ = try await connector.listWebinars()
            let ordinary = try #require(
                try harness.account(Self.licensed).webinars.first { !$0.isZoomEvents && !$0.instances.isEmpty })
            _ = try await connector.snapshot(webinarID: String(ordinary.id))
            #expect(Self.eventsRequests(harness).count == 3, "a second listing and a snapshot reuse the cache")

            harness.clock.advance(.seconds(11 * 60))
            let again = try await connector.listWebinars()
            #expect(Self.eventsRequests(harness).count == 6, "after 10 minutes the events are read again")
            let sessionID = String(try harness.notable("zoomEventSession"))
            #expect(Self.reason(again.first { $0.id == sessionID }) != nil)
        }
    }

    @Test("an account without the Zoom Events license still lists its webinars and logs it once at info")
    func unlicensedAccount() async throws {
        try await SimulatorHarness.run { harness in
            let logs = CapturedLogs()
            let connector = try harness.connector(Self.unlicensed, logger: logs.logger)
            let data = try harness.account(Self.unlicensed)
            #expect(!data.zoomEventsLicensed)

            let listed = try await connector.listWebinars()
            #expect(!listed.isEmpty)
            #expect(listed.allSatisfy { $0.support == .supported })
            _ = try await connector.listWebinars()
            let requests = Self.eventsRequests(harness)
            #expect(requests.map(\.status) == [400], "refused once, and the refusal is cached")
            let notices = logs.lines.filter { $0.message.contains("no Zoom Events access") }
            #expect(notices.map(\.level) == [.info])
            #expect(logs.lines.allSatisfy { $0.level < .warning })
        }
    }

    @Test("when the Events API keeps failing, the links alone decide and a warning is logged")
    func failingEventsAPI() async throws {
        try await SimulatorHarness.run { harness in
            let logs = CapturedLogs()
            let connector = try harness.connector(Self.licensed, logger: logs.logger)
            harness.simulator.faults.update(FaultPlan(serverErrorRate: 1, onlyPathsContaining: "zoom_events"))

            let listed = try await connector.listWebinars()
            let sessionID = String(try harness.notable("zoomEventSession"))
            #expect(listed.first { $0.id == sessionID }?.support == .supported)
            let linksID = String(try harness.notable("zoomEvents"))
            #expect(Self.reason(listed.first { $0.id == linksID }) != nil)
            #expect(Self.eventsRequests(harness).count == 4, "retried like every other call")
            #expect(logs.lines.contains { $0.level == .warning && $0.message.contains("Zoom Events") })

            harness.simulator.faults.update(.none)
            harness.clock.advance(.seconds(61))
            let recovered = try await connector.listWebinars()
            #expect(Self.reason(recovered.first { $0.id == sessionID }) != nil)
        }
    }

    @Test("register_contact refuses a Zoom Event session webinar, naming the event, and posts nothing")
    func registerRefused() async throws {
        try await SimulatorHarness.run { harness in
            let sessionID = String(try harness.notable("zoomEventSession"))
            let connector = try harness.connector(Self.licensed)
            let error = await #expect(throws: ConnectorError.self) {
                try await connector.perform(
                    ActionRequest(
                        action: "register_contact",
                        inputs: ["webinar_id": sessionID, "first_name": "Grace", "email": "grace@example.org"]))
            }
            #expect(error?.kind == .unsupported)
            #expect(error?.message.contains("the Zoom Event 'Partner Summit 2026'") == true)
            #expect(!harness.simulator.requestLog.all.contains { $0.method == "POST" && $0.path.hasPrefix("/v2/") })
        }
    }

    @Test("webinar.created for a Zoom Event session webinar decodes as unsupported from the cached events")
    func webhookWebinarIsMarked() async throws {
        try await SimulatorHarness.run { harness in
            let sessionID = String(try harness.notable("zoomEventSession"))
            let connector = try harness.connector(Self.licensed)
            _ = try await connector.listWebinars()
            harness.simulator.requestLog.clear()
            let body =
                #"{"event":"webinar.created","event_ts":1775059200000,"payload":{"account_id":"\#(Self.licensed)","operator":"host@example.com","operation":"single","object":{"uuid":"4444AAAiAAAAAiAiAiiAii==","id":\#(sessionID),"host_id":"x1yCzABCDEfg23HiJKl4mN","topic":"Keynote","type":5,"start_time":"2026-04-01T16:00:00Z","duration":60,"timezone":"UTC","join_url":"https://zoom.us/w/\#(sessionID)"}}}"#
            let events = try await connector.decodeWebhook(Data(body.utf8))
            guard case .webinarChanged(let webinar) = try #require(events.first) else {
                Issue.record("expected webinarChanged, got \(events)")
                return
            }
            #expect(Self.reason(webinar)?.contains("'Partner Summit 2026' (session 'Keynote')") == true)
            #expect(harness.simulator.requestLog.all.isEmpty, "decoding never calls Zoom")
        }
    }
}
