import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// The ``StateStore`` for several host replicas: every table of the SQLite store, in one
/// PostgreSQL database (through PostgresNIO's connection pool), migrated on connect under an
/// advisory lock so replicas starting together migrate once.
///
/// Inbox appends are durable when they return: written by group commit (``GroupCommit``) with
/// `synchronous_commit = on`, so a delivery answered 200 survives the loss of the server process.
/// Claims use `FOR UPDATE SKIP LOCKED`, so replicas never hand out the same item twice.
public final class PostgresStateStore: StateStore {
    /// Where it is connected (no password).
    public let location: PostgresStateLocation
    /// How its sessions present themselves and how long a stalled one may hold locks.
    public let session: PostgresSessionOptions
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    private let appender: GroupCommit<NewInboxItem, InboxAppendOutcome>
    private let fence = Mutex<LeaseFence?>(nil)

    /// The channel `NOTIFY`ed with a tenant id when its inbox gets new items.
    public static let inboxChannel = "switchyard_inbox"

    private init(location: PostgresStateLocation, session: PostgresSessionOptions, client: PostgresClient, logger: Logger) {
        self.location = location
        self.session = session
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
        appender = GroupCommit(maxGroup: 512) { items in
            do {
                let outcomes = try await client.withConnection { connection in
                    try await PostgresStateStore.unlessEnded(connection) {
                        try await connection.withTransaction(logger: logger) { connection in
                            try await PostgresStateStore.insert(items, on: connection, logger: logger)
                        }
                    }
                }
                return outcomes.map { .success($0) }
            } catch {
                let failure = StoreError.postgres("could not store \(items.count) webhook deliveries", error)
                return items.map { _ in .failure(failure) }
            }
        }
    }

    /// Connects, then creates or migrates the schema (once, however many replicas start together).
    /// Fails at once when the server cannot be reached or refuses the user (the pool would retry forever).
    /// `session` bounds how long a stalled process can hold locks (see ``PostgresSessionOptions``).
    public static func connect(
        _ location: PostgresStateLocation, logger: Logger, session: PostgresSessionOptions = PostgresSessionOptions()
    ) async throws -> PostgresStateStore {
        // Not bounded by `stalledTransactionSeconds`: on a loaded machine the pause between two of
        // a migration's statements can exceed it, and a replica must not fail to start for that.
        let connection = try await openConnection(location, session: session, boundStalledTransactions: false, logger: logger)
        do {
            _ = try await unlessEnded(connection) {
                try await PostgresMigrations.migrate(connection, schema: location.schema, logger: logger)
            }
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw StoreError.postgres("cannot prepare the state database \(location)", error)
        }
        return PostgresStateStore(
            location: location, session: session,
            client: PostgresClient(
                configuration: try clientConfiguration(location, session: session),
                backgroundLogger: logger),
            logger: logger)
    }

    /// Fences the tenant-owned writes (ledger, facts, audit, inbox claims and outcomes) by the
    /// leases this replica holds; nil: no fencing (a single replica).
    public func setFence(_ fence: LeaseFence?) {
        self.fence.withLock { $0 = fence }
    }

    var currentFence: LeaseFence? { fence.withLock { $0 } }

    /// Closes the connections.
    public func close() async {
        runner.cancel()
        _ = await runner.value
    }

