import GRDB

extension SQLiteMigrations {
    /// The store before connectors declared their own HubSpot profiles knew one source, the
    /// Zoom connector (`zoom`): its rows are labelled as such here, the only place that names it.
    static let firstConnectorType = "zoom"

    /// Rows that say which source they belong to: participation facts per connector type (each
    /// source's contact properties count only its own webinars), workflow executions with the
    /// action route they were called at (`zoom/register`), and the audit reason of a source that
    /// could not be read under its neutral name with the source's name in the entry.
    static func registerSources(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-sources") { db in
            try db.execute(
                sql: """
                    CREATE TABLE participation_v2 (
                        tenant_id TEXT NOT NULL,
                        connector_type TEXT NOT NULL,
                        email TEXT NOT NULL,
                        webinar_id TEXT NOT NULL,
                        registered INTEGER NOT NULL,
                        registered_at DOUBLE,
                        webinar_url TEXT,
                        attended INTEGER NOT NULL,
                        attendance_percent DOUBLE,
                        PRIMARY KEY (tenant_id, email, connector_type, webinar_id)
                    );
                    INSERT INTO participation_v2
                    SELECT tenant_id, ?, email, webinar_id, registered, registered_at, webinar_url, attended, attendance_percent
                    FROM participation;
                    DROP TABLE participation;
                    ALTER TABLE participation_v2 RENAME TO participation;
                    ALTER TABLE workflow_execution ADD COLUMN action TEXT;
                    UPDATE workflow_execution SET action = ? || '/register';
                    UPDATE audit SET payload = CAST(
                        json_set(
                            replace(CAST(payload AS TEXT), '"' || ? || '_data_unavailable"', '"source_data_unavailable"'),
                            '$.sourceName', 'Zoom') AS BLOB)
                    WHERE json_valid(CAST(payload AS TEXT));
                    """, arguments: [firstConnectorType, firstConnectorType, firstConnectorType])
        }
    }
}
