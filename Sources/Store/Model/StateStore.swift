import Foundation

/// Durable state of the host: per-tenant inboxes, the sync ledger, participation facts,
/// audit logs and small key–value records.
///
/// Implementations: ``SQLiteStateStore`` (embedded default, one file) and, for several host
/// nodes, a PostgreSQL store. Every method is safe to call concurrently. Inbox items are
/// *claimed* with a lease before they are processed, so several workers (or nodes) never
/// process the same item at once, and a crashed worker's items become available again when
/// the lease ends. "Sync now" runs and console sessions are kept here too (``AdminRecordStore``),
/// so no replica keeps state of its own that another needs.
public protocol StateStore: AdminRecordStore {
    // MARK: Inbox

    /// Appends a delivery unless one with the same tenant and delivery key exists.
    func appendToInbox(_ item: NewInboxItem) async throws -> InboxAppendOutcome
    /// Claims up to `limit` items of a tenant that are due (oldest first, never dead letters)
    /// until `leaseUntil`, recording `owner` (the claiming process, see
    /// ``releaseInboxLeases(heldBy:)``) as the lease's holder.
    func claimInbox(tenantID: String, limit: Int, now: Date, leaseUntil: Date, owner: String) async throws
        -> [InboxItem]
    /// Removes a processed item.
    func completeInboxItem(id: Int64) async throws
    /// Removes processed items, in one transaction where the store can.
    func completeInboxItems(ids: [Int64]) async throws
    /// Releases a failed item for a later attempt, recording the error.
    func failInboxItem(id: Int64, error: String, retryAt: Date) async throws
    /// When each tenant's waiting items can next be claimed (the earliest of their retry and
    /// lease ends; a time in the past: now), for the tenants that have any — or only for
    /// `tenantID` when given. Workers sleep until then instead of polling.
    func inboxDueTimes(tenantID: String?) async throws -> [String: Date]
    /// Number of items waiting (claimed or not, dead letters not counted) per tenant.
    func inboxDepth(tenantID: String) async throws -> Int
    /// The waiting items of a tenant whose body contains `text` (case-insensitive), oldest
    /// first, without claiming them (for inspection, e.g. the admin API's contact lookup).
    func inboxItems(tenantID: String, containing text: String, limit: Int) async throws -> [InboxItem]

    // MARK: Leases and dead letters

    /// The holders of the inbox's current leases (as given to ``claimInbox(tenantID:limit:now:leaseUntil:owner:)``).
    func inboxLeaseOwners() async throws -> Set<String>
    /// Ends at once the leases these holders hold (their process is gone), so their items can
    /// be claimed again; returns how many items were released.
    func releaseInboxLeases(heldBy owners: Set<String>) async throws -> Int
    /// Makes an item a dead letter: it is not claimed again until replayed; `reason` is kept
    /// as its last error.
    func deadLetterInboxItem(id: Int64, reason: String, at date: Date) async throws
    /// The dead letters of a tenant, oldest first (`tenantID` nil: of every tenant).
    func deadLetters(tenantID: String?, limit: Int) async throws -> [InboxItem]
    /// Number of dead letters per tenant, for the tenants that have any.
    func deadLetterCounts() async throws -> [String: Int]
    /// Makes a dead letter of the tenant due again now with no attempts; false when it has none with this id.
    func replayDeadLetter(tenantID: String, id: Int64) async throws -> Bool
    /// Removes a dead letter of the tenant for good; false when it has none with this id.
    func dropDeadLetter(tenantID: String, id: Int64) async throws -> Bool

    // MARK: Ledger

    /// The ledger entry for a key.
    func ledgerEntry(tenantID: String, key: String) async throws -> LedgerEntry?
    /// The ledger entries whose keys start with `prefix`.
    func ledgerEntries(tenantID: String, keyPrefix: String) async throws -> [LedgerEntry]
    /// The ledger entries of these keys (absent keys are missing from the answer), by key: one
    /// read for a whole batch instead of one per key.
    func ledgerEntries(tenantID: String, keys: [String]) async throws -> [String: LedgerEntry]
    /// Inserts or replaces entries.
    func putLedgerEntries(_ entries: [LedgerEntry]) async throws

    // MARK: Participation facts

    /// Inserts or replaces the facts (keyed by tenant, connector type, email and webinar).
    func putParticipations(_ facts: [ParticipationFact]) async throws
    /// Every fact of these people in a tenant, of every source.
    func participations(tenantID: String, emails: [String]) async throws -> [ParticipationFact]
    /// Every fact of one webinar of one source in a tenant (everyone who took part in it).
    func participations(tenantID: String, connectorType: String, webinarID: String) async throws -> [ParticipationFact]

    // MARK: Audit log

    /// Stores an audit record and returns its id.
    func appendAudit(_ record: AuditRecord) async throws -> Int64
    /// The newest audit records of a webinar, newest first.
    func auditRecords(tenantID: String, webinarID: String, limit: Int) async throws -> [AuditRecord]
    /// The newest audit records of a tenant, any webinar, whose payload contains `text`
    /// (case-insensitive), newest first.
    func auditRecords(tenantID: String, mentioning text: String, limit: Int) async throws -> [AuditRecord]

    // MARK: Key–value

    /// A small value (e.g. setup markers, webinar metadata), or nil.
    func value(namespace: String, key: String) async throws -> Data?
    /// Sets or removes (nil) a small value.
    func setValue(_ value: Data?, namespace: String, key: String) async throws
    /// Every key–value pair of a namespace whose keys start with `prefix`.
    func values(namespace: String, keyPrefix: String) async throws -> [String: Data]
}

extension StateStore {
    /// Claims due items without naming the lease's holder (a crashed holder's leases then
    /// end only when they expire).
    public func claimInbox(tenantID: String, limit: Int, now: Date, leaseUntil: Date) async throws -> [InboxItem] {
        try await claimInbox(tenantID: tenantID, limit: limit, now: now, leaseUntil: leaseUntil, owner: "")
    }
}

/// A store operation failed; the message says which and why.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What failed and what to do.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

extension StateStore {
    /// One ``ledgerEntry(tenantID:key:)`` per key; stores override it with a single query.
    public func ledgerEntries(tenantID: String, keys: [String]) async throws -> [String: LedgerEntry] {
        var entries: [String: LedgerEntry] = [:]
        for key in keys {
            if let entry = try await ledgerEntry(tenantID: tenantID, key: key) { entries[key] = entry }
        }
        return entries
    }
}
