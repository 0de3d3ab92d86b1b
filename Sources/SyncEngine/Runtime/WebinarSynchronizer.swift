import ConnectorKit
import Foundation
import HubSpot
import Logging
import Store
import TenantConfig

/// One webinar of a batched sync: its source data, or why it could not be had.
public struct SyncJob: Sendable {
    /// The webinar.
    public var webinarID: String
    /// The account it belongs to.
    public var source: SourceAccount
    /// What started the sync.
    public var trigger: SyncTrigger
    /// Full snapshot or webhook events only.
    public var mode: PlanningInput.Mode
    /// When its sync started (the audit entry's start).
    public var started: Date
    /// The source data, or the error that kept it from being taken.
    public var snapshot: Result<WebinarSnapshot, any Error>
    /// A webhook said the webinar was deleted: when the source no longer knows it, the sync
    /// ends `skipped` with the reason `webinar_deleted` instead of failing.
    public var deletedInSource = false

    /// Creates a job.
    public init(
        webinarID: String, source: SourceAccount, trigger: SyncTrigger, mode: PlanningInput.Mode, started: Date,
        snapshot: Result<WebinarSnapshot, any Error>
    ) {
        self.webinarID = webinarID
        self.source = source
        self.trigger = trigger
        self.mode = mode
        self.started = started
        self.snapshot = snapshot
    }
}

/// What started a sync.
public enum SyncTrigger: String, Sendable, Codable, Hashable {
    case webhook
    case schedule
    case syncNow = "sync_now"
    /// `switchyard backfill`: a past webinar from the source's history.
    case backfill
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
    /// a registration made after the cancellation still wins. `deletedInSource`: a webhook said
    /// the webinar was deleted; when the source no longer knows it, the sync ends `skipped`
    /// with the reason `webinar_deleted` instead of failing.
    public func syncWebinar(
        id webinarID: String, source: SourceAccount, connector: any Connector, trigger: SyncTrigger,
        cancellations: [Cancellation] = [], deletedInSource: Bool = false
    ) async -> WebinarAuditEntry {
        var job = await snapshotJob(
            webinarID: webinarID, source: source, connector: connector, trigger: trigger,
            application: .snapshot(registrations: [], cancellations: cancellations))
        job.deletedInSource = deletedInSource
        return await sync([job])[0]
    }

    /// The job of one webinar: what its webhook events carry (``WebhookApplication/incremental(_:)``,
    /// no source request), one occurrence's recording and transcript read from the source
    /// (``WebhookApplication/recording(_:instanceUUID:)``), or a fresh snapshot with the events'
    /// registrations and cancellations added (``WebhookApplication/merge(into:registrations:cancellations:)``).
    public func snapshotJob(
        webinarID: String, source: SourceAccount, connector: any Connector, trigger: SyncTrigger, application: WebhookApplication
    ) async -> SyncJob {
        let started = now()
        func job(_ mode: PlanningInput.Mode, _ snapshot: Result<WebinarSnapshot, any Error>) -> SyncJob {
            SyncJob(webinarID: webinarID, source: source, trigger: trigger, mode: mode, started: started, snapshot: snapshot)
        }
        switch application {
        case .incremental(let snapshot):
            return job(.incremental, .success(snapshot))
        case .recording(let webinar, let instanceUUID):
            do {
                let fetched = try await connector.recording(webinarID: webinarID, instanceUUID: instanceUUID)
                // No recording now (deleted, not found): the snapshot below tells the cases apart.
                if let recording = fetched.recording {
                    let snapshot = WebinarSnapshot(
                        webinar: webinar, recording: recording, transcript: fetched.transcript, problems: fetched.problems,
                        takenAt: started)
                    return job(.incremental, .success(snapshot))
                }
            } catch let error as ConnectorError where error.kind == .unsupported {
                // A connector that cannot read one recording: a snapshot instead.
            } catch {
                return job(.incremental, .failure(error))
            }
        case .nothing, .snapshot:
            break
        }
        do {
            var snapshot = try await connector.snapshot(webinarID: webinarID)
            if case .snapshot(let registrations, let cancellations) = application {
                WebhookApplication.merge(into: &snapshot, registrations: registrations, cancellations: cancellations)
            }
            return job(.full, .success(snapshot))
        } catch {
            return job(.full, .failure(error))
        }
    }

    /// Syncs a snapshot (full, or incremental from webhook events). Never throws.
    public func sync(
        snapshot: WebinarSnapshot, mode: PlanningInput.Mode, source: SourceAccount, trigger: SyncTrigger, started: Date? = nil
    ) async -> WebinarAuditEntry {
        let job = SyncJob(
            webinarID: snapshot.webinar.id, source: source, trigger: trigger, mode: mode, started: started ?? now(),
            snapshot: .success(snapshot))
        return await sync([job])[0]
    }

