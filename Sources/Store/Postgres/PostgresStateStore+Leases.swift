import Foundation
import PostgresNIO

/// Tenant leases in PostgreSQL: which replica owns which tenant, until when, under which
/// fencing token. Times are the database's clock (`clock_timestamp()`), so replicas' clocks
/// may disagree. Every taking of a lease draws a new token from a sequence; a write fenced by
/// an older token is refused (see ``PostgresStateStore/setFence(_:)``).
extension PostgresStateStore {
    /// The channel `NOTIFY`ed when a replica joins or leaves, so the others rebalance at once.
    public static let membershipChannel = "switchyard_membership"

    private static let dbNow = "extract(epoch from clock_timestamp())"

    /// Records the replica as alive for `seconds` more and returns every live replica's id
    /// (sorted). A replica seen for the first time is announced on ``membershipChannel``.
    public func heartbeat(replicaID: String, seconds: Double) async throws -> [String] {
        try await transaction("could not record replica \(replicaID) as alive") { [self] connection in
            let joined =
                try await connection.query(
                    """
                    INSERT INTO replica (replica_id, started_at, alive_until)
                    VALUES (\(replicaID), \(unescaped: Self.dbNow), \(unescaped: Self.dbNow) + \(seconds))
                    ON CONFLICT (replica_id) DO UPDATE SET alive_until = EXCLUDED.alive_until
                    RETURNING (xmax = 0) AS joined
                    """, logger: logger
                ).collect().first?.decode(Bool.self) ?? false
            if joined { try await connection.query("SELECT pg_notify(\(Self.membershipChannel), \(replicaID))", logger: logger) }
            try await connection.query("DELETE FROM replica WHERE alive_until < \(unescaped: Self.dbNow) - 3600", logger: logger)
            var live: [String] = []
            for try await id in try await connection.query(
                "SELECT replica_id FROM replica WHERE alive_until > \(unescaped: Self.dbNow) ORDER BY replica_id", logger: logger
            ).decode(String.self) {
                live.append(id)
            }
            return live
        }
    }

    /// Removes the replica and gives up its leases (graceful shutdown), telling the others.
    public func leave(replicaID: String) async throws {
        try await transaction("could not remove replica \(replicaID)") { [self] connection in
            try await connection.query("DELETE FROM tenant_lease WHERE owner = \(replicaID)", logger: logger)
            try await connection.query("DELETE FROM replica WHERE replica_id = \(replicaID)", logger: logger)
            try await connection.query("SELECT pg_notify(\(Self.membershipChannel), \(replicaID))", logger: logger)
        }
    }

    /// Takes the leases of `tenantIDs` that are free, expired or already the replica's, for
    /// `seconds`; returns the tenants it now holds with their tokens (a lease it already held
    /// keeps its token; a taken-over or new one gets a new token).
    ///
    /// Taking a lease over (a new token) also ends, in the same statement, the claims on the
    /// tenant's inbox items: whoever claimed them worked under an older lease and can no longer
    /// complete them (their outcomes are fenced), so the new owner may claim them at once
    /// instead of waiting for the claims to run out.
    ///
    /// It never waits for another replica's locks (`SKIP LOCKED`): an expired lease row or an
    /// inbox item locked by a transaction still open — a fenced write of a replica that stalled
    /// inside it — is left for a later round (the server ends such a session after
    /// ``PostgresSessionOptions/stalledTransactionSeconds``), so one stalled replica never stops the others renewing
    /// their own leases. Its own lease rows it waits for (its fenced writes lock them briefly);
    /// `lock_timeout` bounds that and the one other wait, on a new tenant's lease row inserted
    /// at the same moment by another replica.
    public func acquireLeases(tenantIDs: [String], replicaID: String, seconds: Double) async throws -> [String: Int64] {
        guard !tenantIDs.isEmpty else { return [:] }
        let rows = try await transaction("could not take tenant leases for \(replicaID)") { [self] connection in
            try await connection.query("SET LOCAL lock_timeout = '1s'", logger: logger)
            return try await connection.query(
                """
                WITH renewed AS (
                    SELECT tenant_id, token FROM tenant_lease WHERE tenant_id = ANY(\(tenantIDs)) AND owner = \(replicaID)
                    FOR UPDATE),
                expired AS (
                    SELECT tenant_id, token FROM tenant_lease
                    WHERE tenant_id = ANY(\(tenantIDs)) AND owner <> \(replicaID) AND expires_at < \(unescaped: Self.dbNow)
                    FOR UPDATE SKIP LOCKED),
                previous AS (SELECT * FROM renewed UNION ALL SELECT * FROM expired),
                taken AS (
                    INSERT INTO tenant_lease (tenant_id, owner, token, expires_at)
                    SELECT t, \(replicaID), nextval('tenant_lease_token'), \(unescaped: Self.dbNow) + \(seconds)
                    FROM unnest(\(tenantIDs)::text[]) AS t
                    WHERE t IN (SELECT tenant_id FROM previous) OR NOT EXISTS (SELECT 1 FROM tenant_lease WHERE tenant_id = t)
                    ON CONFLICT (tenant_id) DO UPDATE SET
                        owner = EXCLUDED.owner,
                        token = CASE WHEN tenant_lease.owner = EXCLUDED.owner THEN tenant_lease.token ELSE EXCLUDED.token END,
                        expires_at = EXCLUDED.expires_at
                    WHERE tenant_lease.owner = EXCLUDED.owner OR tenant_lease.expires_at < \(unescaped: Self.dbNow)
                    RETURNING tenant_id, token),
                released AS (
                    UPDATE inbox SET leased_until = NULL, lease_owner = NULL
                    WHERE id IN (
                        SELECT id FROM inbox WHERE leased_until IS NOT NULL AND tenant_id IN (
                            SELECT taken.tenant_id FROM taken LEFT JOIN previous USING (tenant_id)
                            WHERE previous.token IS DISTINCT FROM taken.token)
                        FOR UPDATE SKIP LOCKED)
                    RETURNING id)
                SELECT tenant_id, token FROM taken
                """, logger: logger
            ).collect()
        }
        var held: [String: Int64] = [:]
        for row in rows {
            let (tenantID, token) = try row.decode((String, Int64).self)
            held[tenantID] = token
        }
        return held
    }

