import GRDB

extension SQLiteMigrations {
    /// `sync_run` ("sync now" runs, so they survive a restart) and `console_session` (console
    /// sign-ins, keyed by the digest of the session id).
    static func registerAdminRecords(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-sync-runs-console-sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sync_run (
                        id TEXT PRIMARY KEY NOT NULL,
                        tenant_id TEXT NOT NULL,
                        requested_at DOUBLE NOT NULL,
                        finished INTEGER NOT NULL,
                        executor TEXT,
                        stop_requested INTEGER NOT NULL DEFAULT 0,
                        body BLOB NOT NULL
                    );
                    CREATE INDEX sync_run_tenant ON sync_run (tenant_id, requested_at);
                    CREATE TABLE console_session (
                        id_digest TEXT PRIMARY KEY NOT NULL,
                        principal TEXT NOT NULL,
                        token_digest TEXT NOT NULL,
                        last_seen DOUBLE NOT NULL
                    );
                    """)
        }
    }
}