    /// Syncs several webinars together (a reconcile, a drained inbox): HubSpot is read once for
    /// all of their people, and their writes share batch requests (see `PlanExecutor.execute(_:)`);
    /// each webinar still gets its own audit entry and catalog record. Never throws: a webinar
    /// whose source data could not be had, or whose writes failed, gets a `failed` entry.
    public func sync(_ jobs: [SyncJob]) async -> [WebinarAuditEntry] {
        var entries: [WebinarAuditEntry?] = Array(repeating: nil, count: jobs.count)
        var planned: [(index: Int, snapshot: WebinarSnapshot, plan: WebinarPlan)] = []
        for (index, job) in jobs.enumerated() {
            if case .failure(let error) = job.snapshot, job.deletedInSource, (error as? ConnectorError)?.kind == .notFound {
                let entry = WebinarAuditEntry(
                    webinarID: job.webinarID, topic: nil, trigger: job.trigger.rawValue, status: .skipped, startedAt: job.started,
                    finishedAt: now(), counts: SyncCounts(),
                    warnings: AuditWarning.grouping([AuditItem(reason: .webinarDeleted)], sourceName: job.source.profile.sourceName),
                    sourceName: job.source.profile.sourceName)
                await recorder.persist(entry, webinar: nil, source: nil)
                entries[index] = entry
            } else if case .failure(let error) = job.snapshot {
                let item = AuditItem(reason: .sourceDataUnavailable, detail: "\(error)")
                entries[index] = await recorder.recordFailure(
                    webinarID: job.webinarID, topic: nil, trigger: job.trigger, started: job.started, items: [item], error: error,
                    sourceName: job.source.profile.sourceName)
            }
        }
        let ready = jobs.indices.compactMap { index -> (Int, WebinarSnapshot)? in
            guard case .success(let snapshot) = jobs[index].snapshot else { return nil }
            return (index, snapshot)
        }
        do {
            // A full snapshot also reaches the webinar's earlier participants it does not list; a
            // recording applied from its webhook alone reaches them all (see `PlanningInput.isRecordingOnly`).
            var webinarFacts: [Int: [ParticipationFact]] = [:]
            for (index, snapshot) in ready
            where jobs[index].mode == .full || PlanningInput.isRecordingOnly(snapshot, mode: jobs[index].mode) {
                webinarFacts[index] = try await store.participations(
                    tenantID: tenant.id, connectorType: jobs[index].source.connectorType, webinarID: snapshot.webinar.id)
            }
            let shared = try await sharedInput(ready.map { ($0.1, jobs[$0.0].source, webinarFacts[$0.0] ?? []) })
            for (index, snapshot) in ready {
                let input = try await planningInput(
                    snapshot: snapshot, mode: jobs[index].mode, source: jobs[index].source, shared: shared,
                    webinarFacts: webinarFacts[index] ?? [])
                let plan = WebinarPlanner.plan(input)
                // The next webinar's contacts count this one's participation.
                if !plan.skipped { try await store.putParticipations(plan.facts) }
                planned.append((index, snapshot, plan))
            }
        } catch {
            for (index, snapshot) in ready where entries[index] == nil {
                entries[index] = await failure(jobs[index], snapshot: snapshot, error: error)
            }
            return entries.compactMap { $0 }
        }
        let results = await execute(planned.map(\.plan), jobs: planned.map { jobs[$0.index] })
        for ((index, snapshot, plan), result) in zip(planned, results) {
            let job = jobs[index]
            switch result {
            case .failure(let error):
                entries[index] = await failure(job, snapshot: snapshot, error: error)
            case .success(let outcome):
                var counts = plan.counts
                counts.contactsUpserted = outcome.counts.contactsUpserted
                counts.participationsRecorded = outcome.counts.participationsRecorded
                counts.timelineEventsCreated = outcome.counts.timelineEventsCreated
                counts.callsWritten = outcome.counts.callsWritten
                let warnings = AuditWarning.grouping(plan.auditItems + outcome.auditItems, sourceName: job.source.profile.sourceName)
                let status: SyncStatus = plan.skipped ? .skipped : (warnings.isEmpty ? .synced : .syncedWithWarnings)
                let entry = WebinarAuditEntry(
                    webinarID: snapshot.webinar.id, topic: snapshot.webinar.topic, trigger: job.trigger.rawValue, status: status,
                    startedAt: job.started, finishedAt: now(), counts: counts, warnings: warnings, sourceName: job.source.profile.sourceName
                )
                await recorder.persist(entry, webinar: snapshot.webinar, source: job.source, recordsOutcome: job.mode == .full)
                entries[index] = entry
            }
        }
        return entries.compactMap { $0 }
    }

