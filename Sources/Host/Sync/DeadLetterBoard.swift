import Foundation
import Store

/// The dead letters of every tenant's inbox as operators act on them: listed, shown, replayed
/// (due again now, with no attempts) or dropped for good, and counted in the metrics —
/// `switchyard_inbox_dead_letters` (a gauge: how many there are now) and
/// `switchyard_inbox_dead_letters_total{connector}` (a counter: how many items became one).
public struct DeadLetterBoard: Sendable {
    let store: any StateStore
    let metrics: HostMetrics
    let signal: InboxSignal

    /// Creates the board; replays wake the tenant's inbox worker through `signal`.
    public init(store: any StateStore, metrics: HostMetrics, signal: InboxSignal) {
        self.store = store
        self.metrics = metrics
        self.signal = signal
    }

    /// Sets the gauge from the store.
    public func refresh() async {
        guard let counts = try? await store.deadLetterCounts() else { return }
        metrics.gauge("switchyard_inbox_dead_letters").record(counts.values.reduce(0, +))
    }

    /// Counts an item that became a dead letter.
    func added(connectorType: String) async {
        metrics.count("switchyard_inbox_dead_letters_total", [("connector", connectorType)])
        await refresh()
    }

    /// The tenant's dead letters, oldest first.
    public func list(tenantID: String, limit: Int = 500) async throws -> [InboxItem] {
        try await store.deadLetters(tenantID: tenantID, limit: limit)
    }

    /// One dead letter of the tenant, or nil.
    public func item(tenantID: String, id: Int64) async throws -> InboxItem? {
        // Dead letters are few (each is an operator's to-do); the list is bounded.
        try await store.deadLetters(tenantID: tenantID, limit: 10_000).first { $0.id == id }
    }

    /// Makes a dead letter due again now; false when the tenant has no such dead letter.
    public func replay(tenantID: String, id: Int64) async throws -> Bool {
        let replayed = try await store.replayDeadLetter(tenantID: tenantID, id: id)
        if replayed {
            signal.notify(tenantID)
            await refresh()
        }
        return replayed
    }

    /// Removes a dead letter for good; false when the tenant has no such dead letter.
    public func drop(tenantID: String, id: Int64) async throws -> Bool {
        let dropped = try await store.dropDeadLetter(tenantID: tenantID, id: id)
        if dropped { await refresh() }
        return dropped
    }
}
