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

    /// Executes the plan.
    public func execute(_ plan: WebinarPlan) async throws -> Outcome {
        var outcome = Outcome()
        guard !plan.skipped else { return outcome }
        try await store.putParticipations(plan.facts)
        var plan = plan
        let contactIDs = try await withoutMissingProperties("contacts", plan: &plan, outcome: &outcome) { plan, outcome in
            try await writeContacts(plan.contacts, outcome: &outcome)
        }
        try await writeMarketingEvent(plan, outcome: &outcome)
        try await writeTimelineEvents(plan.timelineEvents, contactIDs: contactIDs, outcome: &outcome)
        try await withoutMissingProperties("calls", plan: &plan, outcome: &outcome) { plan, outcome in
            try await writeCall(plan.call, contactIDs: contactIDs, outcome: &outcome)
        }
        return outcome
    }

    // MARK: Contacts

    private func writeContacts(_ contacts: [PlannedContact], outcome: inout Outcome) async throws -> [String: String] {
        var ids: [String: String] = [:]
        var pending: [PlannedContact] = []
        let known = try await store.ledgerEntries(tenantID: tenantID, keys: contacts.map { "contact:\($0.email)" })
        for contact in contacts {
            let entry = known["contact:\(contact.email)"]
            if let id = entry?.targetID ?? contact.existingID { ids[contact.email] = id }
            if let entry, entry.contentHash == Self.hash(contact.properties), let id = entry.targetID ?? contact.existingID,
                contact.existingID == nil || contact.existingID == id
            {
                ids[contact.email] = id
                continue
            }
            pending.append(contact)
        }
        guard !pending.isEmpty else { return ids }
        let result = try await client.contacts.batchUpsertByEmail(
            pending.map { ContactUpsert(email: $0.email, properties: $0.properties) })
        if let failure = result.failedRequests.first { throw failure.error }
        var entries: [LedgerEntry] = []
        for object in result.results {
            let email = (object.properties["email"] ?? "").lowercased()
            guard let contact = pending.first(where: { $0.email == email }) else { continue }
            ids[email] = object.id
            entries.append(ledger("contact:\(email)", target: "contact", id: object.id, hash: Self.hash(contact.properties)))
        }
        for error in result.errors {
            for email in error.inputIds.map({ $0.lowercased() }) {
                ids[email] = nil
                outcome.auditItems.append(AuditItem(email: email, reason: .propertiesNotUpdated, detail: error.description))
            }
        }
        outcome.counts.contactsUpserted += entries.count
        try await store.putLedgerEntries(entries)
        return ids
    }

    // MARK: Marketing event and participations

    private func writeMarketingEvent(_ plan: WebinarPlan, outcome: inout Outcome) async throws {
        guard let event = plan.marketingEvent else { return }
        let eventKey = "mevent:\(event.externalAccountID):\(event.externalEventID)"
        let eventHash = Self.hash([
            "name": event.name, "organizer": event.organizer, "start": Self.text(event.startAt), "end": Self.text(event.endAt),
            "url": event.url ?? "", "type": event.eventType,
        ])
        if try await store.ledgerEntry(tenantID: tenantID, key: eventKey)?.contentHash != eventHash {
            let input = MarketingEventInput(
                externalAccountId: event.externalAccountID, externalEventId: event.externalEventID, eventName: event.name,
                eventOrganizer: event.organizer, startDateTime: event.startAt, endDateTime: event.endAt, eventUrl: event.url,
                eventType: event.eventType, eventCancelled: event.cancelled)
            let result = try await client.marketingEvents.upsert([input])
            if let failure = result.failedRequests.first { throw failure.error }
            if let error = result.errors.first {
                outcome.auditItems.append(AuditItem(reason: .recordRejected, detail: "marketing event: \(error.description)"))
                return
            }
            try await store.putLedgerEntries([ledger(eventKey, target: "marketing_event", id: event.externalEventID, hash: eventHash)])
        }
        var recorded: [String: MarketingEventParticipation]?
        for state in PlannedParticipation.State.allCases {
            var pending: [PendingParticipation] = []
            var uncertain: [PendingParticipation] = []
            let participations = plan.participations.filter { $0.state == state }
            let keyPrefix = "part:\(event.externalEventID):\(state.rawValue):"
            let known = try await store.ledgerEntries(tenantID: tenantID, keys: participations.map { keyPrefix + $0.email })
            for participation in participations {
                let key = keyPrefix + participation.email
                let hash = Self.hash([
                    "at": Self.text(participation.interactionAt), "joined": Self.text(participation.joinedAt),
                    "left": Self.text(participation.leftAt),
                ])
                switch known[key]?.contentHash {
                case hash: continue
                case Self.intent(hash): uncertain.append(PendingParticipation(key: key, hash: hash, participation: participation))
                default: pending.append(PendingParticipation(key: key, hash: hash, participation: participation))
                }
            }
            if !uncertain.isEmpty {
                // A write whose answer never arrived (the host stopped): ask HubSpot what it has.
                let known: [String: MarketingEventParticipation]
                if let recorded { known = recorded } else { known = try await breakdown(event) }
                recorded = known
                let (done, missing) = Self.split(uncertain, state: state, recorded: known)
                try await store.putLedgerEntries(done.map { ledger($0.key, target: "participation", id: nil, hash: $0.hash) })
                pending += missing
            }
            guard !pending.isEmpty, let hubSpotState = MarketingEventSubscriberState(rawValue: state.rawValue) else { continue }
            try await store.putLedgerEntries(pending.map { ledger($0.key, target: "participation", id: nil, hash: Self.intent($0.hash)) })
            let subscribers = pending.map { item in
                MarketingEventSubscriber(
                    email: item.participation.email, interactionDateTime: item.participation.interactionAt ?? now(),
                    joinedAt: state == .attend ? item.participation.joinedAt : nil,
                    leftAt: state == .attend ? item.participation.leftAt : nil)
            }
            let result = try await client.marketingEvents.recordParticipation(
                externalEventId: event.externalEventID, externalAccountId: event.externalAccountID, state: hubSpotState,
                subscribers: subscribers)
            if let failure = result.failedRequests.first { throw failure.error }
            let refused = Set(result.errors.flatMap(\.inputIds).map { $0.lowercased() })
            for error in result.errors {
                outcome.auditItems.append(AuditItem(reason: .recordRejected, detail: "marketing event participation: \(error.description)"))
            }
            let written = pending.filter { !refused.contains($0.participation.email) }
            outcome.counts.participationsRecorded += written.count
            try await store.putLedgerEntries(written.map { ledger($0.key, target: "participation", id: nil, hash: $0.hash) })
        }
    }

    // MARK: Timeline events

    private func writeTimelineEvents(_ events: [PlannedTimelineEvent], contactIDs: [String: String], outcome: inout Outcome)
        async throws
    {
        var inputs: [TimelineEventInput] = []
        let alreadyWritten = try await store.ledgerEntries(tenantID: tenantID, keys: events.map { "tl:\($0.id)" })
        for event in events {
            if alreadyWritten["tl:\(event.id)"] != nil { continue }
            guard let templateID = templates.id(for: event.kind) else {
                outcome.auditItems.append(
                    AuditItem(
                        email: event.email, reason: .timelineEventFailed,
                        detail: "no timeline template: the app's developer API key is not configured"))
                continue
            }
            guard let contactID = contactIDs[event.email] else {
                outcome.auditItems.append(
                    AuditItem(email: event.email, reason: .timelineEventFailed, detail: "the contact was not written"))
                continue
            }
            inputs.append(
                TimelineEventInput(
                    id: event.id, eventTemplateId: templateID, tokens: event.tokens, objectId: contactID, timestamp: event.timestamp))
        }
        guard !inputs.isEmpty else { return }
        let result = try await client.timeline.createEvents(inputs)
        if let failure = result.failedRequests.first { throw failure.error }
        var refused: Set<String> = []
        for error in result.errors {
            let duplicate = error.category == "OBJECT_ALREADY_EXISTS" || error.category == "CONFLICT"
            if !duplicate {
                refused.formUnion(error.inputIds)
                outcome.auditItems.append(AuditItem(reason: .timelineEventFailed, detail: error.description))
            }
        }
        let written = inputs.filter { !refused.contains($0.id) }
        outcome.counts.timelineEventsCreated += result.results.count
        try await store.putLedgerEntries(written.map { ledger("tl:\($0.id)", target: "timeline_event", id: $0.id, hash: "1") })
    }

    // MARK: Call

    private func writeCall(_ call: PlannedCall?, contactIDs: [String: String], outcome: inout Outcome) async throws {
        guard let call else { return }
        let key = "call:\(call.key)"
        let associated = call.attendeeEmails.compactMap { contactIDs[$0] }.sorted()
        var hashed = call.properties
        hashed["_contacts"] = associated.joined(separator: ",")
        let hash = Self.hash(hashed)
        let existing = try await store.ledgerEntry(tenantID: tenantID, key: key)
        if existing?.contentHash == hash { return }
        var callID = existing?.targetID
        if callID == nil, existing?.contentHash.hasPrefix(Self.intentPrefix) == true {
            callID = try await findCall(call)  // created before the host stopped, unrecorded
        }
        if let id = callID {
            _ = try await client.calls.update(id: id, properties: call.properties)
        } else {
            try await store.putLedgerEntries([ledger(key, target: "call", id: nil, hash: Self.intent(hash))])
            let timestamp = call.properties["hs_timestamp"].flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1000) } ?? now()
            var extra = call.properties
            for standard in ["hs_timestamp", "hs_call_title", "hs_call_body", "hs_call_recording_url", "hs_call_status"] {
                extra[standard] = nil
            }
            let created = try await client.calls.create(
                CallInput(
                    timestamp: timestamp, title: call.properties["hs_call_title"], body: call.properties["hs_call_body"],
                    recordingURL: call.properties["hs_call_recording_url"], status: call.properties["hs_call_status"],
                    extraProperties: extra, contactIds: associated, traceId: "\(tenantID)-\(call.key)"))
            try await store.putLedgerEntries([ledger(key, target: "call", id: created.id, hash: hash)])
            outcome.counts.callsWritten += 1
            return
        }
        try await store.putLedgerEntries([ledger(key, target: "call", id: callID, hash: hash)])
        outcome.counts.callsWritten += 1
    }

    // MARK: Helpers

    private func ledger(_ key: String, target: String, id: String?, hash: String) -> LedgerEntry {
        LedgerEntry(tenantID: tenantID, key: key, target: target, targetID: id, contentHash: hash, updatedAt: now())
    }

    static func hash(_ properties: [String: String]) -> String {
        let text = properties.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        return HexEncoding.string(SHA256.hash(data: Data(text.utf8)).prefix(16))
    }

    static func text(_ date: Date?) -> String {
        date.map { String($0.timeIntervalSince1970) } ?? ""
    }
}
