import Foundation
import GRDB

extension SQLiteStateStore {
    // MARK: Sync runs

    public func insertSyncRun(_ run: StoredSyncRun) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_run (id, tenant_id, requested_at, finished, executor, stop_requested, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.id, run.tenantID, run.requestedAt.timeIntervalSince1970, run.finished, run.executor, run.stopRequested, run.body,
                ])
        }
    }

    public func updateSyncRun(_ run: StoredSyncRun) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE sync_run SET finished = ?, body = ?, stop_requested = stop_requested OR ?
                    WHERE id = ? AND executor IS ?
                    """,
                arguments: [run.finished, run.body, run.stopRequested, run.id, run.executor])
            return db.changesCount > 0
        }
    }

    public func claimSyncRuns(tenantIDs: [String]?, executor: String) async throws -> [StoredSyncRun] {
        try await writer.write { db in
            var sql = "SELECT * FROM sync_run WHERE finished = 0 AND executor IS NOT ?"
            var arguments: StatementArguments = [executor]
            if let tenantIDs {
                guard !tenantIDs.isEmpty else { return [] }
                sql += " AND tenant_id IN (\(databaseQuestionMarks(count: tenantIDs.count)))"
                arguments += StatementArguments(tenantIDs)
            }
            let runs = try Row.fetchAll(db, sql: sql + " ORDER BY requested_at, id", arguments: arguments).map(Self.syncRun)
            for run in runs {
                try db.execute(sql: "UPDATE sync_run SET executor = ? WHERE id = ?", arguments: [executor, run.id])
            }
            return runs.map { run in
                var run = run
                run.executor = executor
                return run
            }
        }
    }

    public func requestSyncRunStop(id: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE sync_run SET stop_requested = 1 WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func syncRun(id: String) async throws -> StoredSyncRun? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sync_run WHERE id = ?", arguments: [id]).map(Self.syncRun)
        }
    }

    public func syncRuns(tenantID: String, limit: Int) async throws -> [StoredSyncRun] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM sync_run WHERE tenant_id = ? ORDER BY requested_at DESC, id DESC LIMIT ?",
                arguments: [tenantID, limit]
            ).map(Self.syncRun)
        }
    }

    public func pruneSyncRuns(tenantID: String, keeping: Int) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    DELETE FROM sync_run WHERE tenant_id = ? AND finished = 1 AND id NOT IN (
                        SELECT id FROM sync_run WHERE tenant_id = ? ORDER BY requested_at DESC, id DESC LIMIT ?)
                    """,
                arguments: [tenantID, tenantID, max(0, keeping)])
        }
    }

    private static func syncRun(_ row: Row) -> StoredSyncRun {
        StoredSyncRun(
            id: row["id"], tenantID: row["tenant_id"], requestedAt: Date(timeIntervalSince1970: row["requested_at"]),
            finished: row["finished"], executor: row["executor"], stopRequested: row["stop_requested"], body: row["body"])
    }

    // MARK: Console sessions

    public func insertConsoleSession(_ session: StoredConsoleSession) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO console_session (id_digest, principal, token_digest, last_seen) VALUES (?, ?, ?, ?)",
                arguments: [session.idDigest, session.principal, session.tokenDigest, session.lastSeen.timeIntervalSince1970])
        }
    }

    public func consoleSession(idDigest: String) async throws -> StoredConsoleSession? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM console_session WHERE id_digest = ?", arguments: [idDigest]).map { row in
                StoredConsoleSession(
                    idDigest: row["id_digest"], principal: row["principal"], tokenDigest: row["token_digest"],
                    lastSeen: Date(timeIntervalSince1970: row["last_seen"]))
            }
        }
    }

    public func touchConsoleSession(idDigest: String, at date: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE console_session SET last_seen = MAX(last_seen, ?) WHERE id_digest = ?",
                arguments: [date.timeIntervalSince1970, idDigest])
        }
    }

    public func removeConsoleSession(idDigest: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM console_session WHERE id_digest = ?", arguments: [idDigest])
        }
    }

    @discardableResult
    public func removeConsoleSessions(unusedSince date: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM console_session WHERE last_seen < ?", arguments: [date.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
