import Logging
import PostgresNIO

/// The PostgreSQL schema, as an ordered list of versioned migrations recorded in
/// `schema_migrations`. Never edit a shipped migration; add a new one with the next version.
///
/// They run in one transaction under a transaction-scoped advisory lock keyed by the schema,
/// so replicas that start together wait for each other: the first migrates, the others find
/// every version recorded and do nothing.
enum PostgresMigrations {
    struct Migration {
        var version: Int32
        var name: String
        var statements: [String]
    }

    static let all: [Migration] = [
        Migration(
            version: 1, name: "inbox-ledger-facts-audit-kv-workflow-executions",
            statements: [
                """
                CREATE TABLE inbox (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    connector_type TEXT NOT NULL,
                    routing_key TEXT NOT NULL,
                    delivery_key TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    body BYTEA NOT NULL,
                    received_at DOUBLE PRECISION NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    not_before DOUBLE PRECISION,
                    leased_until DOUBLE PRECISION,
                    UNIQUE (tenant_id, delivery_key)
                )
                """,
                "CREATE INDEX inbox_due ON inbox (tenant_id, id)",
                """
                CREATE TABLE ledger (
                    tenant_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    target TEXT NOT NULL,
                    target_id TEXT,
                    content_hash TEXT NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (tenant_id, key)
                )
                """,
                """
                CREATE TABLE participation (
                    tenant_id TEXT NOT NULL,
                    connector_type TEXT NOT NULL,
                    email TEXT NOT NULL,
                    webinar_id TEXT NOT NULL,
                    registered BOOLEAN NOT NULL,
                    registered_at DOUBLE PRECISION,
                    webinar_url TEXT,
                    attended BOOLEAN NOT NULL,
                    attendance_percent DOUBLE PRECISION,
                    PRIMARY KEY (tenant_id, email, connector_type, webinar_id)
                )
                """,
                """
                CREATE TABLE audit (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    webinar_id TEXT NOT NULL,
                    "trigger" TEXT NOT NULL,
                    status TEXT NOT NULL,
                    started_at DOUBLE PRECISION NOT NULL,
                    finished_at DOUBLE PRECISION NOT NULL,
                    payload BYTEA NOT NULL
                )
                """,
                "CREATE INDEX audit_webinar ON audit (tenant_id, webinar_id, id)",
                """
                CREATE TABLE kv (
                    namespace TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value BYTEA NOT NULL,
                    PRIMARY KEY (namespace, key)
                )
                """,
                """
                CREATE TABLE workflow_execution (
                    callback_id TEXT PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    request BYTEA NOT NULL,
                    state TEXT NOT NULL,
                    outputs BYTEA NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at DOUBLE PRECISION,
                    last_error TEXT,
                    received_at DOUBLE PRECISION NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX workflow_execution_due ON workflow_execution (state, next_attempt_at)",
            ]),
        Migration(
            version: 2, name: "replicas-and-tenant-leases",
            statements: [
                """
                CREATE TABLE replica (
                    replica_id TEXT PRIMARY KEY,
                    started_at DOUBLE PRECISION NOT NULL,
                    alive_until DOUBLE PRECISION NOT NULL
                )
                """,
                """
                CREATE TABLE tenant_lease (
                    tenant_id TEXT PRIMARY KEY,
                    owner TEXT NOT NULL,
                    token BIGINT NOT NULL,
                    expires_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE SEQUENCE tenant_lease_token",
            ]),
        Migration(
            version: 3, name: "inbox-dead-letters-and-lease-owners",
            statements: [
                "ALTER TABLE inbox ADD COLUMN dead_at DOUBLE PRECISION",
                "ALTER TABLE inbox ADD COLUMN lease_owner TEXT",
            ]),
        Migration(
            version: 4, name: "sync-runs-and-console-sessions",
            statements: [
                """
                CREATE TABLE sync_run (
                    id TEXT PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    requested_at DOUBLE PRECISION NOT NULL,
                    finished BOOLEAN NOT NULL,
                    executor TEXT,
                    stop_requested BOOLEAN NOT NULL DEFAULT false,
                    body BYTEA NOT NULL
                )
                """,
                "CREATE INDEX sync_run_tenant ON sync_run (tenant_id, requested_at)",
                """
                CREATE TABLE console_session (
                    id_digest TEXT PRIMARY KEY,
                    principal TEXT NOT NULL,
                    token_digest TEXT NOT NULL,
                    last_seen DOUBLE PRECISION NOT NULL
                )
                """,
            ]),
        Migration(
            version: 5, name: "workflow-execution-lease-holders",
            statements: [
                // Who works on an execution now (a replica id) and, for an owner's work, the
                // token of the tenant lease it works under; both cleared when the work is saved.
                "ALTER TABLE workflow_execution ADD COLUMN leased_by TEXT",
                "ALTER TABLE workflow_execution ADD COLUMN lease_token BIGINT",
            ]),
    ]

    /// Applies the migrations `schema` (default: the user's search path) lacks, and returns
    /// the versions applied by this call (none when another replica was first).
    @discardableResult
    static func migrate(_ connection: PostgresConnection, schema: String?, logger: Logger) async throws -> [Int32] {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtext(\("switchyard-migrations:" + (schema ?? "")))::bigint)", logger: logger)
            if let schema {
                // The name was checked to be a plain identifier (PostgresStateLocation).
                try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Set<Int32> = []
            for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger)
                .decode(Int32.self)
            {
                applied.insert(version)
            }
            var ran: [Int32] = []
            for migration in all where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                ran.append(migration.version)
            }
            if !ran.isEmpty { logger.info("migrated the state database", metadata: ["versions": "\(ran)"]) }
            return ran
        }
    }
}
