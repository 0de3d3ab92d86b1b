import ConnectorKit
import Crypto
import Foundation
import HubSpot
import Logging
import Store

/// Writes a ``WebinarPlan`` to HubSpot in as few requests as the APIs allow, consulting the
/// ledger so that nothing already written identically is written again. Per-item refusals
/// become audit items; a request that fails as a whole (after the client's retries) throws,
/// so the sync is retried later and — thanks to the ledger — resumes where it stopped.
public struct PlanExecutor: Sendable {
    let tenantID: String
    let client: HubSpotClient
    let store: any StateStore
    let templates: TimelineTemplateIDs
    let properties: PortalPropertyCatalog?
    let now: @Sendable () -> Date

    /// Creates an executor for one tenant; `properties` (when given) drops optional properties
    /// the portal lacks from the writes (see ``PortalPropertyCatalog``).
    public init(
        tenantID: String, client: HubSpotClient, store: any StateStore, templates: TimelineTemplateIDs,
        properties: PortalPropertyCatalog? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.tenantID = tenantID
        self.client = client
        self.store = store
        self.templates = templates
        self.properties = properties
        self.now = now
    }

    /// What the execution wrote and what it could not.
    public struct Outcome: Sendable {
        public var counts = SyncCounts()
        public var auditItems: [AuditItem] = []
    }

    /// Executes one plan.
    public func execute(_ plan: WebinarPlan) async throws -> Outcome {
        try await execute([plan])[0].get()
    }

    /// Executes the plans of several webinars together: their contacts, marketing events and
    /// timeline events share batch requests (at most 100 items each, HubSpot's limit), while
    /// participations (one event per request in HubSpot's API) and calls are written per
    /// webinar. Each plan gets its own result: a request that fails for one webinar (its
    /// participations, its call) fails only that webinar; a shared batch that fails fails every
    /// webinar still in it. The ledger stays per record, so a retry resumes where it stopped.
    public func execute(_ plans: [WebinarPlan]) async -> [Result<Outcome, any Error>] {
        var unitsWritten: [String: String] = [:]
        return await execute(plans, unitsWritten: &unitsWritten)
    }

    /// Executes plans as ``execute(_:)-([WebinarPlan])`` does. `unitsWritten` (email → business
    /// units written) carries what the executors of other connector types wrote in the same run:
    /// planned from the same read of HubSpot, a later write keeps the units an earlier one added.
    public func execute(_ plans: [WebinarPlan], unitsWritten: inout [String: String]) async -> [Result<Outcome, any Error>] {
        var plans = plans
        var outcomes = Array(repeating: Outcome(), count: plans.count)
        var failures: [Int: any Error] = [:]
        var live = plans.indices.filter { !plans[$0].skipped }
        do {
            for index in live { try await store.putParticipations(plans[index].facts) }
            // Contacts are batched per source (each connector type keeps its own ledger scope).
            var contactIDs: [String: String] = [:]
            let scopes = Dictionary(grouping: live) { plans[$0].account.profile.propertyGroup.name }
            for (scope, indices) in scopes.sorted(by: { $0.key < $1.key }) {
                let ids = try await withoutMissingProperties("contacts", plans: &plans, indices: indices, outcomes: &outcomes) {
                    plans, outcomes in
                    try await writeContacts(plans: plans, indices: indices, scope: scope, outcomes: &outcomes, unitsWritten: &unitsWritten)
                }
                contactIDs.merge(ids) { first, _ in first }
            }
            for index in live { contactIDs.merge(plans[index].earlierParticipantIDs) { written, _ in written } }
            let withoutEvent = try await writeMarketingEvents(plans, indices: live, outcomes: &outcomes)
            for index in live where !withoutEvent.contains(index) {
                do { try await writeParticipations(plans[index], outcome: &outcomes[index]) } catch { failures[index] = error }
            }
            live = live.filter { failures[$0] == nil }
            try await writeTimelineEvents(plans: plans, indices: live, contactIDs: contactIDs, outcomes: &outcomes)
            for index in live {
                var single = [plans[index]]
                var outcome = [outcomes[index]]
                do {
                    try await withoutMissingProperties("calls", plans: &single, indices: [0], outcomes: &outcome) { plans, outcome in
                        // Every earlier occurrence's recording, then the latest's.
                        for call in plans[0].earlierCalls + [plans[0].call].compactMap({ $0 }) {
                            try await writeCall(call, contactIDs: contactIDs, outcome: &outcome[0])
                        }
                    }
                } catch {
                    failures[index] = error
                }
                outcomes[index] = outcome[0]
            }
        } catch {
            for index in live where failures[index] == nil { failures[index] = error }
        }
        return plans.indices.map { index in failures[index].map { .failure($0) } ?? .success(outcomes[index]) }
    }

