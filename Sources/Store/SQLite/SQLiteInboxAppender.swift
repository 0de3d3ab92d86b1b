import Foundation
import GRDB

/// Group commit of inbox appends into SQLite (see ``GroupCommit``): one transaction — one WAL
/// fsync with `synchronous = FULL` — per group of deliveries that arrived together.
enum SQLiteInboxAppender {
    /// The most items committed in one transaction.
    static let maxGroup = 512

    /// A group committer writing into `writer`; `fsyncs`: the connection commits with
    /// `synchronous = FULL`, and each group asserts it again before its transaction (inbox
    /// bookkeeping switches to `NORMAL` for its own transactions only).
    static func make(writer: any DatabaseWriter, fsyncs: Bool) -> GroupCommit<NewInboxItem, InboxAppendOutcome> {
        GroupCommit(maxGroup: maxGroup) { items in
            do {
                let outcomes = try await writer.writeWithoutTransaction { db in
                    if fsyncs { try db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute() }
                    var outcomes: [InboxAppendOutcome] = []
                    try db.inTransaction {
                        outcomes = try items.map { try SQLiteInboxAppender.insert($0, in: db) }
                        return .commit
                    }
                    return outcomes
                }
                return outcomes.map { .success($0) }
            } catch {
                return items.map { _ in .failure(error) }
            }
        }
    }

    /// Inserts one item unless the tenant already has its delivery key.
    static func insert(_ item: NewInboxItem, in db: Database) throws -> InboxAppendOutcome {
        // Cached statements: compiling (and GRDB's authorizer run on each compile) cost more
        // than the insert itself, once per webhook.
        let find = try db.cachedStatement(sql: "SELECT id FROM inbox WHERE tenant_id = ? AND delivery_key = ?")
        if let existing = try Int64.fetchOne(find, arguments: [item.tenantID, item.deliveryKey]) {
            return .duplicate(existingID: existing)
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO inbox (tenant_id, connector_type, routing_key, delivery_key, event_type, body, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try insert.execute(
            arguments: [
                item.tenantID, item.connectorType, item.routingKey, item.deliveryKey, item.eventType, item.body,
                item.receivedAt.timeIntervalSince1970,
            ])
        return .stored(id: db.lastInsertedRowID)
    }
}
