import Foundation
import Synchronization

/// Per-tenant throttling: a fixed window of ``GraphThrottlingLimits/requestsPerWindow`` requests;
/// a request beyond it is answered `429` with the seconds left in the window as `Retry-After`.
/// Deterministic: the simulator's clock decides, nothing is random.
final class GraphThrottle: Sendable {
    private struct Window: Sendable {
        var start: Int64
        var count: Int
    }

    private struct State: Sendable {
        var limits: GraphThrottlingLimits
        var windows: [String: Window] = [:]
    }

    private let state: Mutex<State>

    init(limits: GraphThrottlingLimits) {
        state = Mutex(State(limits: limits))
    }

    /// The limits in force.
    var limits: GraphThrottlingLimits { state.withLock { $0.limits } }

    /// Replaces the limits; every window starts again.
    func update(_ limits: GraphThrottlingLimits) {
        state.withLock {
            $0.limits = limits
            $0.windows = [:]
        }
    }

    /// Counts one request of `tenantID` at `now`: nil when admitted, else the `Retry-After` seconds.
    func admit(tenantID: String, now: Date) -> Int? {
        let second = Int64(now.timeIntervalSince1970.rounded(.down))
        return state.withLock { state in
            let length = Int64(max(state.limits.windowSeconds, 1))
            let start = second - second % length
            var window = state.windows[tenantID] ?? Window(start: start, count: 0)
            if window.start != start { window = Window(start: start, count: 0) }
            guard window.count < state.limits.requestsPerWindow else {
                return Int(max(start + length - second, 1))
            }
            window.count += 1
            state.windows[tenantID] = window
            return nil
        }
    }
}
