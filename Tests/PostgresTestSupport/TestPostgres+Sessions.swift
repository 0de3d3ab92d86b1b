import Foundation
import Logging
import PostgresNIO
import Store

extension TestPostgres {
    /// The server processes of the sessions named `applicationName` that sit idle inside an
    /// open transaction now (their client stopped between two statements).
    public static func sessionsIdleInTransaction(applicationName: String) async throws -> [Int32] {
        try await withConnection { connection in
            var pids: [Int32] = []
            for try await pid in try await connection.query(
                "SELECT pid FROM pg_stat_activity WHERE application_name = \(applicationName) AND state = 'idle in transaction'",
                logger: logger
            ).decode(Int32.self) {
                pids.append(pid)
            }
            return pids
        }
    }

    /// The server's sessions, what each waits for and who blocks it, and the row and table
    /// locks held or awaited, as text (a cluster test traces it when something is stuck).
    public static func activityReport() async throws -> String {
        try await withConnection { connection in
            var lines: [String] = []
            for try await (pid, name, state, blockedBy, query) in try await connection.query(
                """
                SELECT pid, application_name, COALESCE(state, ''), pg_blocking_pids(pid)::text, left(query, 120)
                FROM pg_stat_activity WHERE datname IS NOT NULL AND pid <> pg_backend_pid() ORDER BY application_name, pid
                """, logger: logger
            ).decode((Int32, String, String, String, String).self) {
                lines.append("\(pid) \(name) [\(state)] blocked by \(blockedBy): \(query.replacingOccurrences(of: "\n", with: " "))")
            }
            for try await (pid, type, mode, granted, relation) in try await connection.query(
                """
                SELECT l.pid, l.locktype, l.mode, l.granted, COALESCE(c.relname, '')
                FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation
                WHERE l.pid <> pg_backend_pid() AND (l.locktype IN ('tuple', 'transactionid', 'advisory')
                    OR (l.locktype = 'relation' AND c.relname NOT LIKE 'pg_%' AND l.mode <> 'AccessShareLock'))
                ORDER BY l.pid
                """, logger: logger
            ).decode((Int32?, String, String, Bool, String).self) {
                lines.append("lock \(pid.map(String.init) ?? "-") \(type) \(mode) \(granted ? "held" : "AWAITED") \(relation)")
            }
            return lines.joined(separator: "\n")
        }
    }

    private static let logger = Logger(label: "test-postgres")

    private static func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let location = try PostgresStateLocation(url: try await serverURL())
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