    /// Executes plans in one batch per connector type (each type has its own timeline templates).
    private func execute(_ plans: [WebinarPlan], jobs: [SyncJob]) async -> [Result<PlanExecutor.Outcome, any Error>] {
        var results: [Result<PlanExecutor.Outcome, any Error>?] = Array(repeating: nil, count: plans.count)
        var unitsWritten: [String: String] = [:]
        for type in Set(jobs.map(\.source.connectorType)).sorted() {
            let indices = jobs.indices.filter { jobs[$0].source.connectorType == type }
            let executor = PlanExecutor(
                tenantID: tenant.id, client: client, store: store, templates: templates.ids(for: type), properties: properties, now: now)
            let outcomes = await executor.execute(indices.map { plans[$0] }, unitsWritten: &unitsWritten)
            for (index, outcome) in zip(indices, outcomes) { results[index] = outcome }
        }
        return results.map { $0 ?? .success(PlanExecutor.Outcome()) }
    }

    private func failure(_ job: SyncJob, snapshot: WebinarSnapshot, error: any Error) async -> WebinarAuditEntry {
        let item = AuditItem(reason: .hubSpotError, detail: "\(error)")
        return await recorder.recordFailure(
            webinarID: snapshot.webinar.id, topic: snapshot.webinar.topic, trigger: job.trigger, started: job.started, items: [item],
            error: error, sourceName: job.source.profile.sourceName)
    }

    /// What HubSpot says of the people of several webinars, read once for all of them.
    private struct SharedInput {
        var directory: PortalDirectory
        var contactStates: [String: ContactState]
        var previouslySynced: Set<String>
    }

    private func sharedInput(_ snapshots: [(WebinarSnapshot, SourceAccount, [ParticipationFact])]) async throws -> SharedInput? {
        let open = snapshots.filter { snapshot, source, _ in
            WebinarGate.decide(webinar: snapshot.webinar, settings: tenant.sync, exclusions: tenant.exclusions, account: source).syncWebinar
        }
        guard !open.isEmpty else { return nil }
        let directory = try await knowledge.directory()
        // Only people the static rules let through need a HubSpot lookup.
        let emails = open.reduce(into: Set<String>()) { emails, item in
            emails.formUnion(probe(snapshot: item.0, mode: .full, source: item.1).emails)
            emails.formUnion(Self.participants(item.2))
        }
        let candidates = emails.sorted().filter { email in
            PersonRules.classify(email: email, exclusions: tenant.exclusions, directory: directory, state: .unknown) == .eligible
        }
        let states = try await knowledge.contactStates(of: candidates)
        var previously: Set<String> = []
        let unknown = candidates.filter { states[$0] == nil }
        let known = try await store.ledgerEntries(tenantID: tenant.id, keys: unknown.map { "contact:\($0)" })
        for email in unknown where known["contact:\(email)"]?.targetID != nil { previously.insert(email) }
        return SharedInput(directory: directory, contactStates: states, previouslySynced: previously)
    }

    private func probe(snapshot: WebinarSnapshot, mode: PlanningInput.Mode, source: SourceAccount) -> PlanningInput {
        PlanningInput(
            tenantID: tenant.id, snapshot: snapshot, mode: mode, settings: tenant.sync, exclusions: tenant.exclusions,
            account: source, directory: PortalDirectory(userEmails: [], secondaryEmails: []), contactStates: [:],
            previouslySynced: [], existingFacts: [], writeBusinessUnits: tenant.businessUnits.count > 1)
    }

    private func planningInput(
        snapshot: WebinarSnapshot, mode: PlanningInput.Mode, source: SourceAccount, shared: SharedInput?, webinarFacts: [ParticipationFact]
    ) async throws -> PlanningInput {
        var input = probe(snapshot: snapshot, mode: mode, source: source)
        let gate = WebinarGate.decide(webinar: snapshot.webinar, settings: tenant.sync, exclusions: tenant.exclusions, account: source)
        guard gate.syncWebinar, let shared else { return input }
        input.directory = shared.directory
        let emails = input.emails
        let people = emails.union(Self.participants(webinarFacts))
        input.contactStates = shared.contactStates.filter { people.contains($0.key) }
        input.previouslySynced = shared.previouslySynced.intersection(people)
        input.existingFacts = try await store.participations(tenantID: tenant.id, emails: emails.sorted())
        input.webinarFacts = webinarFacts
        return input
    }

    /// The emails of the facts' registrants and attendees.
    private static func participants(_ facts: [ParticipationFact]) -> Set<String> {
        Set(facts.filter { $0.registered || $0.attended }.map(\.email))
    }

    private var recorder: AuditRecorder {
        AuditRecorder(tenantID: tenant.id, store: store, logger: logger, now: now)
    }
}
