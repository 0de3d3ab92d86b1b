import ConnectorKit
import Foundation
import Synchronization

/// The health of every plugin connector type, written by its supervisor and read by `/health`,
/// the admin API and the console: a type that is down, or restarted too often lately, marks
/// only the tenants using it degraded.
public final class ConnectorHealthBoard: Sendable {
    private struct TypeState {
        var up = false
        var problem: String?
        var restarts: [ContinuousClock.Instant] = []
    }

    private let state = Mutex<[String: TypeState]>([:])
    private let metrics: HostMetrics?
    private let window: Duration
    private let restartsToDegrade: Int

    /// Creates a board; a type restarted `restartsToDegrade` times within `window` counts as failing.
    public init(metrics: HostMetrics?, window: Duration = .seconds(60), restartsToDegrade: Int = 3) {
        self.metrics = metrics
        self.window = window
        self.restartsToDegrade = restartsToDegrade
    }

    /// The type's process completed its handshake and serves requests.
    public func markUp(_ type: String) {
        state.withLock { $0[type, default: TypeState()].up = true }
        metrics?.connectorUp(type, true)
    }

    /// The type's process is not serving (it failed, or is waiting to be restarted): `problem`
    /// says what it did, with the connector's name.
    public func markDown(_ type: String, problem: String) {
        state.withLock {
            $0[type, default: TypeState()].up = false
            $0[type, default: TypeState()].problem = problem
        }
        metrics?.connectorUp(type, false)
    }

    /// Counts an API call a plugin connector reported, like a built-in connector's.
    func apiCall(_ call: APICallRecord) {
        metrics?.apiCall(provider: call.provider, operation: call.operation, status: call.status, duration: call.duration)
    }

    /// The type's process is being restarted.
    public func recordRestart(_ type: String) {
        let now = ContinuousClock.now
        state.withLock { $0[type, default: TypeState()].restarts.append(now) }
        metrics?.connectorRestarted(type)
    }

    /// What is wrong with the type now, or nil when it is healthy (or not a plugin).
    public func problem(ofType type: String) -> String? {
        let now = ContinuousClock.now
        return state.withLock { states -> String? in
            guard var entry = states[type] else { return nil }
            entry.restarts.removeAll { now - $0 > window }
            states[type] = entry
            let last = entry.problem.map { "; last: \($0)" } ?? ""
            if !entry.up {
                return entry.problem ?? "the \(type) connector is not running"
            }
            if entry.restarts.count >= restartsToDegrade {
                return
                    "the \(type) connector restarted \(entry.restarts.count) times in the last \(Int(window.components.seconds)) seconds\(last)"
            }
            return nil
        }
    }

    /// The problems of the given connector types (each named once), e.g. for one tenant.
    public func problems(ofTypes types: [String]) -> [String] {
        var seen = Set<String>()
        return types.filter { seen.insert($0).inserted }.compactMap(problem(ofType:))
    }
}

extension HostMetrics {
    /// Sets `switchyard_connector_up{connector}` (1 while the type's process serves requests).
    public func connectorUp(_ type: String, _ up: Bool) {
        gauge("switchyard_connector_up", [("connector", type)]).record(up ? 1 : 0)
        count("switchyard_connector_restarts_total", [("connector", type)], by: 0)
    }

    /// Counts `switchyard_connector_restarts_total{connector}`.
    public func connectorRestarted(_ type: String) {
        count("switchyard_connector_restarts_total", [("connector", type)])
    }
}
