import Synchronization

/// What can go wrong with a simulated API, configurable per API at run time.
///
/// All fractions are between 0 and 1. Faults are drawn from a seeded generator, so a run
/// with the same plan and the same request order sees the same faults.
public struct FaultPlan: Sendable, Codable, Equatable {
    /// Fraction of API requests answered with a 5xx error instead of being served.
    public var serverErrorRate: Double
    /// Latency added before every API request is served, in milliseconds.
    public var addedLatencyMilliseconds: Int
    /// The next this-many API requests are answered with the service's real 429 response.
    public var rateLimitBurst: Int
    /// Fraction of webhook deliveries that are dropped (never sent) by the simulator.
    public var dropWebhookRate: Double
    /// Fraction of API requests that are served (their writes happen) but whose answer is lost:
    /// the client gets a 5xx, as when a gateway times out after the service did the work.
    public var lostAnswerRate: Double
    /// When set, request faults (errors, lost answers, 429s) hit only requests whose path
    /// contains this text, e.g. `/attendance/`; latency still applies to every request.
    public var onlyPathsContaining: String?

    /// Creates a plan; the defaults inject nothing.
    public init(
        serverErrorRate: Double = 0,
        addedLatencyMilliseconds: Int = 0,
        rateLimitBurst: Int = 0,
        dropWebhookRate: Double = 0,
        lostAnswerRate: Double = 0,
        onlyPathsContaining: String? = nil
    ) {
        self.serverErrorRate = serverErrorRate
        self.addedLatencyMilliseconds = addedLatencyMilliseconds
        self.rateLimitBurst = rateLimitBurst
        self.dropWebhookRate = dropWebhookRate
        self.lostAnswerRate = lostAnswerRate
        self.onlyPathsContaining = onlyPathsContaining
    }

    /// A plan that injects no fault at all.
    public static let none = FaultPlan()

    private enum CodingKeys: String, CodingKey {
        case serverErrorRate, addedLatencyMilliseconds, rateLimitBurst, dropWebhookRate, lostAnswerRate, onlyPathsContaining
    }

    /// Decodes a plan; a missing field injects nothing (`{"serverErrorRate": 1}` is a whole plan).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            serverErrorRate: try container.decodeIfPresent(Double.self, forKey: .serverErrorRate) ?? 0,
            addedLatencyMilliseconds: try container.decodeIfPresent(Int.self, forKey: .addedLatencyMilliseconds) ?? 0,
            rateLimitBurst: try container.decodeIfPresent(Int.self, forKey: .rateLimitBurst) ?? 0,
            dropWebhookRate: try container.decodeIfPresent(Double.self, forKey: .dropWebhookRate) ?? 0,
            lostAnswerRate: try container.decodeIfPresent(Double.self, forKey: .lostAnswerRate) ?? 0,
            onlyPathsContaining: try container.decodeIfPresent(String.self, forKey: .onlyPathsContaining))
    }
}

/// The fault chosen for one request.
public enum InjectedFault: Sendable, Equatable {
    /// Serve the request normally.
    case none
    /// Answer with a server error (5xx).
    case serverError
    /// Answer with the service's rate-limit response (429).
    case rateLimited
    /// Serve the request, then answer with a server error (5xx) instead of its answer.
    case lostAnswer
}

/// Draws faults for requests according to the current ``FaultPlan``.
///
/// Thread-safe; one injector per simulated API.
public final class FaultInjector: Sendable {
    private struct State {
        var plan: FaultPlan
        var generator: SeededGenerator
        var burstLeft: Int
    }

    private let state: Mutex<State>

    /// Creates an injector with a plan and the seed of its random draws.
    public init(plan: FaultPlan = .none, seed: UInt64 = 0) {
        state = Mutex(
            State(plan: plan, generator: SeededGenerator(seed: seed), burstLeft: plan.rateLimitBurst))
    }

    /// The plan in force.
    public var plan: FaultPlan {
        state.withLock { $0.plan }
    }

    /// Replaces the plan; a new `rateLimitBurst` starts counting from now.
    public func update(_ plan: FaultPlan) {
        state.withLock {
            $0.plan = plan
            $0.burstLeft = plan.rateLimitBurst
        }
    }

    /// Chooses the fault for the next API request.
    public func nextRequestFault(path: String = "") -> InjectedFault {
        state.withLock { state in
            if let filter = state.plan.onlyPathsContaining, !path.contains(filter) { return .none }
            if state.burstLeft > 0 {
                state.burstLeft -= 1
                return .rateLimited
            }
            guard state.plan.serverErrorRate > 0 || state.plan.lostAnswerRate > 0 else { return .none }
            let draw = Double.random(in: 0..<1, using: &state.generator)
            if draw < state.plan.serverErrorRate { return .serverError }
            return draw < state.plan.serverErrorRate + state.plan.lostAnswerRate ? .lostAnswer : .none
        }
    }

    /// Whether the next webhook delivery should be dropped.
    public func shouldDropWebhook() -> Bool {
        state.withLock { state in
            guard state.plan.dropWebhookRate > 0 else { return false }
            return Double.random(in: 0..<1, using: &state.generator) < state.plan.dropWebhookRate
        }
    }

    /// The latency to add before serving a request.
    public var addedLatency: Duration {
        .milliseconds(state.withLock { $0.plan.addedLatencyMilliseconds })
    }
}