    /// One connection outside the pool (migrations, `LISTEN`); `boundStalledTransactions: false`
    /// lets its transactions sit idle as long as they need (`idle_in_transaction_session_timeout` 0).
    static func openConnection(
        _ location: PostgresStateLocation, session: PostgresSessionOptions = PostgresSessionOptions(),
        boundStalledTransactions: Bool = true, logger: Logger
    ) async throws -> PostgresConnection {
        do {
            var configuration = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: try tls(location).map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable)
            configuration.options.additionalStartupParameters = startupParameters(
                location, session, boundStalledTransactions: boundStalledTransactions)
            configuration.options.connectTimeout = .seconds(10)
            return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw StoreError.postgres("cannot connect to the state database \(location)", error)
        }
    }

    static func clientConfiguration(
        _ location: PostgresStateLocation, session: PostgresSessionOptions
    ) throws -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: try tls(location).map { .require($0) } ?? .disable)
        configuration.options.additionalStartupParameters = startupParameters(location, session)
        configuration.options.maximumConnections = 16
        return configuration
    }

    /// The TLS settings the location asks for (nil: plain TCP).
    private static func tls(_ location: PostgresStateLocation) throws -> TLSConfiguration? {
        guard location.requireTLS else { return nil }
        var settings = TLSConfiguration.makeClientConfiguration()
        if !location.verifyCertificate { settings.certificateVerification = .none }
        return settings
    }

    /// Durable commits whatever the server's default (a webhook's 200 means it is on disk), a
    /// bound on a stalled session's locks, the name `pg_stat_activity` shows, and the schema
    /// when the location names one.
    private static func startupParameters(
        _ location: PostgresStateLocation, _ session: PostgresSessionOptions, boundStalledTransactions: Bool = true
    ) -> [(String, String)] {
        let stalled = boundStalledTransactions ? max(1000, Int((session.stalledTransactionSeconds * 1000).rounded())) : 0
        return [
            ("synchronous_commit", "on"), ("application_name", session.applicationName),
            ("idle_in_transaction_session_timeout", "\(stalled)"),
        ] + (location.schema.map { [("search_path", $0)] } ?? [])
    }

    // MARK: Helpers

    /// Runs a query on a pooled connection and collects its rows.
    func rows(_ query: PostgresQuery, _ what: @autoclosure () -> String) async throws -> [PostgresRandomAccessRow] {
        do {
            return try await client.withConnection { [logger] connection in
                try await Self.unlessEnded(connection) {
                    try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
                }
            }
        } catch {
            throw StoreError.postgres(what(), error)
        }
    }

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws, or
    /// when the server ends the session meanwhile: then it fails with ``StoreError/sessionEnded``).
    func transaction<Result: Sendable>(
        _ what: @autoclosure () -> String, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withConnection { [logger] connection in
                try await Self.unlessEnded(connection) {
                    try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
                }
            }
        } catch {
            throw StoreError.postgres(what(), error)
        }
    }

    // MARK: Inbox

    public func appendToInbox(_ item: NewInboxItem) async throws -> InboxAppendOutcome {
        try await appender.append(item)
    }

    /// Inserts a group of deliveries, each unless its tenant already has its delivery key, and
    /// notifies each tenant's owner (the notification is sent when the transaction commits).
    static func insert(_ items: [NewInboxItem], on connection: PostgresConnection, logger: Logger) async throws
        -> [InboxAppendOutcome]
    {
        var outcomes: [InboxAppendOutcome] = []
        for item in items {
            outcomes.append(try await insert(item, on: connection, logger: logger))
        }
        for tenant in Set(zip(items, outcomes).compactMap { $1.isStored ? $0.tenantID : nil }).sorted() {
            try await connection.query("SELECT pg_notify(\(inboxChannel), \(tenant))", logger: logger)
        }
        return outcomes
    }

    private static func insert(_ item: NewInboxItem, on connection: PostgresConnection, logger: Logger) async throws
        -> InboxAppendOutcome
    {
        // A concurrent insert of the same key (another replica) makes ON CONFLICT wait for it and
        // do nothing; the select then sees its row — unless it was processed meanwhile: insert again.
        for _ in 0..<3 {
            let inserted = try await connection.query(
                """
                INSERT INTO inbox (tenant_id, connector_type, routing_key, delivery_key, event_type, body, received_at)
                VALUES (\(item.tenantID), \(item.connectorType), \(item.routingKey), \(item.deliveryKey), \(item.eventType), \
                \(item.body), \(item.receivedAt.timeIntervalSince1970))
                ON CONFLICT (tenant_id, delivery_key) DO NOTHING RETURNING id
                """, logger: logger
            ).collect()
            if let row = inserted.first { return .stored(id: try row.decode(Int64.self)) }
            let existing = try await connection.query(
                "SELECT id FROM inbox WHERE tenant_id = \(item.tenantID) AND delivery_key = \(item.deliveryKey)", logger: logger
            ).collect()
            if let row = existing.first { return .duplicate(existingID: try row.decode(Int64.self)) }
        }
        throw StoreError("the delivery \(item.deliveryKey) of tenant \(item.tenantID) kept changing while being stored; retry")
    }

    public func claimInbox(tenantID: String, limit: Int, now: Date, leaseUntil: Date, owner: String) async throws -> [InboxItem] {
        let now = now.timeIntervalSince1970
        let holder: String? = owner.isEmpty ? nil : owner
        return try await transaction("could not claim inbox items of tenant \(tenantID)") { [self] connection in
            try await checkFence([tenantID], on: connection)
            return try await connection.query(
                """
                UPDATE inbox SET leased_until = \(leaseUntil.timeIntervalSince1970), lease_owner = \(holder), attempts = attempts + 1
                WHERE id IN (
                    SELECT id FROM inbox
                    WHERE tenant_id = \(tenantID) AND dead_at IS NULL AND (not_before IS NULL OR not_before <= \(now))
                        AND (leased_until IS NULL OR leased_until <= \(now))
                    ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING *
                """, logger: logger
            ).collect().map { try Self.inboxItem($0.makeRandomAccess()) }.sorted { $0.id < $1.id }
        }
    }

    public func completeInboxItem(id: Int64) async throws {
        try await completeInboxItems(ids: [id])
    }

    /// With a fence, only items of tenants whose lease this replica holds are completed — under
    /// the token of the work's ``LeaseEpoch`` when it bound one.
    public func completeInboxItems(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        let (epochTenant, epochToken) = fenceEpoch
        _ = try await rows(
            """
            DELETE FROM inbox WHERE id = ANY(\(ids))
                AND (\(fenceOwner)::text IS NULL OR tenant_id IN (
                    SELECT tenant_id FROM tenant_lease WHERE owner = \(fenceOwner)
                        AND (\(epochTenant)::text IS NULL OR tenant_id <> \(epochTenant) OR token = \(epochToken)::bigint)))
            """, "could not complete \(ids.count) inbox items")
    }

    public func failInboxItem(id: Int64, error: String, retryAt: Date) async throws {
        let (epochTenant, epochToken) = fenceEpoch
        _ = try await rows(
            """
            UPDATE inbox SET last_error = \(error), not_before = \(retryAt.timeIntervalSince1970), leased_until = NULL, lease_owner = NULL
            WHERE id = \(id)
                AND (\(fenceOwner)::text IS NULL OR tenant_id IN (
                    SELECT tenant_id FROM tenant_lease WHERE owner = \(fenceOwner)
                        AND (\(epochTenant)::text IS NULL OR tenant_id <> \(epochTenant) OR token = \(epochToken)::bigint)))
            """, "could not record the failure of inbox item \(id)")
    }

    public func inboxDueTimes(tenantID: String?) async throws -> [String: Date] {
        let due: PostgresQuery =
            if let tenantID {
                """
                SELECT tenant_id, MIN(GREATEST(COALESCE(not_before, 0), COALESCE(leased_until, 0))) AS due
                FROM inbox WHERE tenant_id = \(tenantID) AND dead_at IS NULL GROUP BY tenant_id
                """
            } else {
                """
                SELECT tenant_id, MIN(GREATEST(COALESCE(not_before, 0), COALESCE(leased_until, 0))) AS due
                FROM inbox WHERE dead_at IS NULL GROUP BY tenant_id
                """
            }
        var times: [String: Date] = [:]
        for row in try await rows(due, "could not read the inbox due times") {
            times[try row["tenant_id"].decode(String.self)] = Date(timeIntervalSince1970: try row["due"].decode(Double.self))
        }
        return times
    }

    public func inboxDepth(tenantID: String) async throws -> Int {
        let rows = try await rows(
            "SELECT COUNT(*) FROM inbox WHERE tenant_id = \(tenantID) AND dead_at IS NULL", "could not count the inbox of \(tenantID)")
        return Int(try rows.first?[0].decode(Int64.self) ?? 0)
    }

    static func inboxItem(_ row: PostgresRandomAccessRow) throws -> InboxItem {
        InboxItem(
            id: try row["id"].decode(Int64.self), tenantID: try row["tenant_id"].decode(String.self),
            connectorType: try row["connector_type"].decode(String.self), routingKey: try row["routing_key"].decode(String.self),
            deliveryKey: try row["delivery_key"].decode(String.self), eventType: try row["event_type"].decode(String.self),
            body: try row["body"].decode(Data.self), receivedAt: try row.date("received_at"),
            attempts: Int(try row["attempts"].decode(Int32.self)), lastError: try row["last_error"].decode(String?.self),
            notBefore: try row.optionalDate("not_before"), deadLetteredAt: try row.optionalDate("dead_at"))
    }

    // MARK: Ledger

    public func ledgerEntry(tenantID: String, key: String) async throws -> LedgerEntry? {
        try await rows(
            "SELECT * FROM ledger WHERE tenant_id = \(tenantID) AND key = \(key)", "could not read the ledger of \(tenantID)"
        ).first.map(Self.ledgerEntry)
    }

    public func ledgerEntries(tenantID: String, keyPrefix: String) async throws -> [LedgerEntry] {
        try await rows(
            "SELECT * FROM ledger WHERE tenant_id = \(tenantID) AND starts_with(key, \(keyPrefix)) ORDER BY key COLLATE \"C\"",
            "could not read the ledger of \(tenantID)"
        ).map(Self.ledgerEntry)
    }

    public func putLedgerEntries(_ entries: [LedgerEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await transaction("could not write \(entries.count) ledger entries") { [self] connection in
            try await checkFence(entries.map(\.tenantID), on: connection)
            for entry in entries {
                try await connection.query(
                    """
                    INSERT INTO ledger (tenant_id, key, target, target_id, content_hash, updated_at)
                    VALUES (\(entry.tenantID), \(entry.key), \(entry.target), \(entry.targetID), \(entry.contentHash), \
                    \(entry.updatedAt.timeIntervalSince1970))
                    ON CONFLICT (tenant_id, key) DO UPDATE SET target = EXCLUDED.target, target_id = EXCLUDED.target_id,
                        content_hash = EXCLUDED.content_hash, updated_at = EXCLUDED.updated_at
                    """, logger: logger)
            }
        }
    }

    private static func ledgerEntry(_ row: PostgresRandomAccessRow) throws -> LedgerEntry {
        LedgerEntry(
            tenantID: try row["tenant_id"].decode(String.self), key: try row["key"].decode(String.self),
            target: try row["target"].decode(String.self), targetID: try row["target_id"].decode(String?.self),
            contentHash: try row["content_hash"].decode(String.self), updatedAt: try row.date("updated_at"))
    }
}

