import Foundation

/// What the inbox holds across every tenant, for metrics.
public struct InboxSummary: Sendable, Equatable {
    /// Events waiting to be applied (due, leased or waiting for a retry).
    public var depth: Int
    /// When the oldest waiting event was received; `nil` when the inbox is empty.
    public var oldestReceivedAt: Date?

    /// Creates a summary.
    public init(depth: Int, oldestReceivedAt: Date?) {
        self.depth = depth
        self.oldestReceivedAt = oldestReceivedAt
    }
}

/// A store that can summarise its inbox cheaply (one query), for the host's metrics.
public protocol InboxStatistics: Sendable {
    /// The inbox of every tenant together.
    func inboxSummary() async throws -> InboxSummary
}
