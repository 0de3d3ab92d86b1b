import Foundation
import Sandbox
import Testing

@Suite("Zoom Events API of the simulator")
struct ZoomEventsTests {
    static let configuration = ZoomSimulatorConfiguration(now: { zoomTestReferenceDate })

    /// The primary account (licensed, with the scenario's event) and another (unlicensed).
    static func accounts() throws -> (licensed: ZoomAccountData, unlicensed: ZoomAccountData, all: [ZoomAccountData]) {
        let all = zoomTestScenario().zoomAccounts
        let licensed = try #require(all.first { $0.zoomEventsLicensed })
        let unlicensed = try #require(all.first { !$0.zoomEventsLicensed })
        return (licensed, unlicensed, all)
    }

    @Test("the scenario's event has a webinar session whose webinar has ordinary links")
    func scenarioEvent() throws {
        let scenario = zoomTestScenario()
        let tenant = scenario.tenants[0]
        let sessionID = try #require(tenant.notableWebinars["zoomEventSession"])
        let account = try #require(scenario.zoomAccounts.first { $0.zoomEventsLicensed })
        let event = try #require(account.events.first)
        #expect(event.sessions.contains { $0.kind == .webinar && $0.zoomID == sessionID })
        let webinar = try #require(account.webinars.first { $0.id == sessionID })
        #expect(webinar.isZoomEvents && !webinar.hasEventsLinks && !webinar.instances.isEmpty)
        #expect(zoomTestScenario().zoomAccounts == scenario.zoomAccounts, "the same seed gives the same event")
    }

    @Test("hosted events are listed by status with the spec's fields; attendees see none")
    func listEvents() async throws {
        let (licensed, _, all) = try Self.accounts()
        let event = try #require(licensed.events.first)
        try await withZoomSandbox(accounts: all, configuration: Self.configuration) { zoom in
            let token = try await zoom.bearer(for: licensed.credentials)
            let past = try await zoom.get(
                "/v2/zoom_events/events?role_type=host&event_status_type=past&page_size=300", token: token)
            #expect(past.status == 200)
            #expect(past.headers["x-ratelimit-category"] == "Light")
            #expect(past.json["total_records"] as? Int == 1)
            #expect(past.json["next_page_token"] as? String == "")
            let listed = try #require((past.json["events"] as? [[String: Any]])?.first)
            #expect(listed["event_id"] as? String == event.eventID)
            #expect(listed["name"] as? String == "Partner Summit 2026")
            #expect(listed["event_type"] as? String == "CONFERENCE")
            #expect(listed["status"] as? String == "PUBLISHED")
            #expect(listed["start_time"] as? String == event.startTime.formatted(.iso8601))

            let upcoming = try await zoom.get(
                "/v2/zoom_events/events?role_type=host&event_status_type=upcoming", token: token)
            #expect((upcoming.json["events"] as? [Any])?.isEmpty == true)
            let attendee = try await zoom.get("/v2/zoom_events/events?event_status_type=past", token: token)
            #expect(attendee.status == 200 && (attendee.json["events"] as? [Any])?.isEmpty == true)
            let draftAsAttendee = try await zoom.get(
                "/v2/zoom_events/events?role_type=attendee&event_status_type=draft", token: token)
            #expect(draftAsAttendee.status == 400 && draftAsAttendee.json["code"] as? Int == 300)
        }
    }

    @Test("events page with next_page_token")
    func paging() async throws {
        var (account, _, _) = try Self.accounts()
        let template = try #require(account.events.first)
        account.events = (1...5).map { index in
            var event = template
            event.eventID = "event-\(index)"
            event.name = "Event \(index)"
            return event
        }
        let licensed = account
        try await withZoomSandbox(accounts: [licensed], configuration: Self.configuration) { zoom in
            let token = try await zoom.bearer(for: licensed.credentials)
            var names: [String] = []
            var next = ""
            var pages = 0
            repeat {
                let page = try await zoom.get(
                    "/v2/zoom_events/events?role_type=host&event_status_type=past&page_size=2&next_page_token=\(next)",
                    token: token)
                #expect(page.status == 200 && page.json["total_records"] as? Int == 5)
                names += (page.json["events"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                next = try #require(page.json["next_page_token"] as? String)
                pages += 1
            } while !next.isEmpty && pages < 10
            #expect(pages == 3)
            #expect(Set(names) == Set((1...5).map { "Event \($0)" }))
        }
    }

    @Test("an event's sessions carry type and webinar_id / meeting_id as numbers; an unknown event is 404 code 2002")
    func sessions() async throws {
        let (licensed, _, all) = try Self.accounts()
        let event = try #require(licensed.events.first)
        try await withZoomSandbox(accounts: all, configuration: Self.configuration) { zoom in
            let token = try await zoom.bearer(for: licensed.credentials)
            let answer = try await zoom.get("/v2/zoom_events/events/\(event.eventID)/sessions", token: token)
            #expect(answer.status == 200)
            #expect(answer.headers["x-ratelimit-category"] == "Light")
            let sessions = try #require(answer.json["sessions"] as? [[String: Any]])
            #expect(answer.json["total_records"] as? Int == sessions.count)
            let webinar = try #require(sessions.first { $0["type"] as? Int == 2 })
            let webinarSession = try #require(event.sessions.first { $0.kind == .webinar })
            #expect((webinar["webinar_id"] as? NSNumber)?.int64Value == webinarSession.zoomID)
            #expect(webinar["name"] as? String == "Keynote")
            #expect(webinar["meeting_id"] == nil)
            #expect(sessions.contains { $0["type"] as? Int == 0 && $0["meeting_id"] is NSNumber })
            #expect(sessions.contains { $0["type"] as? Int == 4 && $0["webinar_id"] == nil })

            let unknown = try await zoom.get("/v2/zoom_events/events/nope/sessions", token: token)
            #expect(unknown.status == 404 && unknown.json["code"] as? Int == 2002)
        }
    }

    @Test("an account without the license is refused: events 400, sessions 403 code 260200")
    func unlicensed() async throws {
        let (licensed, unlicensed, all) = try Self.accounts()
        let event = try #require(licensed.events.first)
        try await withZoomSandbox(accounts: all, configuration: Self.configuration) { zoom in
            let token = try await zoom.bearer(for: unlicensed.credentials)
            let events = try await zoom.get(
                "/v2/zoom_events/events?role_type=host&event_status_type=upcoming", token: token)
            #expect(events.status == 400)
            #expect((events.json["message"] as? String)?.contains("license") == true)
            let sessions = try await zoom.get("/v2/zoom_events/events/\(event.eventID)/sessions", token: token)
            #expect(sessions.status == 403 && sessions.json["code"] as? Int == 260_200)
        }
    }
}
