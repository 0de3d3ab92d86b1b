import Foundation
import GRDB
import Synchronization

/// Group commit of inbox appends: deliveries that arrive while a commit is being written
/// wait, and are then written together in the next transaction — one commit (one WAL fsync
/// with `synchronous = FULL`) for the whole group — and every caller is answered only
/// after the commit that holds its item. No timer: a lone delivery is committed at once;
/// under load the groups grow by themselves, up to ``maxGroup``.
///
/// One caller at a time leads: it writes its own item and the queued ones, answers them,
/// and hands the lead to the first caller that queued meanwhile.
final class SQLiteInboxAppender: Sendable {
    /// The most items committed in one transaction.
    static let maxGroup = 512

    private enum Turn {
        case lead
        case done(Result<InboxAppendOutcome, any Error>)
    }

    private struct Waiter {
        var item: NewInboxItem
        var continuation: CheckedContinuation<Turn, Never>
    }

    private struct State {
        var busy = false
        var queue: [Waiter] = []
    }

    private let writer: any DatabaseWriter
    private let state = Mutex(State())

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Appends `item` in the next group commit; returns once that commit is durable.
    func append(_ item: NewInboxItem) async throws -> InboxAppendOutcome {
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let leadNow = state.withLock { state -> Bool in
                if state.busy {
                    state.queue.append(Waiter(item: item, continuation: continuation))
                    return false
                }
                state.busy = true
                return true
            }
            if leadNow { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .done(let result):
            return try result.get()
        case .lead:
            let others = state.withLock { state -> [Waiter] in
                let count = min(state.queue.count, Self.maxGroup - 1)
                defer { state.queue.removeFirst(count) }
                return Array(state.queue.prefix(count))
            }
            let results = await commit([item] + others.map(\.item))
            for (waiter, result) in zip(others, results.dropFirst()) {
                waiter.continuation.resume(returning: .done(result))
            }
            let next = state.withLock { state -> Waiter? in
                guard !state.queue.isEmpty else {
                    state.busy = false
                    return nil
                }
                return state.queue.removeFirst()
            }
            if let next {
                // The next leader's own item goes first in its group (it knows it already).
                next.continuation.resume(returning: .lead)
            }
            return try results[0].get()
        }
    }

    /// Writes a group in one transaction: one result per item, all failing together if the
    /// transaction does.
    private func commit(_ items: [NewInboxItem]) async -> [Result<InboxAppendOutcome, any Error>] {
        do {
            let outcomes = try await writer.write { db in
                try items.map { try SQLiteInboxAppender.insert($0, in: db) }
            }
            return outcomes.map { .success($0) }
        } catch {
            return items.map { _ in .failure(error) }
        }
    }

    /// Inserts one item unless the tenant already has its delivery key.
    static func insert(_ item: NewInboxItem, in db: Database) throws -> InboxAppendOutcome {
        if let existing = try Int64.fetchOne(
            db, sql: "SELECT id FROM inbox WHERE tenant_id = ? AND delivery_key = ?",
            arguments: [item.tenantID, item.deliveryKey])
        {
            return .duplicate(existingID: existing)
        }
        try db.execute(
            sql: """
                INSERT INTO inbox (tenant_id, connector_type, routing_key, delivery_key, event_type, body, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                item.tenantID, item.connectorType, item.routingKey, item.deliveryKey, item.eventType, item.body,
                item.receivedAt.timeIntervalSince1970,
            ])
        return .stored(id: db.lastInsertedRowID)
    }
}
