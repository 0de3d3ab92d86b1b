import Foundation
import HubSpot
import Store

/// Marketing events (batched across webinars) and their participations (per webinar).
extension PlanExecutor {
    /// Creates or updates the marketing events of the plans in `indices` in shared batch
    /// requests; returns the plans whose participations cannot be written (no event, or HubSpot
    /// refused it). An incremental plan never rewrites an event HubSpot already has.
    func writeMarketingEvents(_ plans: [WebinarPlan], indices: [Int], outcomes: inout [Outcome]) async throws -> Set<Int> {
        var withoutEvent: Set<Int> = []
        var pending: [(index: Int, key: String, hash: String, input: MarketingEventInput)] = []
        for index in indices {
            guard let event = plans[index].marketingEvent else {
                withoutEvent.insert(index)
                continue
            }
            let key = "mevent:\(event.externalAccountID):\(event.externalEventID)"
            let hash = Self.hash([
                "name": event.name, "organizer": event.organizer, "start": Self.text(event.startAt), "end": Self.text(event.endAt),
                "url": event.url ?? "", "type": event.eventType,
            ])
            let entry = try await store.ledgerEntry(tenantID: tenantID, key: key)
            if entry?.contentHash == hash || (entry != nil && plans[index].mode == .incremental) { continue }
            let input = MarketingEventInput(
                externalAccountId: event.externalAccountID, externalEventId: event.externalEventID, eventName: event.name,
                eventOrganizer: event.organizer, startDateTime: event.startAt, endDateTime: event.endAt, eventUrl: event.url,
                eventType: event.eventType, eventCancelled: event.cancelled)
            pending.append((index, key, hash, input))
        }
        guard !pending.isEmpty else { return withoutEvent }
        let result = try await client.marketingEvents.upsert(pending.map(\.input))
        if let failure = result.failedRequests.first { throw failure.error }
        for error in result.errors {
            let named = Set(error.inputIds)
            for item in pending where named.isEmpty || named.contains(item.input.externalEventId) {
                outcomes[item.index].auditItems.append(AuditItem(reason: .recordRejected, detail: "marketing event: \(error.description)"))
                withoutEvent.insert(item.index)
            }
        }
        try await store.putLedgerEntries(
            pending.filter { !withoutEvent.contains($0.index) }.map {
                ledger($0.key, target: "marketing_event", id: $0.input.externalEventId, hash: $0.hash)
            })
        return withoutEvent
    }

    /// Records a plan's participations, register before attend before cancel (the source's order).
    func writeParticipations(_ plan: WebinarPlan, outcome: inout Outcome) async throws {
        guard let event = plan.marketingEvent else { return }
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
                let entry = known[key]
                switch entry?.contentHash {
                case hash: continue
                case Self.intent(hash): uncertain.append(PendingParticipation(key: key, hash: hash, participation: participation))
                default:
                    if try await isCurrentState(entry, of: participation, event: event) { continue }
                    pending.append(PendingParticipation(key: key, hash: hash, participation: participation))
                }
            }
            if !uncertain.isEmpty {
                // A write whose answer never arrived (the host stopped): ask HubSpot what it has.
                let known: [String: MarketingEventParticipation]
                if let recorded { known = recorded } else { known = try await breakdown(event) }
                recorded = known
                let (done, missing) = Self.split(uncertain, state: state, recorded: known)
                try await store.putLedgerEntries(done.map { participationLedger($0, hash: $0.hash) })
                pending += missing
            }
            guard !pending.isEmpty, let hubSpotState = MarketingEventSubscriberState(rawValue: state.rawValue) else { continue }
            try await store.putLedgerEntries(pending.map { participationLedger($0, hash: Self.intent($0.hash)) })
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
            try await store.putLedgerEntries(written.map { participationLedger($0, hash: $0.hash) })
        }
    }

    func participationLedger(_ item: PendingParticipation, hash: String) -> LedgerEntry {
        ledger(item.key, target: "participation", id: nil, hash: hash)
    }

    /// Whether HubSpot already has the person in this state: a registration or a cancellation
    /// is written once per change of state. The last of the two written is the person's state
    /// (a registration after a cancellation is written again). Times differ between a webhook
    /// (its own timestamp) and the source's API (the record's), so a registration or
    /// cancellation seen again from the other side is not a new one.
    func isCurrentState(_ entry: LedgerEntry?, of participation: PlannedParticipation, event: PlannedMarketingEvent) async throws
        -> Bool
    {
        guard let entry, !entry.contentHash.hasPrefix(Self.intentPrefix), participation.state != .attend else { return false }
        let other: PlannedParticipation.State = participation.state == .register ? .cancel : .register
        let key = "part:\(event.externalEventID):\(other.rawValue):\(participation.email)"
        guard let opposite = try await store.ledgerEntry(tenantID: tenantID, key: key),
            !opposite.contentHash.hasPrefix(Self.intentPrefix)
        else { return true }
        // Written in the same sync, the cancellation came last.
        return participation.state == .register ? entry.updatedAt > opposite.updatedAt : entry.updatedAt >= opposite.updatedAt
    }
}
