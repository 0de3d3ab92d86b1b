import Foundation
import GRDB

/// How the SQLite store writes inbox appends (webhook deliveries).
public struct SQLiteIngestOptions: Sendable, Hashable {
    /// `PRAGMA synchronous = FULL`: every commit's WAL is fsynced before the commit returns,
    /// so a committed append survives an OS crash or power loss (with `NORMAL`, only a
    /// process crash).
    public var fsyncEveryCommit: Bool
    /// Appends arriving together share one transaction (group commit); off: one
    /// transaction per append.
    public var groupCommit: Bool

    /// Durable group commit: the default.
    public static let durable = SQLiteIngestOptions(fsyncEveryCommit: true, groupCommit: true)
    /// One `synchronous = NORMAL` transaction per append: how the store wrote before group
    /// commit (benchmarks compare against it).
    public static let perAppendNormal = SQLiteIngestOptions(fsyncEveryCommit: false, groupCommit: false)

    /// Creates options.
    public init(fsyncEveryCommit: Bool, groupCommit: Bool) {
        self.fsyncEveryCommit = fsyncEveryCommit
        self.groupCommit = groupCommit
    }
}

/// The embedded default ``StateStore``: one SQLite file through GRDB, in WAL mode
/// (a `DatabasePool`), migrated on open. `path: nil` keeps everything in memory (tests).
///
/// Inbox appends are durable when they return (``SQLiteIngestOptions/durable``): written by
/// group commit with `synchronous = FULL`.
public final class SQLiteStateStore: StateStore {
    let writer: any DatabaseWriter
    private let appender: GroupCommit<NewInboxItem, InboxAppendOutcome>?
    /// Whether the writer connection runs with `synchronous = FULL` (a durable file store).
    let fsyncsCommits: Bool
    /// Where the database file is (nil: in memory).
    public let path: String?

    /// Opens (creating if needed) and migrates the database.
    public init(path: String?, ingest: SQLiteIngestOptions = .durable) throws {
        self.path = path
        do {
            if let path {
                let directory = (path as NSString).deletingLastPathComponent
                if !directory.isEmpty {
                    try FileManager.default.createDirectory(
                        atPath: directory, withIntermediateDirectories: true)
                }
                var configuration = Configuration()
                configuration.busyMode = .timeout(10)
                writer = try DatabasePool(path: path, configuration: configuration)
                // GRDB sets NORMAL when it turns WAL on; the writer connection keeps this.
                let synchronous = ingest.fsyncEveryCommit ? "FULL" : "NORMAL"
                try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            } else {
                writer = try DatabaseQueue()
            }
            fsyncsCommits = path != nil && ingest.fsyncEveryCommit
            try SQLiteMigrations.migrator.migrate(writer)
        } catch {
            throw StoreError(
                "cannot open the state database at \(path ?? ":memory:"): \(error); check the path and its permissions"
            )
        }
        appender = ingest.groupCommit ? SQLiteInboxAppender.make(writer: writer, fsyncs: fsyncsCommits) : nil
    }

    // MARK: Inbox

    public func appendToInbox(_ item: NewInboxItem) async throws -> InboxAppendOutcome {
        if let appender { return try await appender.append(item) }
        return try await writer.write { db in try SQLiteInboxAppender.insert(item, in: db) }
    }

    public func claimInbox(tenantID: String, limit: Int, now: Date, leaseUntil: Date, owner: String) async throws
        -> [InboxItem]
    {
        try await writeBookkeeping { db in
            let due = try db.cachedStatement(
                sql: """
                    SELECT * FROM inbox
                    WHERE tenant_id = ? AND dead_at IS NULL AND (not_before IS NULL OR not_before <= ?)
                    AND (leased_until IS NULL OR leased_until <= ?)
                    ORDER BY id LIMIT ?
                    """)
            let rows = try Row.fetchAll(
                due,
                arguments: [tenantID, now.timeIntervalSince1970, now.timeIntervalSince1970, limit])
            let items = rows.map(Self.inboxItem)
            let lease = try db.cachedStatement(
                sql: "UPDATE inbox SET leased_until = ?, lease_owner = ?, attempts = attempts + 1 WHERE id = ?")
            for item in items {
                try lease.execute(arguments: [leaseUntil.timeIntervalSince1970, owner.isEmpty ? nil : owner, item.id])
            }
            return items.map { item in
                var claimed = item
                claimed.attempts += 1
                return claimed
            }
        }
    }

    public func completeInboxItem(id: Int64) async throws {
        try await completeInboxItems(ids: [id])
    }

    public func completeInboxItems(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await writeBookkeeping { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM inbox WHERE id = ?")
            for id in ids { try delete.execute(arguments: [id]) }
        }
    }

