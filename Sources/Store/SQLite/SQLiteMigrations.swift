import GRDB

/// The SQLite schema, as an ordered list of GRDB migrations. Never edit a shipped
/// migration; add a new one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-inbox-ledger-audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE inbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        tenant_id TEXT NOT NULL,
                        connector_type TEXT NOT NULL,
                        routing_key TEXT NOT NULL,
                        delivery_key TEXT NOT NULL,
                        event_type TEXT NOT NULL,
                        body BLOB NOT NULL,
                        received_at DOUBLE NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT,
                        not_before DOUBLE,
                        leased_until DOUBLE,
                        UNIQUE (tenant_id, delivery_key)
                    );
                    CREATE INDEX inbox_due ON inbox (tenant_id, id);
                    CREATE TABLE ledger (
                        tenant_id TEXT NOT NULL,
                        key TEXT NOT NULL,
                        target TEXT NOT NULL,
                        target_id TEXT,
                        content_hash TEXT NOT NULL,
                        updated_at DOUBLE NOT NULL,
                        PRIMARY KEY (tenant_id, key)
                    );
                    CREATE TABLE participation (
                        tenant_id TEXT NOT NULL,
                        email TEXT NOT NULL,
                        webinar_id TEXT NOT NULL,
                        registered INTEGER NOT NULL,
                        registered_at DOUBLE,
                        webinar_url TEXT,
                        attended INTEGER NOT NULL,
                        attendance_percent DOUBLE,
                        PRIMARY KEY (tenant_id, email, webinar_id)
                    );
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        tenant_id TEXT NOT NULL,
                        webinar_id TEXT NOT NULL,
                        trigger TEXT NOT NULL,
                        status TEXT NOT NULL,
                        started_at DOUBLE NOT NULL,
                        finished_at DOUBLE NOT NULL,
                        payload BLOB NOT NULL
                    );
                    CREATE INDEX audit_webinar ON audit (tenant_id, webinar_id, id);
                    CREATE TABLE kv (
                        namespace TEXT NOT NULL,
                        key TEXT NOT NULL,
                        value BLOB NOT NULL,
                        PRIMARY KEY (namespace, key)
                    );
                    """)
        }
        registerWorkflowExecutions(in: &migrator)
        registerSources(in: &migrator)
        registerDeadLetters(in: &migrator)
        registerAdminRecords(in: &migrator)
        return migrator
    }
}
