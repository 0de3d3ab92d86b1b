import GRDB

extension SQLiteMigrations {
    /// `workflow_execution`: one row per HubSpot workflow-action callback id (idempotency and
    /// pending callback completions, durable across restarts).
    static func registerWorkflowExecutions(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("workflow-executions-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE workflow_execution (
                        callback_id TEXT PRIMARY KEY NOT NULL,
                        tenant_id TEXT NOT NULL,
                        request BLOB NOT NULL,
                        state TEXT NOT NULL,
                        outputs BLOB NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at DOUBLE,
                        last_error TEXT,
                        received_at DOUBLE NOT NULL,
                        updated_at DOUBLE NOT NULL
                    );
                    CREATE INDEX workflow_execution_due ON workflow_execution (state, next_attempt_at);
                    """)
        }
    }
}
