import Foundation
import GRDB

extension SQLiteMigrations {
    /// Dead letters (`dead_at`) and the holder of each inbox lease (`lease_owner`).
    static func registerDeadLetters(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-inbox-dead-letters") { db in
            try db.execute(
                sql: """
                    ALTER TABLE inbox ADD COLUMN dead_at DOUBLE;
                    ALTER TABLE inbox ADD COLUMN lease_owner TEXT;
                    """)
        }
    }
}

/// Leases and dead letters of the inbox.
extension SQLiteStateStore {
    public func inboxLeaseOwners() async throws -> Set<String> {
        try await writer.read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT DISTINCT lease_owner FROM inbox WHERE lease_owner IS NOT NULL AND leased_until IS NOT NULL"))
        }
    }

    public func releaseInboxLeases(heldBy owners: Set<String>) async throws -> Int {
        guard !owners.isEmpty else { return 0 }
        return try await writer.write { db in
            var released = 0
            for owner in owners {
                try db.execute(
                    sql: "UPDATE inbox SET leased_until = NULL, lease_owner = NULL WHERE lease_owner = ? AND leased_until IS NOT NULL",
                    arguments: [owner])
                released += db.changesCount
            }
            return released
        }
    }

    public func deadLetterInboxItem(id: Int64, reason: String, at date: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql:
                    "UPDATE inbox SET dead_at = ?, last_error = ?, leased_until = NULL, lease_owner = NULL, not_before = NULL WHERE id = ?",
                arguments: [date.timeIntervalSince1970, reason, id])
        }
    }

    public func deadLetters(tenantID: String?, limit: Int) async throws -> [InboxItem] {
        try await writer.read { db in
            if let tenantID {
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM inbox WHERE tenant_id = ? AND dead_at IS NOT NULL ORDER BY id LIMIT ?",
                    arguments: [tenantID, limit]
                ).map(Self.inboxItem)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM inbox WHERE dead_at IS NOT NULL ORDER BY id LIMIT ?", arguments: [limit])
                .map(Self.inboxItem)
        }
    }

    public func deadLetterCounts() async throws -> [String: Int] {
        try await writer.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT tenant_id, COUNT(*) AS n FROM inbox WHERE dead_at IS NOT NULL GROUP BY tenant_id")
            {
                counts[row["tenant_id"]] = row["n"]
            }
            return counts
        }
    }

    public func replayDeadLetter(tenantID: String, id: Int64) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE inbox SET dead_at = NULL, attempts = 0, not_before = NULL, leased_until = NULL, lease_owner = NULL
                    WHERE id = ? AND tenant_id = ? AND dead_at IS NOT NULL
                    """,
                arguments: [id, tenantID])
            return db.changesCount > 0
        }
    }

    public func dropDeadLetter(tenantID: String, id: Int64) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM inbox WHERE id = ? AND tenant_id = ? AND dead_at IS NOT NULL", arguments: [id, tenantID])
            return db.changesCount > 0
        }
    }
}
