import Foundation
import Sandbox
import Testing

@Suite("Zoom usage reports of past meetings and webinars; expired webinars")
struct ZoomMeetingReportTests {
    let scenario = zoomTestScenario()

    static func day(_ date: Date) -> String { date.formatted(.iso8601.year().month().day()) }

    @Test("GET /report/users/{userId}/meetings: one month within six months; expired webinars still show; Heavy")
    func meetingReports() async throws {
        let tenant = scenario.tenants[0]
        let account = try #require(tenant.zoomAccounts.first)
        let host = try #require(account.users.first)
        let archived = try #require(tenant.notableWebinars["archived0"])
        let webinar = try #require(account.webinars.first { $0.id == archived })
        let now = zoomTestReferenceDate
        try await withZoomSandbox(accounts: scenario.zoomAccounts, configuration: .init(now: { now })) { zoom in
            let token = try await zoom.bearer(for: account.credentials)
            let start = webinar.instances[0].startTime
            let from = Self.day(start - 5 * 86_400)
            let to = Self.day(start + 20 * 86_400)
            let answer = try await zoom.get("/v2/report/users/\(host.email)/meetings?type=past&from=\(from)&to=\(to)", token: token)
            #expect(answer.status == 200)
            #expect(answer.headers["x-ratelimit-category"] == "Heavy")
            #expect(answer.json["from"] as? String == from)
            let items = try #require(answer.json["meetings"] as? [[String: Any]])
            let item = try #require(items.first { ($0["id"] as? Int64) == archived || ($0["id"] as? Int).map(Int64.init) == archived })
            #expect(item["type"] as? Int == 5)
            #expect(item["uuid"] as? String == webinar.instances[0].uuid)
            #expect((item["participants_count"] as? Int ?? 0) >= 2)

            // Zoom no longer has the webinar itself: it expired 30 days after it ran.
            let details = try await zoom.get("/v2/webinars/\(archived)", token: token)
            #expect(details.status == 404)
            #expect(details.json["code"] as? Int == 3001)
            let instances = try await zoom.get("/v2/past_webinars/\(archived)/instances", token: token)
            #expect(instances.status == 200)

            let longRange = try await zoom.get(
                "/v2/report/users/\(host.email)/meetings?from=\(Self.day(now - 80 * 86_400))&to=\(Self.day(now))", token: token)
            #expect(longRange.status == 400)
            #expect(longRange.json["code"] as? Int == 300)
            let tooOld = try await zoom.get(
                "/v2/report/users/\(host.email)/meetings?from=\(Self.day(now - 220 * 86_400))&to=\(Self.day(now - 200 * 86_400))",
                token: token)
            #expect(tooOld.status == 400)
            #expect((tooOld.json["message"] as? String)?.contains("6 months") == true)
            let missing = try await zoom.get("/v2/report/users/\(host.email)/meetings", token: token)
            #expect(missing.status == 400)
            let stranger = try await zoom.get("/v2/report/users/nobody@example.com/meetings?from=\(from)&to=\(to)", token: token)
            #expect(stranger.status == 404)
            #expect(stranger.json["code"] as? Int == 1001)
        }
    }
}
