import Store
import Synchronization

/// Which tenants this replica works for: their inbox drains, reconciles, setup and
/// workflow-action completions run only here while it owns them. Requests (webhooks,
/// workflow-action calls, the admin API, the console) are served for every tenant on every replica.
public protocol TenantOwnership: Sendable {
    /// This replica's id (shown by /health).
    var replicaID: String { get }
    /// Whether this replica owns the tenant now.
    func owns(_ tenantID: String) -> Bool
    /// The tenants owned now.
    func ownedTenants() -> Set<String>
    /// Ownership changes from now on (each call: a new subscription).
    func changes() -> AsyncStream<OwnershipChange>
    /// The lease under which this replica owns the tenant now (nil: not owned, or no leases).
    func leaseEpoch(of tenantID: String) -> LeaseEpoch?
}

extension TenantOwnership {
    /// No leases: nil.
    public func leaseEpoch(of tenantID: String) -> LeaseEpoch? { nil }

    /// Runs a piece of the tenant's work under the lease held now: its writes are refused once
    /// that lease is taken over, even if this replica owns the tenant again by then (a pause).
    public func working<Result: Sendable>(for tenantID: String, _ work: () async -> Result) async -> Result {
        await LeaseEpoch.$current.withValue(leaseEpoch(of: tenantID), operation: work)
    }
}

/// A tenant this replica started or stopped owning.
public enum OwnershipChange: Sendable, Hashable {
    /// Its work starts here.
    case gained(String)
    /// Its work stops here (another replica takes it).
    case lost(String)
}

/// One process with its own state (SQLite): it owns every tenant, always.
public struct SoleOwnership: TenantOwnership {
    /// Creates it.
    public init() {}

    /// `this-process`.
    public var replicaID: String { "this-process" }

    /// Always true.
    public func owns(_ tenantID: String) -> Bool { true }

    /// Empty: every tenant is owned, none is listed.
    public func ownedTenants() -> Set<String> { [] }

    /// Never changes (a finished stream).
    public func changes() -> AsyncStream<OwnershipChange> { AsyncStream { $0.finish() } }
}

/// Fans ownership changes out to every subscriber.
final class OwnershipBroadcast: Sendable {
    private let subscribers = Mutex<[Int: AsyncStream<OwnershipChange>.Continuation]>([:])
    private let nextID = Mutex(0)

    func subscribe() -> AsyncStream<OwnershipChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: OwnershipChange.self)
        let id = nextID.withLock { id in
            id += 1
            return id
        }
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        return stream
    }

    func send(_ change: OwnershipChange) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(change) }
    }

    func finish() {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.finish() }
    }
}

/// Spreads tenants evenly over the live replicas, the same way on every replica: each tenant,
/// in the order of its hash, goes to the replica it ranks highest (rendezvous hashing) that has
/// fewer than ⌈tenants / replicas⌉, so counts differ by at most one and a replica joining or
/// leaving moves few tenants.
public enum TenantAssignment {
    /// Owner by tenant.
    public static func assign(tenants: [String], replicas: [String]) -> [String: String] {
        guard !replicas.isEmpty else { return [:] }
        let capacity = (tenants.count + replicas.count - 1) / replicas.count
        var load: [String: Int] = [:]
        var owners: [String: String] = [:]
        for tenant in Set(tenants).sorted(by: { (hash($0), $0) < (hash($1), $1) }) {
            let ranked = replicas.sorted { (hash(tenant + "|" + $0), $0) > (hash(tenant + "|" + $1), $1) }
            if let owner = ranked.first(where: { load[$0, default: 0] < capacity }) {
                owners[tenant] = owner
                load[owner, default: 0] += 1
            }
        }
        return owners
    }

    /// FNV-1a, 64 bits: stable across processes (Swift's `Hasher` is seeded per process).
    static func hash(_ text: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return value
    }
}