    /// Gives up leases (rebalancing: another replica should own these tenants).
    public func releaseLeases(tenantIDs: [String], replicaID: String) async throws {
        guard !tenantIDs.isEmpty else { return }
        _ = try await rows(
            "DELETE FROM tenant_lease WHERE owner = \(replicaID) AND tenant_id = ANY(\(tenantIDs))",
            "could not release tenant leases of \(replicaID)")
        _ = try await rows("SELECT pg_notify(\(Self.membershipChannel), \(replicaID))", "could not announce released leases")
    }

    /// Every lease: tenant → (owner, token) (for /health, metrics and tests).
    public func leases() async throws -> [String: (owner: String, token: Int64)] {
        var leases: [String: (owner: String, token: Int64)] = [:]
        for row in try await rows("SELECT tenant_id, owner, token FROM tenant_lease", "could not read the tenant leases") {
            leases[try row["tenant_id"].decode(String.self)] = (try row["owner"].decode(String.self), try row["token"].decode(Int64.self))
        }
        return leases
    }
}

/// The lease a piece of a tenant's work started under. Bound (as a task-local value) around
/// the work, it fences the work's writes by that lease's token rather than by the lease the
/// replica holds when they commit: work begun before a pause stays refused even when the
/// replica has meanwhile taken the tenant back under a new lease.
public struct LeaseEpoch: Sendable, Hashable {
    /// The tenant.
    public var tenantID: String
    /// The token of the lease the work started under.
    public var token: Int64

    /// Creates an epoch.
    public init(tenantID: String, token: Int64) {
        self.tenantID = tenantID
        self.token = token
    }

    /// The epoch of the work running in this task, if it bound one.
    @TaskLocal public static var current: LeaseEpoch?

    /// The token the current work may write for `tenantID` under: the bound epoch's for its
    /// tenant, else the one `fence` holds now.
    static func token(for tenantID: String, fence: LeaseFence) -> Int64? {
        if let epoch = current, epoch.tenantID == tenantID { return epoch.token }
        return fence.token(tenantID)
    }
}

/// What fences a replica's writes: its id, and the token of each tenant lease it holds now.
public struct LeaseFence: Sendable {
    /// The replica.
    public var replicaID: String
    /// The token of the lease the replica holds for a tenant; nil when it holds none.
    public var token: @Sendable (String) -> Int64?

    /// Creates a fence.
    public init(replicaID: String, token: @escaping @Sendable (String) -> Int64?) {
        self.replicaID = replicaID
        self.token = token
    }
}

extension StoreError {
    /// A write for a tenant whose lease this replica no longer holds was refused.
    static func fenced(_ tenantID: String) -> StoreError {
        StoreError(
            "the lease of tenant \(tenantID) was taken over by another replica; this replica's write was refused (the new owner redoes the work)"
        )
    }
}

extension PostgresStateStore {
    /// Checks, inside the caller's transaction, that this replica still holds the tenant's lease
    /// under the token it works with, and locks the lease row (`FOR SHARE`) until the commit, so
    /// a takeover waits for the write or the write fails. Without a fence (one replica), nothing is checked.
    func checkFence(_ tenantIDs: some Sequence<String>, on connection: PostgresConnection) async throws {
        guard let fence = currentFence else { return }
        for tenantID in Set(tenantIDs).sorted() {
            guard let token = LeaseEpoch.token(for: tenantID, fence: fence) else { throw StoreError.fenced(tenantID) }
            let held = try await connection.query(
                """
                SELECT 1 FROM tenant_lease
                WHERE tenant_id = \(tenantID) AND owner = \(fence.replicaID) AND token = \(token) FOR SHARE
                """, logger: logger
            ).collect()
            if held.isEmpty { throw StoreError.fenced(tenantID) }
        }
    }

    /// The replica whose leases bound inbox updates by id (nil without a fence): such a
    /// statement only touches items of tenants the replica holds.
    var fenceOwner: String? { currentFence?.replicaID }

    /// The epoch bound by the current work when there is a fence (its tenant's items are then
    /// only touched while the lease still has that token).
    var fenceEpoch: (tenantID: String?, token: Int64?) {
        guard currentFence != nil, let epoch = LeaseEpoch.current else { return (nil, nil) }
        return (epoch.tenantID, epoch.token)
    }
}

extension PostgresStateStore {
    /// Listens on `channels` over a connection of its own and calls `handle` with each
    /// notification's channel and payload, until cancelled or the connection fails (then it throws).
    /// `listening` runs once every channel is listened to: notifications sent before then (while
    /// a previous connection was down) are not delivered, so the caller looks for what they
    /// would have announced there.
    public func listen(
        _ channels: [String], listening: @Sendable () async -> Void = {},
        handle: @escaping @Sendable (String, String) async -> Void
    ) async throws {
        let connection = try await Self.openConnection(location, session: session, logger: logger)
        do {
            var streams: [(String, PostgresNotificationSequence)] = []
            for channel in channels { streams.append((channel, try await connection.listen(channel))) }
            await listening()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (channel, notifications) in streams {
                    group.addTask {
                        for try await notification in notifications { await handle(channel, notification.payload) }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            try? await connection.close()
            throw StoreError.postgres("lost the notification connection", error)
        }
        try? await connection.close()
    }
}
