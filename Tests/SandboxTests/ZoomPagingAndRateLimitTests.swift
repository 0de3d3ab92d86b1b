import Foundation
import Sandbox
import Testing

@Suite("Zoom paging and rate limits")
struct ZoomPagingAndRateLimitTests {
    /// One account with five hosts and webinars of 25 registrants.
    static func bigAccount() -> [ZoomAccountData] {
        let tenant = ScenarioTenant(
            portal: HubSpotPortalCredentials(portalID: 99, accessToken: "t"),
            zoomAccounts: [
                ZoomAccountCredentials(
                    accountID: "pagingAccount", clientID: "paging-client", clientSecret: "paging-secret",
                    webhookSecretToken: "paging-webhook",
                    hostEmails: (1...5).map { "host\($0)@paging.example" })
            ],
            contactExclusionDomains: ["paging.example"])
        let sizes = ScenarioSizes(
            pastWebinarsPerHost: 1, upcomingWebinarsPerHost: 1, registrantsPerWebinar: 25)
        return ScenarioGenerator.generate(
            ScenarioInput(tenants: [tenant], sizes: sizes), seed: 3, referenceDate: zoomTestReferenceDate
        ).zoomAccounts
    }

    @Test("users page through next_page_token until it is empty")
    func usersPaging() async throws {
        let accounts = Self.bigAccount()
        try await withZoomSandbox(accounts: accounts, configuration: .init()) { zoom in
            let token = try await zoom.bearer(for: accounts[0].credentials)
            var emails: [String] = []
            var next = ""
            var pages = 0
            repeat {
                let answer = try await zoom.get(
                    "/v2/users?page_size=2&next_page_token=\(next)", token: token)
                #expect(answer.status == 200)
                #expect(answer.json["total_records"] as? Int == 5)
                #expect(answer.json["page_count"] as? Int == 3)
                #expect(answer.json["page_size"] as? Int == 2)
                emails += (answer.json["users"] as? [[String: Any]] ?? []).compactMap {
                    $0["email"] as? String
                }
                next = try #require(answer.json["next_page_token"] as? String)
                pages += 1
            } while !next.isEmpty && pages < 10
            #expect(pages == 3)
            #expect(emails == accounts[0].credentials.hostEmails)
        }
    }

    @Test(
        "registrants page with tokens bound to their list; a foreign token is refused with code 300")
    func registrantPaging() async throws {
        let accounts = Self.bigAccount()
        let webinar = try #require(accounts[0].webinars.first { $0.registrants.count >= 25 })
        // The scenario's clock: Zoom answers 3001 for a webinar 30 days after it ran.
        try await withZoomSandbox(accounts: accounts, configuration: .init(now: { zoomTestReferenceDate })) { zoom in
            let token = try await zoom.bearer(for: accounts[0].credentials)
            let path = "/v2/webinars/\(webinar.id)/registrants?page_size=10"
            let first = try await zoom.get(path, token: token)
            let approved = webinar.registrants.filter { $0.status == "approved" }
            #expect(first.json["total_records"] as? Int == approved.count)
            let next = try #require(first.json["next_page_token"] as? String)
            #expect(!next.isEmpty)
            let second = try await zoom.get(path + "&next_page_token=\(next)", token: token)
            let firstIDs = (first.json["registrants"] as? [[String: Any]] ?? []).compactMap {
                $0["id"] as? String
            }
            let secondIDs = (second.json["registrants"] as? [[String: Any]] ?? []).compactMap {
                $0["id"] as? String
            }
            #expect(firstIDs.count == 10)
            #expect(secondIDs.count == 10)
            #expect(Array(firstIDs + secondIDs) == Array(approved.prefix(20).map(\.id)))

            let users = try await zoom.get("/v2/users?next_page_token=\(next)", token: token)
            #expect(users.status == 400)
            #expect(users.json["code"] as? Int == 300)
            #expect(users.json["message"] as? String == "The next page token is invalid or expired.")
        }
    }

    @Test("exceeding a category's per-second limit answers Zoom's 429 with every rate-limit header")
    func perSecondLimit() async throws {
        let accounts = Self.bigAccount()
        let clock = ManualClock()
        let plan = ZoomRateLimitPlan(
            lightPerSecond: 5, mediumPerSecond: 2, heavyPerSecond: 1, heavyPerDay: 100)
        let configuration = ZoomSimulatorConfiguration(
            now: { clock.now }, rateLimitPlans: ["business": plan])
        try await withZoomSandbox(accounts: accounts, configuration: configuration) { zoom in
            let token = try await zoom.bearer(for: accounts[0].credentials)
            let first = try await zoom.get("/v2/users", token: token)
            #expect(first.headers["x-ratelimit-category"] == "Medium")
            #expect(first.headers["x-ratelimit-remaining"] == "1")
            _ = try await zoom.get("/v2/users", token: token)
            let limited = try await zoom.get("/v2/users", token: token)
            #expect(limited.status == 429)
            #expect(limited.json["code"] as? Int == 429)
            #expect(
                limited.json["message"] as? String
                    == "You have reached the maximum per-second rate limit for this API. Try again later.")
            #expect(limited.headers["x-ratelimit-category"] == "Medium")
            #expect(limited.headers["x-ratelimit-type"] == "QPS")
            #expect(limited.headers["x-ratelimit-limit"] == "2")
            #expect(limited.headers["x-ratelimit-remaining"] == "0")

            let webinarID = try #require(accounts[0].webinars.first?.id)
            let light = try await zoom.get("/v2/webinars/\(webinarID)", token: token)
            #expect(light.status == 200)
            #expect(light.headers["x-ratelimit-category"] == "Light")

            clock.advance(seconds: 1)
            #expect(try await zoom.get("/v2/users", token: token).status == 200)
        }
    }

    @Test("the Heavy daily limit answers 429 with Retry-After at the next UTC midnight")
    func dailyLimit() async throws {
        let accounts = Self.bigAccount()
        let clock = ManualClock()
        let plan = ZoomRateLimitPlan(
            lightPerSecond: 5, mediumPerSecond: 5, heavyPerSecond: 5, heavyPerDay: 2)
        let configuration = ZoomSimulatorConfiguration(
            now: { clock.now }, rateLimitPlans: ["business": plan])
        let webinar = try #require(accounts[0].webinars.first { !$0.instances.isEmpty })
        try await withZoomSandbox(accounts: accounts, configuration: configuration) { zoom in
            let token = try await zoom.bearer(for: accounts[0].credentials)
            for _ in 0..<2 {
                #expect(try await zoom.get("/v2/report/webinars/\(webinar.id)", token: token).status == 200)
                clock.advance(seconds: 1)
            }
            let limited = try await zoom.get("/v2/report/webinars/\(webinar.id)", token: token)
            #expect(limited.status == 429)
            #expect(limited.headers["x-ratelimit-type"] == "Daily-limit")
            #expect(limited.headers["x-ratelimit-category"] == "Heavy")
            #expect(limited.headers["retry-after"] == "2026-03-03T00:00:00Z")
        }
    }
}
