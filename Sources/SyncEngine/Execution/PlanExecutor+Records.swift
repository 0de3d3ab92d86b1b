import Foundation
import HubSpot
import Store

/// Timeline events (batched across webinars) and recording calls (per webinar).
extension PlanExecutor {
    /// Creates the timeline events of the plans in `indices` in shared batch requests.
    func writeTimelineEvents(plans: [WebinarPlan], indices: [Int], contactIDs: [String: String], outcomes: inout [Outcome])
        async throws
    {
        var inputs: [TimelineEventInput] = []
        var owner: [String: Int] = [:]
        let alreadyWritten = try await store.ledgerEntries(
            tenantID: tenantID, keys: indices.flatMap { plans[$0].timelineEvents.map { "tl:\($0.id)" } })
        for index in indices {
            for event in plans[index].timelineEvents where owner[event.id] == nil {
                if alreadyWritten["tl:\(event.id)"] != nil { continue }
                guard let templateID = templates.id(for: event.kind) else {
                    outcomes[index].auditItems.append(
                        AuditItem(
                            email: event.email, reason: .timelineEventFailed,
                            detail: "no timeline template: the app's developer API key is not configured"))
                    continue
                }
                guard let contactID = contactIDs[event.email] else {
                    outcomes[index].auditItems.append(
                        AuditItem(email: event.email, reason: .timelineEventFailed, detail: "the contact was not written"))
                    continue
                }
                owner[event.id] = index
                inputs.append(
                    TimelineEventInput(
                        id: event.id, eventTemplateId: templateID, tokens: event.tokens, objectId: contactID, timestamp: event.timestamp
                    ))
            }
        }
        guard !inputs.isEmpty else { return }
        let result = try await client.timeline.createEvents(inputs)
        if let failure = result.failedRequests.first { throw failure.error }
        var refused: Set<String> = []
        for error in result.errors {
            let duplicate = error.category == "OBJECT_ALREADY_EXISTS" || error.category == "CONFLICT"
            if !duplicate {
                refused.formUnion(error.inputIds)
                let affected = Set(error.inputIds.compactMap { owner[$0] })
                for index in affected.isEmpty ? Set(indices) : affected {
                    outcomes[index].auditItems.append(AuditItem(reason: .timelineEventFailed, detail: error.description))
                }
            }
        }
        let created = Set(result.results.map(\.id))
        for id in created { if let index = owner[id] { outcomes[index].counts.timelineEventsCreated += 1 } }
        let written = inputs.filter { !refused.contains($0.id) }
        try await store.putLedgerEntries(written.map { ledger("tl:\($0.id)", target: "timeline_event", id: $0.id, hash: "1") })
    }

    // MARK: Call

    func writeCall(_ call: PlannedCall?, contactIDs: [String: String], outcome: inout Outcome) async throws {
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
}