    // MARK: Contacts

    /// Writes the contacts of every plan in `indices` (one upsert per email, batched) whose
    /// properties changed; returns the HubSpot id of each contact written or known. What was
    /// last written is remembered per source (`scope`: the profile's property group): the
    /// source's properties, and apart from them the names (a webinar that gives no name changes
    /// none); business units only count when they change. So two connectors of one tenant (each
    /// with its own properties and unit), or two webinars giving a contact's name or not, do not
    /// make each other rewrite it. The unscoped entry keeps the contact's id; ledgers from before
    /// scoping are honoured through it (its hash covers every property).
    /// `unitsWritten` carries the business units written by the batches of other sources in this
    /// run: both planned from the same read of HubSpot, so the later write keeps the earlier's units.
    private func writeContacts(
        plans: [WebinarPlan], indices: [Int], scope: String, outcomes: inout [Outcome], unitsWritten: inout [String: String]
    ) async throws -> [String: String] {
        var owners: [String: [Int]] = [:]
        for index in indices { for contact in plans[index].contacts { owners[contact.email, default: []].append(index) } }
        var ids: [String: String] = [:]
        var pending: [PlannedContact] = []
        // The scoped hashes of each pending contact, computed once (they are stored after the write).
        var pendingHashes: [String: (properties: String, names: String?)] = [:]
        var migrated: [LedgerEntry] = []
        let contacts = Self.merged(indices.flatMap { plans[$0].contacts })
        // The ledger in one read for every contact (not three awaited reads each).
        let known = try await store.ledgerEntries(
            tenantID: tenantID,
            keys: contacts.flatMap { ["contact:\($0.email)", "contact:\($0.email)#\(scope)", "contact:\($0.email)#\(scope)#names"] })
        for var contact in contacts {
            if let earlier = unitsWritten[contact.email], let own = contact.properties[Self.businessUnitsProperty] {
                contact.properties[Self.businessUnitsProperty] = Self.unionOfUnits(own, earlier)
            }
            let entry = known["contact:\(contact.email)"]
            let scoped = known["contact:\(contact.email)#\(scope)"]
            let names = known["contact:\(contact.email)#\(scope)#names"]
            if let id = entry?.targetID ?? contact.existingID { ids[contact.email] = id }
            let (hash, namesHash) = Self.scopedHashes(contact)
            let same =
                scoped.map { $0.contentHash == hash && (namesHash == nil || names?.contentHash == namesHash) }
                ?? (entry?.contentHash == Self.hash(contact.properties))
            if let entry, same, !contact.unitsChange, let id = entry.targetID ?? contact.existingID,
                contact.existingID == nil || contact.existingID == id
            {
                ids[contact.email] = id
                if scoped == nil { migrated += scopedEntries(contact.email, hashes: (hash, namesHash), scope: scope, id: id) }
                continue
            }
            pending.append(contact)
            pendingHashes[contact.email] = (hash, namesHash)
        }
        if !migrated.isEmpty { try await store.putLedgerEntries(migrated) }
        guard !pending.isEmpty else { return ids }
        let result = try await client.contacts.batchUpsertByEmail(
            pending.map { ContactUpsert(email: $0.email, properties: $0.properties) })
        if let failure = result.failedRequests.first { throw failure.error }
        let byEmail = Dictionary(pending.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [LedgerEntry] = []
        for object in result.results {
            let email = (object.properties["email"] ?? "").lowercased()
            guard let contact = byEmail[email] else { continue }
            ids[email] = object.id
            entries.append(ledger("contact:\(email)", target: "contact", id: object.id, hash: Self.hash(contact.properties)))
            entries += scopedEntries(
                email, hashes: pendingHashes[contact.email] ?? Self.scopedHashes(contact), scope: scope, id: object.id)
            if let units = contact.properties[Self.businessUnitsProperty] { unitsWritten[email] = units }
            for index in owners[email] ?? [] { outcomes[index].counts.contactsUpserted += 1 }
        }
        for error in result.errors {
            for email in error.inputIds.map({ $0.lowercased() }) {
                ids[email] = nil
                for index in owners[email] ?? [] {
                    outcomes[index].auditItems.append(AuditItem(email: email, reason: .propertiesNotUpdated, detail: error.description))
                }
            }
        }
        try await store.putLedgerEntries(entries)
        return ids
    }

    static let businessUnitsProperty = "hs_all_assigned_business_unit_ids"

    /// One contact per email: a person in several webinars is written once, with the properties
    /// of the last plan (planned after the others' facts were stored, so its totals count every
    /// webinar), the names any plan had, and the business units of all of them.
    static func merged(_ contacts: [PlannedContact]) -> [PlannedContact] {
        var order: [String] = []
        var byEmail: [String: PlannedContact] = [:]
        for contact in contacts {
            guard var existing = byEmail[contact.email] else {
                order.append(contact.email)
                byEmail[contact.email] = contact
                continue
            }
            let units = unionOfUnits(existing.properties[businessUnitsProperty] ?? "", contact.properties[businessUnitsProperty] ?? "")
            existing.properties.merge(contact.properties) { _, new in new }
            if !units.isEmpty { existing.properties[businessUnitsProperty] = units }
            existing.existingID = existing.existingID ?? contact.existingID
            existing.unitsChange = existing.unitsChange || contact.unitsChange
            byEmail[contact.email] = existing
        }
        return order.compactMap { byEmail[$0] }
    }

    /// Two `;`-separated lists of business unit ids as one, sorted, without repeats.
    static func unionOfUnits(_ first: String, _ second: String) -> String {
        Set((first + ";" + second).split(separator: ";").compactMap { Int($0) }).sorted().map(String.init).joined(separator: ";")
    }

    // MARK: Helpers

    static let nameProperties: Set<String> = ["firstname", "lastname"]

    /// What scoped ledger entries keep: the hash of the properties but names and business
    /// units, and of the names when the contact has any.
    static func scopedHashes(_ contact: PlannedContact) -> (properties: String, names: String?) {
        let core = contact.properties.filter { !nameProperties.contains($0.key) && $0.key != "hs_all_assigned_business_unit_ids" }
        let names = contact.properties.filter { nameProperties.contains($0.key) }
        return (hash(core), names.isEmpty ? nil : hash(names))
    }

    /// The scoped ledger entries of a written contact, from its ``scopedHashes(_:)``.
    private func scopedEntries(_ email: String, hashes: (properties: String, names: String?), scope: String, id: String)
        -> [LedgerEntry]
    {
        var entries = [ledger("contact:\(email)#\(scope)", target: "contact", id: id, hash: hashes.properties)]
        if let names = hashes.names { entries.append(ledger("contact:\(email)#\(scope)#names", target: "contact", id: id, hash: names)) }
        return entries
    }

    func ledger(_ key: String, target: String, id: String?, hash: String) -> LedgerEntry {
        LedgerEntry(tenantID: tenantID, key: key, target: target, targetID: id, contentHash: hash, updatedAt: now())
    }

    static func hash(_ properties: [String: String]) -> String {
        // `key=value` lines in key order, hashed from one byte buffer (no string per line).
        var text: [UInt8] = []
        text.reserveCapacity(properties.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 2 })
        for (index, key) in properties.keys.sorted().enumerated() {
            if index > 0 { text.append(UInt8(ascii: "\n")) }
            text.append(contentsOf: key.utf8)
            text.append(UInt8(ascii: "="))
            text.append(contentsOf: (properties[key] ?? "").utf8)
        }
        return SHA256.hash(data: text).withUnsafeBytes { HexEncoding.string($0, prefix: 16) }
    }

    static func text(_ date: Date?) -> String {
        date.map { String($0.timeIntervalSince1970) } ?? ""
    }
}
