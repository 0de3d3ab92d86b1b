import ConnectorKit
import Foundation
import Store
import SyncEngine
import TenantConfig

/// Explains what Switchyard did with one email in a tenant, from the ledger (contact and
/// participations written), the participation facts, the latest sync of every webinar whose
/// audit log mentions the email, the tenant's current exclusion rules, and the inbox.
struct ContactLookupQuery: Sendable {
    let tenant: TenantConfiguration
    let store: any StateStore

    func lookup(_ email: String) async throws -> ContactLookup {
        let normalized = EmailAddress.normalized(email)
        var reasons = staticReasons(normalized)
        let contact = try await store.ledgerEntry(tenantID: tenant.id, key: "contact:\(normalized)").map {
            ContactRecordView(hubSpotContactID: $0.targetID, lastWrittenAt: $0.updatedAt)
        }
        let facts = try await store.participations(tenantID: tenant.id, emails: [normalized])
        reasons += try await auditReasons(normalized)
        let pending = try await store.inboxItems(tenantID: tenant.id, containing: normalized, limit: 50).map {
            PendingDeliveryView(eventType: $0.eventType, receivedAt: $0.receivedAt, attempts: $0.attempts, lastError: $0.lastError)
        }
        let webinars = try await webinarViews(normalized, facts: facts, reasons: reasons, contactWritten: contact != nil)
        let outcome = Self.outcome(contact: contact, pending: pending, reasons: reasons, seen: !facts.isEmpty)
        return ContactLookup(
            email: email, normalizedEmail: normalized, outcome: outcome,
            explanation: Self.explanation(outcome, contact: contact, pending: pending, reasons: reasons, tenantID: tenant.id),
            contact: contact, reasons: reasons, webinars: webinars, pendingDeliveries: pending)
    }

    /// What the tenant's current rules alone say (no HubSpot lookup): invalid, excluded domain.
    private func staticReasons(_ email: String) -> [ContactReasonView] {
        let verdict = PersonRules.classify(
            email: email, exclusions: tenant.exclusions, directory: PortalDirectory(userEmails: [], secondaryEmails: []),
            state: .unknown)
        guard case .excluded(let reason) = verdict else { return [] }
        return [Self.reason(reason, webinarID: nil, detail: "by the tenant's current settings", sourceName: "the source")]
    }

    /// The items naming the email in the latest completed sync of each webinar that mentions it.
    private func auditReasons(_ email: String) async throws -> [ContactReasonView] {
        var webinarIDs: [String] = []
        for record in try await store.auditRecords(tenantID: tenant.id, mentioning: email, limit: 200)
        where !webinarIDs.contains(record.webinarID) {
            webinarIDs.append(record.webinarID)
        }
        var reasons: [ContactReasonView] = []
        for webinarID in webinarIDs {
            let recent = try await WebinarCatalog(store: store).auditLog(tenantID: tenant.id, webinarID: webinarID, limit: 10)
            guard let latest = recent.first(where: { $0.status != .failed }) ?? recent.first else { continue }
            let items = latest.warnings.flatMap(\.items).filter { $0.email.map(EmailAddress.normalized) == email }
            for item in items where !reasons.contains(where: { $0.reason == item.reason && $0.webinarID == webinarID }) {
                reasons.append(
                    Self.reason(item.reason, webinarID: webinarID, detail: item.detail, sourceName: latest.sourceName ?? "the source"))
            }
        }
        return reasons
    }

    private func webinarViews(_ email: String, facts: [ParticipationFact], reasons: [ContactReasonView], contactWritten: Bool)
        async throws -> [ContactWebinarView]
    {
        let catalog = WebinarCatalog(store: store)
        var ids = facts.map(\.webinarID)
        for reason in reasons { if let id = reason.webinarID, !ids.contains(id) { ids.append(id) } }
        var views: [ContactWebinarView] = []
        for id in ids {
            let fact = facts.first { $0.webinarID == id }
            var written: [String] = []
            for state in PlannedParticipation.State.allCases
            where try await store.ledgerEntry(tenantID: tenant.id, key: "part:\(id):\(state.rawValue):\(email)") != nil {
                written.append(state.rawValue)
            }
            let own = reasons.filter { $0.webinarID == id }
            let outcome: ContactLookup.Outcome =
                !written.isEmpty || (fact != nil && contactWritten && own.isEmpty)
                ? .synced : (own.contains { Self.isExclusion($0.reason) } ? .excluded : .notSynced)
            views.append(
                ContactWebinarView(
                    webinarID: id, topic: try await catalog.entry(tenantID: tenant.id, webinarID: id)?.webinar.topic,
                    registered: fact?.registered ?? false, attended: fact?.attended ?? false,
                    attendancePercent: fact?.attendancePercent, participationsWritten: written, outcome: outcome))
        }
        return views
    }

    static func isExclusion(_ reason: AuditReason) -> Bool {
        reason.kind == .emailsExcluded || reason == .contactDeleted
    }

    /// `sourceName` is the name of the source whose sync recorded the reason.
    static func reason(_ reason: AuditReason, webinarID: String?, detail: String?, sourceName: String) -> ContactReasonView {
        ContactReasonView(
            reason: reason, kind: reason.kind, explanation: reason.explanation(sourceName: sourceName),
            whatToDo: reason.kind.whatToDo(sourceName: sourceName),
            webinarID: webinarID, detail: detail)
    }

    static func outcome(contact: ContactRecordView?, pending: [PendingDeliveryView], reasons: [ContactReasonView], seen: Bool)
        -> ContactLookup.Outcome
    {
        if contact != nil { return .synced }
        if !pending.isEmpty { return .pending }
        if reasons.contains(where: { isExclusion($0.reason) }) { return .excluded }
        if !reasons.isEmpty || seen { return .notSynced }
        return .unknown
    }

    static func explanation(
        _ outcome: ContactLookup.Outcome, contact: ContactRecordView?, pending: [PendingDeliveryView], reasons: [ContactReasonView],
        tenantID: String
    ) -> String {
        let first = reasons.first.map { " \($0.explanation)" } ?? ""
        switch outcome {
        case .synced:
            let id = contact?.hubSpotContactID.map { " \($0)" } ?? ""
            let caveat = reasons.isEmpty ? "" : " Some of its activity was not synced:\(first)"
            return "Switchyard created or updated the HubSpot contact\(id) from this email.\(caveat)"
        case .pending:
            return "\(pending.count) webhook delivery(ies) mentioning this email wait in the inbox; they sync shortly."
        case .excluded:
            return "Switchyard does not create a contact from this email.\(first)"
        case .notSynced:
            return "Webinar syncs saw this email but wrote no contact.\(first.isEmpty ? " The last sync may have failed." : first)"
        case .unknown:
            return "Switchyard has no record of this email in tenant '\(tenantID)': no webinar sync has seen it."
        }
    }
}