    public func failInboxItem(id: Int64, error: String, retryAt: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE inbox SET last_error = ?, not_before = ?, leased_until = NULL, lease_owner = NULL WHERE id = ?",
                arguments: [error, retryAt.timeIntervalSince1970, id])
        }
    }

    public func inboxDueTimes(tenantID: String?) async throws -> [String: Date] {
        try await writer.read { db in
            let due = "MIN(MAX(COALESCE(not_before, 0), COALESCE(leased_until, 0)))"
            let rows =
                if let tenantID {
                    try Row.fetchAll(
                        db.cachedStatement(
                            sql: "SELECT tenant_id, \(due) AS due FROM inbox WHERE tenant_id = ? AND dead_at IS NULL GROUP BY tenant_id"),
                        arguments: [tenantID])
                } else {
                    try Row.fetchAll(db, sql: "SELECT tenant_id, \(due) AS due FROM inbox WHERE dead_at IS NULL GROUP BY tenant_id")
                }
            var times: [String: Date] = [:]
            for row in rows {
                times[row["tenant_id"]] = Date(timeIntervalSince1970: row["due"])
            }
            return times
        }
    }

    public func inboxDepth(tenantID: String) async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM inbox WHERE tenant_id = ? AND dead_at IS NULL", arguments: [tenantID]) ?? 0
        }
    }

    static func inboxItem(_ row: Row) -> InboxItem {
        InboxItem(
            id: row["id"],
            tenantID: row["tenant_id"],
            connectorType: row["connector_type"],
            routingKey: row["routing_key"],
            deliveryKey: row["delivery_key"],
            eventType: row["event_type"],
            body: row["body"],
            receivedAt: Date(timeIntervalSince1970: row["received_at"]),
            attempts: row["attempts"],
            lastError: row["last_error"],
            notBefore: (row["not_before"] as Double?).map(Date.init(timeIntervalSince1970:)),
            deadLetteredAt: (row["dead_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        )
    }

    // MARK: Ledger

    public func ledgerEntry(tenantID: String, key: String) async throws -> LedgerEntry? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM ledger WHERE tenant_id = ? AND key = ?", arguments: [tenantID, key]
            )
            .map(Self.ledgerEntry)
        }
    }

    public func ledgerEntries(tenantID: String, keyPrefix: String) async throws -> [LedgerEntry] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM ledger WHERE tenant_id = ? AND substr(key, 1, ?) = ? ORDER BY key",
                arguments: [tenantID, keyPrefix.count, keyPrefix]
            ).map(Self.ledgerEntry)
        }
    }

    public func ledgerEntries(tenantID: String, keys: [String]) async throws -> [String: LedgerEntry] {
        guard !keys.isEmpty else { return [:] }
        return try await writer.read { db in
            var entries: [String: LedgerEntry] = [:]
            // SQLite limits the parameters of one statement: ask 500 keys at a time.
            for start in stride(from: 0, to: keys.count, by: 500) {
                let chunk = Array(keys[start..<min(start + 500, keys.count)])
                var arguments: StatementArguments = [tenantID]
                arguments += StatementArguments(chunk)
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT * FROM ledger WHERE tenant_id = ? AND key IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: arguments)
                while let row = try rows.next() {
                    let entry = Self.ledgerEntry(row)
                    entries[entry.key] = entry
                }
            }
            return entries
        }
    }

    public func putLedgerEntries(_ entries: [LedgerEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await writer.write { db in
            try Self.insertRows(
                db, "INSERT OR REPLACE INTO ledger (tenant_id, key, target, target_id, content_hash, updated_at)", columns: 6, entries
            ) { entry in
                [entry.tenantID, entry.key, entry.target, entry.targetID, entry.contentHash, entry.updatedAt.timeIntervalSince1970]
            }
        }
    }

    /// Inserts `rows` with `insert` (`INSERT … INTO table (columns)`), up to 100 rows per
    /// statement (at most 999 parameters): a sync writes thousands of rows, and each statement
    /// execution costs more than its bindings. Rows go in order, so with `OR REPLACE` a key
    /// given twice keeps its last row, as when inserted one at a time.
    static func insertRows<Rows: Collection>(
        _ db: Database, _ insert: String, columns: Int, _ rows: Rows, values: (Rows.Element) -> StatementArguments
    ) throws {
        let perStatement = max(1, min(100, 999 / columns))
        let placeholders = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        var start = rows.startIndex
        while start != rows.endIndex {
            let end = rows.index(start, offsetBy: perStatement, limitedBy: rows.endIndex) ?? rows.endIndex
            let chunk = rows[start..<end]
            let statement = try db.cachedStatement(
                sql: insert + " VALUES " + Array(repeating: placeholders, count: chunk.count).joined(separator: ", "))
            var arguments = StatementArguments()
            for row in chunk { arguments += values(row) }
            try statement.execute(arguments: arguments)
            start = end
        }
    }

    private static func ledgerEntry(_ row: Row) -> LedgerEntry {
        LedgerEntry(
            tenantID: row["tenant_id"],
            key: row["key"],
            target: row["target"],
            targetID: row["target_id"],
            contentHash: row["content_hash"],
            updatedAt: Date(timeIntervalSince1970: row["updated_at"])
        )
    }
}
