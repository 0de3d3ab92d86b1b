import ConnectorKit
import Foundation
import Hummingbird
import Synchronization
import Testing

@testable import ZoomConnector

@Suite("Zoom request budget")
struct ZoomRateLimitTests {
    @Test("concurrent reservations never put more than the plan's limit into any one-second window")
    func budgetSpacesBursts() async throws {
        let clock = ManualClock()
        let budget = ZoomRequestBudget(plan: .pro, clock: clock.zoomClock, headroom: 0.75)
        let slots = await withTaskGroup(of: Duration.self, returning: [Duration].self) { group in
            for _ in 0..<100 {
                group.addTask { await budget.reserve(.light) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }.sorted()
        for start in slots {
            let inWindow = slots.filter { $0 >= start && $0 < start + .seconds(1) }
            #expect(inWindow.count <= ZoomRatePlan.pro.light)
        }
        #expect(slots.filter { $0 == .zero }.count > 1, "a small burst goes out at once")
        #expect(slots.last.map { $0 > .seconds(3) } == true, "100 Light requests at Pro take over 3 s")
        // Another category is paced independently.
        #expect(await budget.reserve(.heavy) == .zero)
    }

    @Test("three replicas' budgets of one account, each at a third, together keep within the plan's limit")
    func sharedBudgetsKeepTheAccountsLimit() async throws {
        let clock = ManualClock()
        let share = RequestBudgetShare()
        let budgets = (0..<3).map { _ in ZoomRequestBudget(plan: .pro, clock: clock.zoomClock, headroom: 0.75, share: share) }
        // Alone, one budget lets a burst and 22.5 requests a second through: three would exceed 30.
        let unshared = await (0..<60).asyncMap { _ in await budgets[0].reserve(.light) }
        #expect(unshared.filter { $0 < .seconds(1) }.count > ZoomRatePlan.pro.light / 3)
        share.share(among: 3)
        let fresh = (0..<3).map { _ in ZoomRequestBudget(plan: .pro, clock: clock.zoomClock, headroom: 0.75, share: share) }
        let slots = await withTaskGroup(of: Duration.self, returning: [Duration].self) { group in
            for budget in fresh {
                for _ in 0..<60 { group.addTask { await budget.reserve(.light) } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }.sorted()
        for start in slots {
            #expect(slots.filter { $0 >= start && $0 < start + .seconds(1) }.count <= ZoomRatePlan.pro.light)
        }
        // The share is re-read before each request: the first budget slows down too.
        let after = await budgets[0].reserve(.light)
        let next = await budgets[0].reserve(.light)
        #expect(next - after >= .seconds(1) / (22.5 / 3) - .milliseconds(1))
    }

    /// A per-second limiter on the test's virtual clock, as Zoom counts requests.
    private final class PerSecondLimiter: Sendable {
        private let counts = Mutex<[Int64: Int]>([:])
        private let limit: Int
        private let clock: ManualClock

        init(limit: Int, clock: ManualClock) {
            self.limit = limit
            self.clock = clock
        }

        /// Counts a request; false when the current second is full.
        func admit() -> Bool {
            let second = Int64(clock.now.secondsValue.rounded(.down))
            return counts.withLock { counts in
                let used = counts[second, default: 0]
                guard used < limit else { return false }
                counts[second] = used + 1
                return true
            }
        }
    }

    @Test("a burst of 45 Medium requests on a Pro account is spaced, not answered with 429")
    func burstIsSpacedNot429d() async throws {
        let zoom = ScriptedZoom()
        let clock = ManualClock()
        let limiter = PerSecondLimiter(limit: ZoomRatePlan.pro.medium, clock: clock)
        let rejected = Mutex(0)
        let router = zoom.router()
        router.get("/v2/users/{userId}/webinars") { request, _ -> Response in
            zoom.record(request)
            guard limiter.admit() else {
                rejected.withLock { $0 += 1 }
                return ScriptedZoom.zoomError(
                    429, "You have reached the maximum per-second rate limit for this API.",
                    status: .tooManyRequests)
            }
            return ScriptedZoom.json(#"{"page_count":1,"webinars":[]}"#)
        }
        let hosts = (1...45).map { "host\($0)@example.com" }
        try await ScriptedZoom.serve(router) { port in
            let connector = try ZoomTestConfig.connector(
                port: port, plan: "pro", users: hosts, clock: clock.zoomClock)
            _ = try await connector.listWebinars()
        }
        #expect(rejected.withLock { $0 } == 0)
        #expect(zoom.apiRequests.count == 45)
        #expect(clock.now >= .seconds(2), "45 requests at under 20/s need more than two seconds")
    }

    @Test("a forced 429 is waited out as Retry-After says, while another account proceeds")
    func rateLimitedAccountWaitsAlone() async throws {
        let zoom = ScriptedZoom(credentials: ["client-a": "secret-a", "client-b": "secret-b"])
        let refusedOnce = Mutex(false)
        let router = zoom.router()
        router.get("/v2/users/{userId}/webinars") { request, context -> Response in
            zoom.record(request)
            let user = context.parameters.get("userId") ?? ""
            let refuse =
                user.contains("a-host")
                && refusedOnce.withLock { refused in
                    defer { refused = true }
                    return !refused
                }
            if refuse {
                let headers = ScriptedZoom.headers([
                    "X-RateLimit-Category": "Medium", "X-RateLimit-Type": "QPS", "X-RateLimit-Limit": "60",
                    "X-RateLimit-Remaining": "0", "Retry-After": "2",
                ])
                return ScriptedZoom.json(
                    #"{"code":429,"message":"You have reached the maximum per-second rate limit for this API."}"#,
                    status: .tooManyRequests, headers: headers)
            }
            return ScriptedZoom.json(#"{"page_count":1,"webinars":[]}"#)
        }
        try await ScriptedZoom.serve(router) { port in
            let gate = GatedClock()
            let accountA = try ZoomTestConfig.connector(
                port: port, accountID: "acct-a", clientID: "client-a", clientSecret: "secret-a",
                users: ["a-host@example.com"], clock: gate.zoomClock)
            let accountB = try ZoomTestConfig.connector(
                port: port, accountID: "acct-b", clientID: "client-b", clientSecret: "secret-b",
                users: ["b-host@example.com"])
            async let waiting: [Webinar] = accountA.listWebinars()
            await gate.waitUntilSomeoneSleeps()
            // A is held back by its 429; B's request goes through meanwhile.
            #expect(try await accountB.listWebinars().isEmpty)
            #expect(zoom.apiRequests.map(\.path).filter { $0.contains("a-host") }.count == 1)
            gate.open()
            #expect(try await waiting.isEmpty)
            let waits = gate.gatedSleeps
            #expect(waits.count == 1)
            #expect(waits.first.map { $0 >= .seconds(2) && $0 < .seconds(3) } == true)
        }
        let order = zoom.apiRequests.map(\.path)
        #expect(order.filter { $0.contains("a-host") }.count == 2)
        let firstB = try #require(order.firstIndex { $0.contains("b-host") })
        let retryA = try #require(order.lastIndex { $0.contains("a-host") })
        #expect(firstB < retryA)
    }

    @Test("a used-up daily limit fails at once with the wait, instead of blocking for hours")
    func dailyLimitFailsFast() async throws {
        let zoom = ScriptedZoom()
        let router = zoom.router()
        router.get("/v2/users/{userId}/webinars") { request, _ -> Response in
            zoom.record(request)
            let headers = ScriptedZoom.headers([
                "X-RateLimit-Category": "Medium", "X-RateLimit-Type": "Daily-limit", "Retry-After": "7200",
            ])
            return ScriptedZoom.json(
                #"{"code":429,"message":"You have exceeded the daily rate limit."}"#,
                status: .tooManyRequests, headers: headers)
        }
        let clock = ManualClock()
        try await ScriptedZoom.serve(router) { port in
            let connector = try ZoomTestConfig.connector(
                port: port, users: ["host@example.com"], clock: clock.zoomClock)
            let error = await #expect(throws: ConnectorError.self) { try await connector.listWebinars() }
            #expect(error?.kind == .rateLimited)
            #expect(error?.retryAfterSeconds == 7200)
        }
        #expect(clock.sleeps.allSatisfy { $0 < .seconds(60) })
        #expect(zoom.apiRequests.count == 1)
    }

    @Test("5xx answers are retried with growing backoff, then reported as unavailable")
    func serverErrorsRetried() async throws {
        let zoom = ScriptedZoom()
        let failuresLeft = Mutex(2)
        let router = zoom.router()
        router.get("/v2/users/{userId}/webinars") { request, context -> Response in
            zoom.record(request)
            let user = context.parameters.get("userId") ?? ""
            let fail =
                user.contains("down")
                || failuresLeft.withLock { left in
                    defer { left -= 1 }
                    return left > 0
                }
            if fail {
                return ScriptedZoom.json(#"{"code":500,"message":"Internal"}"#, status: .serviceUnavailable)
            }
            return ScriptedZoom.json(#"{"page_count":1,"webinars":[]}"#)
        }
        let clock = ManualClock()
        try await ScriptedZoom.serve(router) { port in
            let flaky = try ZoomTestConfig.connector(
                port: port, users: ["flaky@example.com"], clock: clock.zoomClock)
            #expect(try await flaky.listWebinars().isEmpty)
            // jitter 0: half of 0.5 s, then half of 1 s.
            #expect(clock.sleeps == [.milliseconds(250), .milliseconds(500)])

            let down = try ZoomTestConfig.connector(
                port: port, users: ["down@example.com"], clock: clock.zoomClock, maxAttempts: 3)
            let error = await #expect(throws: ConnectorError.self) { try await down.listWebinars() }
            #expect(error?.kind == .unavailable)
            #expect(error?.httpStatus == 503)
        }
        #expect(zoom.apiRequests.filter { $0.path.contains("down") }.count == 3)
    }
}

extension Sequence {
    /// Maps one element after the other with an async transform.
    fileprivate func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var results: [T] = []
        for element in self { results.append(await transform(element)) }
        return results
    }
}
