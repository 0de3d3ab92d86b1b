import ConnectorKit
import Foundation
import HubSpot
import Logging
import Store
import TenantConfig

/// What started a sync.
public enum SyncTrigger: String, Sendable, Codable, Hashable {
    case webhook
    case schedule
    case syncNow = "sync_now"
}

/// Syncs webinars of one tenant into its HubSpot account: takes the source data (a full
/// snapshot or webhook events), applies the rules, writes, and records the audit log.
public struct WebinarSynchronizer: Sendable {
    /// The tenant.
    public var tenant: TenantConfiguration
    /// Its HubSpot client.
    public var client: HubSpotClient
    /// Its HubSpot knowledge cache.
    public var knowledge: PortalKnowledge
    /// The state store.
    public var store: any StateStore
    /// Its timeline templates, per connector type.
    public var templates: TenantTimelineTemplates
    /// The optional properties its portal lacks (none dropped when `nil`).
    public var properties: PortalPropertyCatalog?
    /// Logger.
    public var logger: Logger
    /// Clock.
    public var now: @Sendable () -> Date

    /// Creates a synchronizer.
    public init(
        tenant: TenantConfiguration, client: HubSpotClient, knowledge: PortalKnowledge, store: any StateStore,
        templates: TenantTimelineTemplates, properties: PortalPropertyCatalog? = nil, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.properties = properties
        self.tenant = tenant
        self.client = client
        self.knowledge = knowledge
        self.store = store
        self.templates = templates
        self.logger = logger
        self.now = now
    }

    /// Takes a full snapshot of a webinar through the connector and syncs it ("sync now",
    /// reconciles, webhooks). Never throws: a failure is recorded as a `failed` audit entry.
    ///
    /// `cancellations` are ones a webhook reported: a source API may not list cancelled
    /// registrations at all (e.g. it lists them as denied), so they are added to the snapshot;
    /// a registration made after the cancellation still wins.
    public func syncWebinar(
        id webinarID: String, source: SourceAccount, connector: any Connector, trigger: SyncTrigger,
        cancellations: [Cancellation] = []
    ) async -> WebinarAuditEntry {
        let started = now()
        var snapshot: WebinarSnapshot
        do {
            snapshot = try await connector.snapshot(webinarID: webinarID)
            let known = Set(snapshot.cancellations.map { $0.email.lowercased() })
            snapshot.cancellations += cancellations.filter { !known.contains($0.email.lowercased()) }
        } catch {
            let item = AuditItem(reason: .sourceDataUnavailable, detail: "\(error)")
            return await recorder.recordFailure(
                webinarID: webinarID, topic: nil, trigger: trigger, started: started, items: [item], error: error,
                sourceName: source.profile.sourceName)
        }
        return await sync(snapshot: snapshot, mode: .full, source: source, trigger: trigger, started: started)
    }

    /// Syncs a snapshot (full, or incremental from webhook events). Never throws.
    public func sync(
        snapshot: WebinarSnapshot, mode: PlanningInput.Mode, source: SourceAccount, trigger: SyncTrigger, started: Date? = nil
    ) async -> WebinarAuditEntry {
        let started = started ?? now()
        do {
            let input = try await planningInput(snapshot: snapshot, mode: mode, source: source)
            let plan = WebinarPlanner.plan(input)
            let outcome = try await PlanExecutor(
                tenantID: tenant.id, client: client, store: store, templates: templates.ids(for: source.connectorType),
                properties: properties, now: now
            ).execute(plan)
            var counts = plan.counts
            counts.contactsUpserted = outcome.counts.contactsUpserted
            counts.participationsRecorded = outcome.counts.participationsRecorded
            counts.timelineEventsCreated = outcome.counts.timelineEventsCreated
            counts.callsWritten = outcome.counts.callsWritten
            let warnings = AuditWarning.grouping(plan.auditItems + outcome.auditItems, sourceName: source.profile.sourceName)
            let status: SyncStatus = plan.skipped ? .skipped : (warnings.isEmpty ? .synced : .syncedWithWarnings)
            let entry = WebinarAuditEntry(
                webinarID: snapshot.webinar.id, topic: snapshot.webinar.topic, trigger: trigger.rawValue, status: status,
                startedAt: started, finishedAt: now(), counts: counts, warnings: warnings, sourceName: source.profile.sourceName)
            await recorder.persist(entry, webinar: snapshot.webinar, source: source)
            return entry
        } catch {
            let item = AuditItem(reason: .hubSpotError, detail: "\(error)")
            return await recorder.recordFailure(
                webinarID: snapshot.webinar.id, topic: snapshot.webinar.topic, trigger: trigger, started: started, items: [item],
                error: error, sourceName: source.profile.sourceName)
        }
    }

    private func planningInput(snapshot: WebinarSnapshot, mode: PlanningInput.Mode, source: SourceAccount) async throws
        -> PlanningInput
    {
        let probe = PlanningInput(
            tenantID: tenant.id, snapshot: snapshot, mode: mode, settings: tenant.sync, exclusions: tenant.exclusions,
            account: source, directory: PortalDirectory(userEmails: [], secondaryEmails: []), contactStates: [:],
            previouslySynced: [], existingFacts: [], writeBusinessUnits: tenant.businessUnits.count > 1)
        let gate = WebinarGate.decide(webinar: snapshot.webinar, settings: tenant.sync, exclusions: tenant.exclusions, account: source)
        guard gate.syncWebinar else { return probe }
        let directory = try await knowledge.directory()
        // Only people the static rules let through need a HubSpot lookup.
        let candidates = probe.emails.sorted().filter { email in
            PersonRules.classify(email: email, exclusions: tenant.exclusions, directory: directory, state: .unknown) == .eligible
        }
        var input = probe
        input.directory = directory
        input.contactStates = try await knowledge.contactStates(of: candidates)
        var previously: Set<String> = []
        let unknown = candidates.filter { input.contactStates[$0] == nil }
        let known = try await store.ledgerEntries(tenantID: tenant.id, keys: unknown.map { "contact:\($0)" })
        for email in unknown where known["contact:\(email)"]?.targetID != nil { previously.insert(email) }
        input.previouslySynced = previously
        input.existingFacts = try await store.participations(tenantID: tenant.id, emails: candidates)
        return input
    }

    private var recorder: AuditRecorder {
        AuditRecorder(tenantID: tenant.id, store: store, logger: logger, now: now)
    }
}
