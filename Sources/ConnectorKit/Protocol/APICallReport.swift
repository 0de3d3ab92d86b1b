import Foundation
import Synchronization

extension ConnectorFeature {
    /// The connector may report the HTTP attempts it makes to its source's API in `api_calls`
    /// notifications (protocol §2), which the host counts in its metrics like a built-in
    /// connector's.
    public static let apiCalls = "api_calls"
}

extension ConnectorNotification {
    /// HTTP attempts to the source's API: ``APICallReport``.
    public static let apiCalls = "api_calls"
}

/// `api_calls` params: HTTP attempts a connector made to its source's API (protocol §2).
public struct APICallReport: Codable, Sendable, Hashable {
    /// One attempt.
    public struct Call: Codable, Sendable, Hashable {
        /// The API (the source's name).
        public var provider: String
        /// What kind of call, from a small fixed set (never ids).
        public var operation: String
        /// The answer's HTTP status; nil when no answer came.
        public var status: Int?
        /// From sending the request to the answer or the failure.
        public var seconds: Double

        /// The call of `record`.
        public init(_ record: APICallRecord) {
            provider = record.provider
            operation = record.operation
            status = record.status
            let parts = record.duration.components
            seconds = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        }

        /// The record the host counts.
        public var record: APICallRecord {
            APICallRecord(provider: provider, operation: operation, status: status, duration: .seconds(seconds))
        }
    }

    /// The calls, at most ``maxCalls``.
    public var calls: [Call]

    /// The most calls one notification may carry.
    public static let maxCalls = 1000

    /// Creates a report.
    public init(calls: [Call]) { self.calls = calls }
}

/// Collects a plugin's API calls and sends them to the host in `api_calls` notifications: when
/// ``batchSize`` are waiting, at the latest ``maxDelay`` after the first one waiting, and
/// whenever the SDK is about to send a response (``flush()``), so the host has counted a
/// request's calls by the time its answer arrives.
final class APICallReporter: Sendable {
    /// Calls that fill a notification without waiting.
    static let batchSize = 100
    /// The longest a call waits to be sent.
    static let maxDelay = Duration.seconds(1)

    private struct State {
        var calls: [APICallReport.Call] = []
        var timerRunning = false
    }

    private let state = Mutex(State())
    private let output: any LineSink

    init(output: any LineSink) { self.output = output }

    /// The observer to hand the connector (``ConnectorContext/onAPICall``).
    var observer: @Sendable (APICallRecord) -> Void {
        { [self] call in record(call) }
    }

    /// Queues one call.
    func record(_ call: APICallRecord) {
        let (full, startTimer) = state.withLock { state -> (Bool, Bool) in
            state.calls.append(APICallReport.Call(call))
            let startTimer = !state.timerRunning
            state.timerRunning = true
            return (state.calls.count >= Self.batchSize, startTimer)
        }
        if full {
            Task { await flush() }
        } else if startTimer {
            Task {
                try? await Task.sleep(for: Self.maxDelay)
                state.withLock { $0.timerRunning = false }
                await flush()
            }
        }
    }

    /// Sends every waiting call.
    func flush() async {
        let calls = state.withLock { state -> [APICallReport.Call] in
            defer { state.calls = [] }
            return state.calls
        }
        for start in stride(from: 0, to: calls.count, by: APICallReport.maxCalls) {
            let report = APICallReport(calls: Array(calls[start..<min(start + APICallReport.maxCalls, calls.count)]))
            guard let line = try? ConnectorWire.encode(RPCNotification(method: ConnectorNotification.apiCalls, params: report))
            else { continue }
            await output.send(line)
        }
    }
}
