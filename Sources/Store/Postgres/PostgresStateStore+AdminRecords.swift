import Foundation
import PostgresNIO

extension PostgresStateStore {
    /// The channel `NOTIFY`ed with a tenant id when a "sync now" run of it is requested.
    public static let syncRunChannel = "switchyard_sync_runs"

    // MARK: Sync runs

    public func insertSyncRun(_ run: StoredSyncRun) async throws {
        try await transaction("could not store sync run \(run.id)") { [self] connection in
            try await connection.query(
                """
                INSERT INTO sync_run (id, tenant_id, requested_at, finished, executor, stop_requested, body)
                VALUES (\(run.id), \(run.tenantID), \(run.requestedAt.timeIntervalSince1970), \(run.finished), \(run.executor), \
                \(run.stopRequested), \(run.body))
                """, logger: logger)
            try await connection.query("SELECT pg_notify(\(Self.syncRunChannel), \(run.tenantID))", logger: logger)
        }
    }

    public func updateSyncRun(_ run: StoredSyncRun) async throws -> Bool {
        !(try await rows(
            """
            UPDATE sync_run SET finished = \(run.finished), body = \(run.body), stop_requested = stop_requested OR \(run.stopRequested)
            WHERE id = \(run.id) AND executor IS NOT DISTINCT FROM \(run.executor) RETURNING id
            """, "could not save sync run \(run.id)"
        ).isEmpty)
    }

    public func claimSyncRuns(tenantIDs: [String]?, executor: String) async throws -> [StoredSyncRun] {
        if let tenantIDs, tenantIDs.isEmpty { return [] }
        return try await rows(
            """
            UPDATE sync_run SET executor = \(executor)
            WHERE id IN (
                SELECT id FROM sync_run
                WHERE NOT finished AND executor IS DISTINCT FROM \(executor)
                    AND (\(tenantIDs == nil) OR tenant_id = ANY(\(tenantIDs ?? [])))
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """, "could not take the queued sync runs"
        ).map(Self.syncRun).sorted { ($0.requestedAt, $0.id) < ($1.requestedAt, $1.id) }
    }

    public func requestSyncRunStop(id: String) async throws -> Bool {
        !(try await rows(
            "UPDATE sync_run SET stop_requested = true WHERE id = \(id) RETURNING id", "could not ask sync run \(id) to stop"
        ).isEmpty)
    }

    public func syncRun(id: String) async throws -> StoredSyncRun? {
        try await rows("SELECT * FROM sync_run WHERE id = \(id)", "could not read sync run \(id)").first.map(Self.syncRun)
    }

    public func syncRuns(tenantID: String, limit: Int) async throws -> [StoredSyncRun] {
        try await rows(
            """
            SELECT * FROM sync_run WHERE tenant_id = \(tenantID)
            ORDER BY requested_at DESC, id COLLATE "C" DESC LIMIT \(limit)
            """, "could not read the sync runs of \(tenantID)"
        ).map(Self.syncRun)
    }

    public func pruneSyncRuns(tenantID: String, keeping: Int) async throws {
        _ = try await rows(
            """
            DELETE FROM sync_run WHERE tenant_id = \(tenantID) AND finished AND id NOT IN (
                SELECT id FROM sync_run WHERE tenant_id = \(tenantID)
                ORDER BY requested_at DESC, id COLLATE "C" DESC LIMIT \(max(0, keeping)))
            """, "could not remove old sync runs of \(tenantID)")
    }

    private static func syncRun(_ row: PostgresRandomAccessRow) throws -> StoredSyncRun {
        StoredSyncRun(
            id: try row["id"].decode(String.self), tenantID: try row["tenant_id"].decode(String.self),
            requestedAt: try row.date("requested_at"), finished: try row["finished"].decode(Bool.self),
            executor: try row["executor"].decode(String?.self), stopRequested: try row["stop_requested"].decode(Bool.self),
            body: try row["body"].decode(Data.self))
    }

    // MARK: Console sessions

    public func insertConsoleSession(_ session: StoredConsoleSession) async throws {
        _ = try await rows(
            """
            INSERT INTO console_session (id_digest, principal, token_digest, last_seen)
            VALUES (\(session.idDigest), \(session.principal), \(session.tokenDigest), \(session.lastSeen.timeIntervalSince1970))
            """, "could not store a console session")
    }

    public func consoleSession(idDigest: String) async throws -> StoredConsoleSession? {
        try await rows("SELECT * FROM console_session WHERE id_digest = \(idDigest)", "could not read a console session").first.map {
            StoredConsoleSession(
                idDigest: try $0["id_digest"].decode(String.self), principal: try $0["principal"].decode(String.self),
                tokenDigest: try $0["token_digest"].decode(String.self), lastSeen: try $0.date("last_seen"))
        }
    }

    public func touchConsoleSession(idDigest: String, at date: Date) async throws {
        _ = try await rows(
            """
            UPDATE console_session SET last_seen = GREATEST(last_seen, \(date.timeIntervalSince1970)) WHERE id_digest = \(idDigest)
            """, "could not record the use of a console session")
    }

    public func removeConsoleSession(idDigest: String) async throws {
        _ = try await rows("DELETE FROM console_session WHERE id_digest = \(idDigest)", "could not end a console session")
    }

    @discardableResult
    public func removeConsoleSessions(unusedSince date: Date) async throws -> Int {
        try await rows(
            "DELETE FROM console_session WHERE last_seen < \(date.timeIntervalSince1970) RETURNING id_digest",
            "could not end the idle console sessions"
        ).count
    }
}
