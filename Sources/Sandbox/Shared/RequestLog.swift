import Foundation
import Synchronization

/// One request the simulator received, as tests and benchmarks inspect it.
public struct RecordedRequest: Sendable, Codable, Equatable {
    /// Position in the log, starting at 1.
    public var sequence: Int
    /// Which simulated API served it: `zoom` or `hubspot`.
    public var service: String
    /// HTTP method, e.g. `POST`.
    public var method: String
    /// Path without the query string.
    public var path: String
    /// Raw query string (without `?`), empty when there is none.
    public var query: String
    /// Request body as UTF-8 text (empty when there is none).
    public var body: String
    /// Status code of the response.
    public var status: Int
    /// The fault the simulator injected instead of serving, if any (`server_error`, `rate_limited`).
    public var injectedFault: String?
    /// When the request arrived.
    public var receivedAt: Date
}

/// Aggregated counts over a ``RequestLog``.
public struct RequestCounters: Sendable, Codable, Equatable {
    /// Number of requests seen.
    public var total: Int
    /// Requests per `"METHOD path"` (path templates are not reconstructed; raw paths are used).
    public var byRoute: [String: Int]
    /// Requests per status code (as a string, e.g. `"429"`).
    public var byStatus: [String: Int]
}

/// An append-only, thread-safe log of the requests a simulated API received.
public final class RequestLog: Sendable {
    private let entries = Mutex<[RecordedRequest]>([])

    /// Creates an empty log.
    public init() {}

    /// Appends a request, assigning its sequence number.
    public func append(_ makeEntry: (Int) -> RecordedRequest) {
        entries.withLock { entries in
            entries.append(makeEntry(entries.count + 1))
        }
    }

    /// Every request recorded so far, oldest first.
    public var all: [RecordedRequest] {
        entries.withLock { $0 }
    }

    /// Forgets every recorded request.
    public func clear() {
        entries.withLock { $0.removeAll() }
    }

    /// Counts per route and status.
    public var counters: RequestCounters {
        let all = self.all
        var byRoute: [String: Int] = [:]
        var byStatus: [String: Int] = [:]
        for entry in all {
            byRoute["\(entry.method) \(entry.path)", default: 0] += 1
            byStatus[String(entry.status), default: 0] += 1
        }
        return RequestCounters(total: all.count, byRoute: byRoute, byStatus: byStatus)
    }
}
