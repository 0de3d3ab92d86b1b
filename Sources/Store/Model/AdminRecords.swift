import Foundation

/// A "sync now" run as the store keeps it, so every replica shows it: the fields the store
/// selects by, and the run itself as JSON that only the host reads.
public struct StoredSyncRun: Sendable, Hashable {
    /// Run id.
    public var id: String
    /// Tenant.
    public var tenantID: String
    /// When it was requested (runs list newest first).
    public var requestedAt: Date
    /// Whether it is over (succeeded, failed or stopped).
    public var finished: Bool
    /// The process executing it (nil: queued for the tenant's owner to take).
    public var executor: String?
    /// Whether a stop was requested; once set it stays set, whoever saves the run afterwards.
    public var stopRequested: Bool
    /// The whole run, encoded by the host.
    public var body: Data

    /// Creates a record.
    public init(
        id: String, tenantID: String, requestedAt: Date, finished: Bool, executor: String?, stopRequested: Bool = false, body: Data
    ) {
        self.id = id
        self.tenantID = tenantID
        self.requestedAt = requestedAt
        self.finished = finished
        self.executor = executor
        self.stopRequested = stopRequested
        self.body = body
    }
}

/// A signed-in console session as the store keeps it, so a sign-in on one replica holds on
/// every replica. Only digests are kept: neither the session id (the cookie's value) nor the
/// token signed in with can be read back from the store.
public struct StoredConsoleSession: Sendable, Hashable {
    /// Hex SHA-256 of the session id.
    public var idDigest: String
    /// Who signed in, as the host encodes it (e.g. `operator`, `tenant:acme`).
    public var principal: String
    /// Hex SHA-256 of the token signed in with (a rotated token ends the session).
    public var tokenDigest: String
    /// When the session was last used.
    public var lastSeen: Date

    /// Creates a record.
    public init(idDigest: String, principal: String, tokenDigest: String, lastSeen: Date) {
        self.idDigest = idDigest
        self.principal = principal
        self.tokenDigest = tokenDigest
        self.lastSeen = lastSeen
    }
}

/// The admin API's and the console's shared records: "sync now" runs and console sessions
/// (implemented by both stores, so several replicas on one PostgreSQL share them).
public protocol AdminRecordStore: Sendable {
    // MARK: Sync runs

    /// Stores a new run; a PostgreSQL store also notifies ``PostgresStateStore/syncRunChannel``
    /// with its tenant id, so the tenant's owner takes a queued run at once.
    func insertSyncRun(_ run: StoredSyncRun) async throws
    /// Replaces a run's state (`finished`, `body`) if `run.executor` still executes it; false when
    /// another process took it over (or it is gone). The stop flag is never cleared.
    func updateSyncRun(_ run: StoredSyncRun) async throws -> Bool
    /// Gives `executor` the unfinished runs of these tenants (nil: of every tenant) that another
    /// process (or none) executes — queued ones, and those of a replica that died or lost the
    /// tenant — oldest first.
    func claimSyncRuns(tenantIDs: [String]?, executor: String) async throws -> [StoredSyncRun]
    /// Records a stop request; false when the run is unknown.
    func requestSyncRunStop(id: String) async throws -> Bool
    /// A run.
    func syncRun(id: String) async throws -> StoredSyncRun?
    /// A tenant's runs, newest first.
    func syncRuns(tenantID: String, limit: Int) async throws -> [StoredSyncRun]
    /// Removes a tenant's finished runs beyond its newest `keeping` runs.
    func pruneSyncRuns(tenantID: String, keeping: Int) async throws

    // MARK: Console sessions

    /// Stores a new session.
    func insertConsoleSession(_ session: StoredConsoleSession) async throws
    /// The session whose id has this digest.
    func consoleSession(idDigest: String) async throws -> StoredConsoleSession?
    /// Records a use of a session.
    func touchConsoleSession(idDigest: String, at date: Date) async throws
    /// Ends a session.
    func removeConsoleSession(idDigest: String) async throws
    /// Ends the sessions unused since `date`; returns how many.
    @discardableResult
    func removeConsoleSessions(unusedSince date: Date) async throws -> Int
}
