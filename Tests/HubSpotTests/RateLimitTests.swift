import Foundation
import HubSpot
import Testing

/// The largest number of `times` inside any half-open window `(t - window, t]`.
func maxInWindow(_ times: [Date], window: TimeInterval) -> Int {
    times.map { end in times.filter { $0 > end.addingTimeInterval(-window) && $0 <= end }.count }
        .max() ?? 0
}

@Suite("Request budget and 429s")
struct RateLimitTests {
    @Test("A burst is spread over rolling windows instead of exceeding the limit")
    func budgetSpacesBurst() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let budget = HubSpotRequestBudget(
            portalId: "1", limits: HubSpotRateLimits(requestsPerWindow: 5), clock: clock)
        let grants = try await withThrowingTaskGroup(of: Date.self) { group in
            for _ in 0..<12 {
                group.addTask { try await budget.acquire(.standard, operation: "test") }
            }
            return try await group.reduce(into: [Date]()) { $0.append($1) }
        }
        #expect(grants.count == 12)
        #expect(maxInWindow(grants, window: 10) <= 5)
        // 12 requests at 5 per 10 s need two further windows.
        #expect(try #require(grants.max()).timeIntervalSince(start) >= 20)
        #expect(grants.filter { $0 == start }.count == 5)
    }

    @Test("Search requests have their own per-second limit and do not use the 10-second budget")
    func searchLane() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let budget = HubSpotRequestBudget(
            portalId: "1", limits: HubSpotRateLimits(requestsPerWindow: 2, searchRequestsPerSecond: 5),
            clock: clock)
        var times: [Date] = []
        for _ in 0..<11 {
            times.append(try await budget.acquire(.search, operation: "search"))
        }
        #expect(maxInWindow(times, window: 1) <= 5)
        #expect(times.last?.timeIntervalSince(start) == 2)
        #expect(await budget.snapshot().requestsInWindow == 0)
        #expect(await budget.snapshot().requestsToday == 11)
    }

    @Test(
        "Back-to-back client requests wait for budget: the server never sees more than the limit per window"
    )
    func clientPacesRequests() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let server = ScriptedHubSpot(clock: clock) { _, _ in .json(200, ["results": []]) }
        try await server.run(limits: HubSpotRateLimits(requestsPerWindow: 3)) { client, _ in
            for _ in 0..<7 { _ = try await client.properties.listGroups() }
        }
        let times = server.requests.map(\.receivedAt)
        #expect(times.count == 7)
        #expect(maxInWindow(times, window: 10) <= 3)
        #expect(times.map { $0.timeIntervalSince(start) } == [0, 0, 0, 10, 10, 10, 20])
    }

    @Test("X-HubSpot-RateLimit headers resynchronise the budget with HubSpot's own count")
    func headersResync() async throws {
        let clock = ManualClock()
        let server = ScriptedHubSpot(clock: clock) { _, _ in
            .json(
                200, ["results": []],
                headers: [
                    "X-HubSpot-RateLimit-Max": "190", "X-HubSpot-RateLimit-Remaining": "10",
                    "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
                    "X-HubSpot-RateLimit-Daily": "650000", "X-HubSpot-RateLimit-Daily-Remaining": "600000",
                ])
        }
        let snapshot = try await server.run { client, budget in
            _ = try await client.properties.listGroups()
            return await budget.snapshot()
        }
        #expect(snapshot.requestsInWindow == 180)
        #expect(snapshot.requestsToday == 50_000)
    }

    /// Lists property groups against a server that answers 429 `TEN_SECONDLY_ROLLING` (with
    /// `headers`) once, then the groups; returns how long the client waited before retrying.
    private func waitAfterTenSecondly(headers: [String: String] = [:]) async throws -> TimeInterval {
        let clock = ManualClock()
        let start = clock.now()
        let server = ScriptedHubSpot(clock: clock) { _, index in
            if index == 0 {
                return .error(
                    429, category: "RATE_LIMITS",
                    message: "You have reached your ten_secondly_rolling limit.",
                    policyName: "TEN_SECONDLY_ROLLING", headers: headers)
            }
            return .json(
                200,
                ["results": [["name": "zoom", "label": "Zoom", "displayOrder": -1, "archived": false]]])
        }
        let groups = try await server.run { client, _ in try await client.properties.listGroups() }
        #expect(groups.map(\.name) == ["zoom"])
        let requests = server.requests
        try #require(requests.count == 2)
        return requests[1].receivedAt.timeIntervalSince(start)
    }

    @Test("429 TEN_SECONDLY_ROLLING is waited out, then the call succeeds")
    func tenSecondlyWaitedOut() async throws {
        #expect(try await waitAfterTenSecondly() >= 10)
    }

    @Test("429 TEN_SECONDLY_ROLLING waits the window HubSpot names in X-HubSpot-RateLimit-Interval-Milliseconds")
    func tenSecondlyWaitsTheAnnouncedInterval() async throws {
        let waited = try await waitAfterTenSecondly(headers: ["X-HubSpot-RateLimit-Interval-Milliseconds": "2000"])
        #expect(waited >= 2 && waited < 10)
    }

    @Test("429 SECONDLY on search waits one second (or Retry-After) and retries")
    func secondlyWaitedOut() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let server = ScriptedHubSpot(clock: clock) { _, index in
            if index == 0 {
                return .error(
                    429, category: "RATE_LIMITS", message: "secondly limit", policyName: "SECONDLY",
                    headers: ["Retry-After": "2"])
            }
            return .json(200, ["total": 0, "results": []])
        }
        let found = try await server.run { client, _ in
            try await client.contacts.findByPrimaryEmail("a@example.com")
        }
        #expect(found == nil)
        #expect(server.requests.count == 2)
        #expect(server.requests[1].receivedAt.timeIntervalSince(start) >= 2)
    }

    @Test(
        "429 DAILY fails fast with a typed error saying when the limit resets, and later calls do not reach HubSpot"
    )
    func dailyFailsFast() async throws {
        let clock = ManualClock()
        clock.advance(by: 3600 * 15)  // 2026-01-01T15:00:00Z
        let server = ScriptedHubSpot(clock: clock) { _, _ in
            .error(
                429, category: "RATE_LIMITS", message: "You have reached your daily limit.",
                policyName: "DAILY")
        }
        let errors = try await server.run { client, _ in
            var errors: [HubSpotError] = []
            for _ in 0..<2 {
                do {
                    _ = try await client.properties.list()
                } catch let error as HubSpotError {
                    errors.append(error)
                }
            }
            return errors
        }
        let resetsAt = Date(timeIntervalSince1970: 1_767_225_600 + 86_400)  // next midnight UTC
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.kind == .dailyLimitReached(resetsAt: resetsAt) })
        #expect(errors.first?.description.contains("2026-01-02T00:00:00Z") == true)
        #expect(server.requests.count == 1)
    }

    @Test("The daily limit counted locally fails fast before HubSpot answers 429")
    func localDailyLimit() async throws {
        let clock = ManualClock()
        let budget = HubSpotRequestBudget(
            portalId: "1", limits: HubSpotRateLimits(requestsPerDay: 2), clock: clock)
        try await budget.acquire(.standard, operation: "a")
        try await budget.acquire(.search, operation: "b")
        await #expect(throws: HubSpotError.self) { try await budget.acquire(.standard, operation: "c") }
        clock.advance(by: 86_400)
        try await budget.acquire(.standard, operation: "d")  // a new day
    }

    @Test(
        "A 429 DAILY in the middle of a chunked batch keeps earlier successes and sends no further chunk"
    )
    func dailyDuringBatch() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, index in
            if index == 1 {
                return .error(429, category: "RATE_LIMITS", message: "daily", policyName: "DAILY")
            }
            return batchAnswer(
                status: 200,
                results: request.inputs.map { contactJSON(id: "1", email: $0["id"] as? String ?? "") })
        }
        let contacts = (0..<250).map { ContactUpsert(email: "p\($0)@example.com") }
        let result = try await server.run { client, _ in
            try await client.contacts.batchUpsertByEmail(contacts)
        }
        #expect(server.requests.count == 2)
        #expect(result.results.count == 100)
        #expect(result.failedRequests.map(\.inputIds.count) == [100, 50])
        #expect(
            result.failedRequests.allSatisfy {
                if case .dailyLimitReached = $0.error.kind { return true } else { return false }
            })
    }

    @Test(
        "A rolling-limit 429 that never clears ends with a rateLimited error after the allowed retries")
    func rateLimitRetriesBounded() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { _, _ in
            .error(429, category: "RATE_LIMITS", message: "busy", policyName: "TEN_SECONDLY_ROLLING")
        }
        let error = await #expect(throws: HubSpotError.self) {
            try await server.run(retryPolicy: HubSpotRetryPolicy(maxRateLimitRetries: 2)) { client, _ in
                try await client.properties.listGroups()
            }
        }
        #expect(server.requests.count == 3)
        #expect(error?.kind == .rateLimited(policyName: "TEN_SECONDLY_ROLLING"))
        #expect(error?.status == 429)
    }
}

