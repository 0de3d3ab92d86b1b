import AsyncHTTPClient
import ConnectorKit
import Foundation
import HubSpot
import Logging
import Store
import SyncEngine
import TenantConfig

/// Why a sync could not even start.
public struct SyncRequestError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// Owns the sync side of every tenant: its HubSpot client (one request budget per portal,
/// shared by everything that talks to it), the one-time setup of its HubSpot account, and
/// a queue that runs its syncs one at a time — so webhooks, reconciles and "sync now" never
/// race, while different tenants run independently.
public actor SyncCoordinator {
    private struct TenantState {
        var version: String
        var synchronizer: WebinarSynchronizer
    }

    nonisolated let store: any StateStore
    private let httpClient: HTTPClient
    private let sandboxBaseURLs: [String: String]
    private let logger: Logger
    private let metrics: HostMetrics?
    private var budgets: [Int: HubSpotRequestBudget] = [:]
    private var tenants: [String: TenantState] = [:]
    private var queues: [String: SerialQueue] = [:]
    private var publicBaseURL: String?
    /// Tenant setups in flight, by tenant and version, with how many callers wait for each.
    private var setups: [String: (task: Task<WebinarSynchronizer, any Error>, waiters: Int)] = [:]

    /// Creates the coordinator.
    public init(
        store: any StateStore, httpClient: HTTPClient, sandboxBaseURLs: [String: String], logger: Logger,
        metrics: HostMetrics? = nil
    ) {
        self.store = store
        self.httpClient = httpClient
        self.sandboxBaseURLs = sandboxBaseURLs
        self.logger = logger
        self.metrics = metrics
    }

    /// The request budget of every HubSpot portal in use, by portal id.
    public func budgetSnapshots() async -> [(portalID: Int, snapshot: HubSpotRequestBudget.Snapshot)] {
        var snapshots: [(portalID: Int, snapshot: HubSpotRequestBudget.Snapshot)] = []
        for (portalID, budget) in budgets { snapshots.append((portalID, await budget.snapshot())) }
        return snapshots
    }

    /// Sets the URL HubSpot reaches the host at (setup installs the workflow action there).
    public func setPublicBaseURL(_ url: String) {
        publicBaseURL = url
    }

    /// Sets the tenant's HubSpot account up (once per configuration version), outside its sync queue.
    public func prepare(_ runtime: TenantRuntime) async throws {
        _ = try await synchronizer(for: runtime)
    }

    /// The source account of a connector instance, as the rules see it.
    public static func source(of instance: ConnectorInstance) -> SourceAccount {
        SourceAccount(
            connectorType: instance.type, accountKey: instance.connector.routingKey, businessUnitID: instance.businessUnitID,
            hostPolicies: instance.connector.hostPolicies, profile: instance.descriptor.hubSpotProfile)
    }

    /// Runs `operation` in the tenant's queue with its synchronizer (set up on first use and
    /// whenever the tenant's configuration changed).
    public func withSynchronizer<T: Sendable>(
        _ runtime: TenantRuntime, _ operation: @Sendable @escaping (WebinarSynchronizer) async throws -> T
    ) async throws -> T {
        let queue = queues[runtime.id] ?? SerialQueue()
        queues[runtime.id] = queue
        return try await queue.run {
            let synchronizer = try await self.synchronizer(for: runtime)
            return try await operation(synchronizer)
        }
    }

    /// Syncs one webinar of a tenant now through the connector that owns it; `onStart` is
    /// called when the tenant's queue reaches it (its earlier syncs are done).
    public func syncWebinar(
        _ runtime: TenantRuntime, webinarID: String, trigger: SyncTrigger, onStart: @Sendable @escaping () async -> Void = {}
    ) async throws -> WebinarAuditEntry {
        let owner = try await owner(of: webinarID, in: runtime)
        return await sync(runtime, webinarID: webinarID, from: owner, trigger: trigger, onStart: onStart)
    }

    /// Takes a full snapshot of a webinar from `instance` and syncs it in the tenant's queue.
    /// Never throws: when even the tenant's HubSpot setup fails, that is recorded as a
    /// `failed` audit entry with HubSpot's message, like any other failed sync. `onStart` is
    /// called when the tenant's queue reaches it.
    ///
    /// `cancellations` are the ones webhooks reported, `deletedInSource` whether one reported the
    /// webinar deleted (see ``WebinarSynchronizer/syncWebinar(id:source:connector:trigger:cancellations:deletedInSource:)``).
    public func sync(
        _ runtime: TenantRuntime, webinarID: String, from instance: ConnectorInstance, trigger: SyncTrigger,
        cancellations: [Cancellation] = [], deletedInSource: Bool = false, onStart: @Sendable @escaping () async -> Void = {}
    ) async -> WebinarAuditEntry {
        let entry = await syncCounted(
            runtime, webinarID: webinarID, from: instance, trigger: trigger, cancellations: cancellations,
            deletedInSource: deletedInSource, onStart: onStart)
        metrics?.sync(
            trigger: trigger.rawValue, status: entry.status.rawValue,
            duration: .seconds(entry.finishedAt.timeIntervalSince(entry.startedAt)))
        return entry
    }

    private func syncCounted(
        _ runtime: TenantRuntime, webinarID: String, from instance: ConnectorInstance, trigger: SyncTrigger,
        cancellations: [Cancellation], deletedInSource: Bool, onStart: @Sendable @escaping () async -> Void
    ) async -> WebinarAuditEntry {
        let started = Date()
        do {
            return try await withSynchronizer(runtime) { synchronizer in
                await onStart()
                return await synchronizer.syncWebinar(
                    id: webinarID, source: Self.source(of: instance), connector: instance.connector, trigger: trigger,
                    cancellations: cancellations, deletedInSource: deletedInSource)
            }
        } catch {
            return await setupFailure(runtime, webinarID: webinarID, instance: instance, trigger: trigger, started: started, error: error)
        }
    }

    /// One webinar of a batched sync: the connector instance it belongs to, and how its
    /// webhook events apply (a fresh snapshot for reconciles).
    public struct BatchItem: Sendable {
        /// The webinar.
        public var webinarID: String
        /// The connector instance it belongs to.
        public var instance: ConnectorInstance
        /// From its webhook events, or from a fresh snapshot.
        public var application: WebhookApplication
        /// A webhook said the webinar was deleted (see ``SyncJob/deletedInSource``).
        public var deletedInSource = false

        /// Creates an item; by default the webinar is synced from a fresh snapshot.
        public init(
            webinarID: String, instance: ConnectorInstance,
            application: WebhookApplication = .snapshot(registrations: [], cancellations: [])
        ) {
            self.webinarID = webinarID
            self.instance = instance
            self.application = application
        }
    }

    /// Syncs several webinars of a tenant together in its queue: each is read from its
    /// connector (or applied from its webhook events), then all are written to HubSpot with
    /// shared batch requests (see ``WebinarSynchronizer/sync(_:)``), one audit entry each.
    /// `onStart` hears of each webinar (its index and id) before its source is read.
    /// `shouldStop` is asked before each: once it says stop, no further source is read and the
    /// webinars read so far are written (so the result may have fewer entries than `items`).
    /// Never throws.
    public func syncBatch(
        _ runtime: TenantRuntime, items: [BatchItem], trigger: SyncTrigger,
        onStart: @Sendable @escaping (Int, String) async -> Void = { _, _ in },
        shouldStop: @Sendable @escaping () async -> Bool = { false }
    ) async -> [WebinarAuditEntry] {
        let entries = await syncBatchCounted(runtime, items: items, trigger: trigger, onStart: onStart, shouldStop: shouldStop)
        for entry in entries {
            metrics?.sync(
                trigger: trigger.rawValue, status: entry.status.rawValue,
                duration: .seconds(entry.finishedAt.timeIntervalSince(entry.startedAt)))
        }
        return entries
    }

    private func syncBatchCounted(
        _ runtime: TenantRuntime, items: [BatchItem], trigger: SyncTrigger, onStart: @Sendable @escaping (Int, String) async -> Void,
        shouldStop: @Sendable @escaping () async -> Bool
    ) async -> [WebinarAuditEntry] {
        guard !items.isEmpty else { return [] }
        let started = Date()
        do {
            return try await withSynchronizer(runtime) { synchronizer in
                var jobs: [SyncJob] = []
                for (index, item) in items.enumerated() where !Task.isCancelled {
                    if await shouldStop() { break }
                    await onStart(index, item.webinarID)
                    var job = await synchronizer.snapshotJob(
                        webinarID: item.webinarID, source: Self.source(of: item.instance), connector: item.instance.connector,
                        trigger: trigger, application: item.application)
                    job.deletedInSource = item.deletedInSource
                    jobs.append(job)
                }
                return await synchronizer.sync(jobs)
            }
        } catch {
            var entries: [WebinarAuditEntry] = []
            for item in items {
                entries.append(
                    await setupFailure(
                        runtime, webinarID: item.webinarID, instance: item.instance, trigger: trigger, started: started, error: error))
            }
            return entries
        }
    }

    /// The entry of a sync that could not start: the tenant's HubSpot setup failed (recorded
    /// with HubSpot's message), or the host is shutting down (not recorded; it runs again).
    private func setupFailure(
        _ runtime: TenantRuntime, webinarID: String, instance: ConnectorInstance, trigger: SyncTrigger, started: Date,
        error: any Error
    ) async -> WebinarAuditEntry {
        if Task.isCancelled {  // shutting down: nothing failed, the sync runs again next time
            return WebinarAuditEntry(
                webinarID: webinarID, topic: nil, trigger: trigger.rawValue, status: .failed, startedAt: started,
                finishedAt: Date(), counts: SyncCounts(), warnings: [])
        }
        var logger = self.logger
        logger[metadataKey: "tenant"] = .string(runtime.id)
        let item = AuditItem(reason: .hubSpotError, detail: "the HubSpot account could not be set up: \(error)")
        return await AuditRecorder(tenantID: runtime.id, store: store, logger: logger).recordFailure(
            webinarID: webinarID, topic: nil, trigger: trigger, started: started, items: [item], error: error,
            sourceName: instance.descriptor.hubSpotProfile.sourceName)
    }

    /// The connector instance a webinar belongs to: from the catalog, else the first whose
    /// account knows the webinar.
    func owner(of webinarID: String, in runtime: TenantRuntime) async throws -> ConnectorInstance {
        if let known = try await WebinarCatalog(store: store).entry(tenantID: runtime.id, webinarID: webinarID),
            let instance = runtime.connectors.first(where: { $0.connector.routingKey == known.accountKey })
        {
            return instance
        }
        for instance in runtime.connectors where instance.descriptor.capabilities.contains(.webinarListing) {
            if let webinars = try? await instance.connector.listWebinars(), webinars.contains(where: { $0.id == webinarID }) {
                return instance
            }
        }
        guard let first = runtime.connectors.first else {
            throw SyncRequestError(message: "tenant '\(runtime.id)' has no connector to sync webinar \(webinarID) from")
        }
        return first
    }

    private func synchronizer(for runtime: TenantRuntime) async throws -> WebinarSynchronizer {
        let config = runtime.config
        if let state = tenants[runtime.id], state.version == config.version { return state.synchronizer }
        // One setup at a time per tenant version: a sync and a workflow action arriving together share it.
        let key = runtime.id + "@" + config.version
        let setup = setups[key]?.task ?? Task { try await self.setUp(runtime) }
        setups[key] = (setup, (setups[key]?.waiters ?? 0) + 1)
        defer {
            if let entry = setups[key] { setups[key] = entry.waiters > 1 ? (entry.task, entry.waiters - 1) : nil }
        }
        return try await withTaskCancellationHandler {
            try await setup.value
        } onCancel: {
            Task { await self.abandonSetup(key) }
        }
    }

    /// A caller waiting for a setup was cancelled: when nobody else waits, the setup stops too
    /// (it may hang on an unresponsive HubSpot; the next sync starts a fresh one).
    private func abandonSetup(_ key: String) {
        guard let entry = setups[key], entry.waiters <= 1 else { return }
        entry.task.cancel()
    }

    private func setUp(_ runtime: TenantRuntime) async throws -> WebinarSynchronizer {
        let config = runtime.config
        let client = try hubSpotClient(for: config)
        var logger = self.logger
        logger[metadataKey: "tenant"] = .string(config.id)
        let hasDeveloperCredentials = config.hubSpot.developerAPIKey != nil && config.hubSpot.appID != nil
        let templates = try await TenantSetup.run(
            tenantID: config.id, client: client, store: store, hasDeveloperCredentials: hasDeveloperCredentials,
            profiles: Self.profiles(of: runtime), actionsBaseURL: publicBaseURL, businessUnitIDs: config.businessUnits.map(\.id),
            logger: logger)
        let properties = PortalPropertyCatalog(tenantID: config.id, client: client, store: store)
        await properties.refresh(logger: logger)
        let synchronizer = WebinarSynchronizer(
            tenant: config, client: client, knowledge: PortalKnowledge(client: client), store: store, templates: templates,
            properties: properties, logger: logger)
        tenants[runtime.id] = TenantState(version: config.version, synchronizer: synchronizer)
        logger.info("tenant set up in HubSpot", metadata: ["templates": .string("\(templates.count)")])
        return synchronizer
    }

    /// The HubSpot profile of each connector type the tenant uses, by type.
    static func profiles(of runtime: TenantRuntime) -> [String: HubSpotProfile] {
        Dictionary(runtime.connectors.map { ($0.type, $0.descriptor.hubSpotProfile) }, uniquingKeysWith: { first, _ in first })
    }

    /// A HubSpot client of the tenant, sharing the portal's request budget with every other.
    public func hubSpotClient(for config: TenantConfiguration) throws -> HubSpotClient {
        let hubspot = config.hubSpot
        let baseURL: String
        if hubspot.apiBase == "sandbox" {
            guard let sandbox = sandboxBaseURLs["hubspot"] else {
                throw SyncRequestError(message: "tenant '\(config.id)' uses the HubSpot sandbox, but no sandbox is running")
            }
            baseURL = sandbox
        } else {
            baseURL = hubspot.apiBase
        }
        let budget =
            budgets[hubspot.portalID]
            ?? HubSpotRequestBudget(
                portalId: String(hubspot.portalID),
                limits: HubSpotRateLimits(requestsPerWindow: hubspot.requestsPerTenSeconds, requestsPerDay: hubspot.requestsPerDay))
        budgets[hubspot.portalID] = budget
        let developer = zip(hubspot.appID, hubspot.developerAPIKey).map { appID, key in
            HubSpotDeveloperCredentials(appId: String(appID), developerAPIKey: HubSpotSecret(key.reveal()))
        }
        var configuration = HubSpotClient.Configuration(
            baseURL: baseURL,
            credentials: HubSpotPrivateAppCredentials(accessToken: HubSpotSecret(hubspot.accessToken.reveal())),
            developerCredentials: developer)
        configuration.onCall = metrics?.hubSpotCalls
        return try HubSpotClient(configuration: configuration, budget: budget, httpClient: httpClient, logger: logger)
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