/// How a ``PostgresStateStore``'s sessions present themselves to the server, and how long a
/// stalled one may hold locks.
public struct PostgresSessionOptions: Sendable, Hashable {
    /// How long a session may sit idle inside a transaction before the server ends it
    /// (`idle_in_transaction_session_timeout`, at least a second), rolling the transaction back
    /// and releasing its locks. This bounds what a stalled process (paused, swapped out, stuck
    /// between two statements) can block: the call it was making fails with a ``StoreError``,
    /// the pool opens a new connection, and the store goes on. Replicas use their lease length:
    /// a transaction idle for a whole lease belongs to a replica whose lease may be taken over.
    public var stalledTransactionSeconds: Double
    /// The `application_name` of its sessions (`pg_stat_activity` shows it), e.g. with the replica's id.
    public var applicationName: String

    /// Creates the options.
    public init(stalledTransactionSeconds: Double = 10, applicationName: String = "switchyard") {
        self.stalledTransactionSeconds = stalledTransactionSeconds
        self.applicationName = applicationName
    }
}

extension InboxAppendOutcome {
    var isStored: Bool {
        if case .stored = self { return true }
        return false
    }
}

extension PostgresRandomAccessRow {
    /// A `DOUBLE PRECISION` column of seconds since 1970 as a date.
    func date(_ column: String) throws -> Date {
        Date(timeIntervalSince1970: try self[column].decode(Double.self))
    }

    /// A nullable `DOUBLE PRECISION` column of seconds since 1970 as a date.
    func optionalDate(_ column: String) throws -> Date? {
        try self[column].decode(Double?.self).map(Date.init(timeIntervalSince1970:))
    }
}

extension StoreError {
    /// A PostgreSQL failure: what was being done, and the server's or driver's reason (never
    /// the query's values).
    static func postgres(_ what: String, _ error: any Error) -> StoreError {
        if let transaction = error as? PostgresTransactionError,
            let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError
        {
            return postgres(what, inner)
        }
        if let error = error as? StoreError { return StoreError("\(what): \(error.message)") }
        guard let error = error as? PSQLError else { return StoreError("\(what): \(error)") }
        var reason = "\(error.code)"
        if let message = error.serverInfo?[.message] { reason = message }
        if let state = error.serverInfo?[.sqlState] { reason += " (SQLSTATE \(state))" }
        if let underlying = error.underlying { reason += ": \(underlying)" }
        return StoreError("\(what): \(reason); check that PostgreSQL is running and the state URL, user and password are right")
    }
}