@Suite("Request budget shared by replicas")
struct SharedBudgetTests {
    /// Grants of `count` requests on each of three budgets of one portal (three replicas), at once.
    static func grants(sharedBy: Int, count: Int, limits: HubSpotRateLimits, lane: HubSpotRequestBudget.Lane) async throws -> [Date] {
        let clock = ManualClock()
        let budgets = (0..<3).map { _ in HubSpotRequestBudget(portalId: "1", limits: limits, clock: clock, sharedBy: sharedBy) }
        return try await withThrowingTaskGroup(of: Date.self) { group in
            for budget in budgets {
                for _ in 0..<count { group.addTask { try await budget.acquire(lane, operation: "test") } }
            }
            return try await group.reduce(into: [Date]()) { $0.append($1) }
        }
    }

    @Test("three replicas' budgets, each pacing by its share, stay within the portal's window together; unshared they exceed it")
    func windowShared() async throws {
        let limits = HubSpotRateLimits(requestsPerWindow: 6)
        let shared = try await Self.grants(sharedBy: 3, count: 5, limits: limits, lane: .standard)
        #expect(shared.count == 15)
        #expect(maxInWindow(shared, window: 10) <= 6)
        let unshared = try await Self.grants(sharedBy: 1, count: 5, limits: limits, lane: .standard)
        #expect(maxInWindow(unshared, window: 10) > 6)
    }

    @Test("the search lane's per-second limit is shared the same way")
    func searchShared() async throws {
        let limits = HubSpotRateLimits(requestsPerWindow: 100, searchRequestsPerSecond: 3)
        let shared = try await Self.grants(sharedBy: 3, count: 3, limits: limits, lane: .search)
        #expect(maxInWindow(shared, window: 1) <= 3)
    }

    @Test("a budget told later how many share it paces by its share from then on")
    func shareLater() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let budget = HubSpotRequestBudget(portalId: "1", limits: HubSpotRateLimits(requestsPerWindow: 6), clock: clock)
        await budget.share(among: 3)
        var times: [Date] = []
        for _ in 0..<4 { times.append(try await budget.acquire(.standard, operation: "test")) }
        #expect(times.map { $0.timeIntervalSince(start) } == [0, 0, 10, 10])
        #expect(await budget.snapshot().requestsPerWindow == 2)
    }
}
