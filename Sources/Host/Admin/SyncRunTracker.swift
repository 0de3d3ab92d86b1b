import Foundation
import Logging
import ServiceLifecycle
import Store
import SyncEngine

/// Follows the "sync now" runs requested through every replica: calls `listening` once it
/// listens (requests made before, while a connection was down, were not heard), then `handle`
/// with the tenant of each request, until cancelled or the connection fails (then it throws).
public typealias SyncRunRequests =
    @Sendable (
        _ listening: @escaping @Sendable () async -> Void, _ handle: @escaping @Sendable (String) async -> Void
    ) async throws -> Void

/// Runs "sync now" requests in the background and keeps them in the state store, so a caller
/// gets a run id at once and reads the run's progress and result later — through any replica:
/// one webinar, every webinar the tenant's sources list (``SyncRun/Kind/tenant``), or a
/// backfill from their history.
///
/// A run executes on the tenant's owner (``TenantOwnership``): a request that reaches another
/// replica is stored queued, and the owner takes it (woken by PostgreSQL's `NOTIFY`, or when it
/// gains the tenant). A run whose executor died or lost the tenant is taken over and started
/// again by the new owner; one left unfinished by a restart is started again by the restarted host.
/// The sync goes through the ``SyncCoordinator``, so a run waits (`queued`) behind the tenant's
/// other syncs. A second request for a webinar whose run is still queued returns that run; a
/// second tenant-wide or backfill request while one is unfinished returns that one. Runs of
/// several webinars can be stopped (``stop(id:tenantID:)``): no further webinar is read.
/// Each tenant keeps its newest `capacity` runs (older finished ones are removed).
/// It is a `Service`: it runs requests while the host runs.
public actor SyncRunTracker: Service {
    struct Request: Sendable {
        var runID: String
        var runtime: TenantRuntime
    }

    let coordinator: SyncCoordinator
    let registry: TenantRegistry?
    let store: any StateStore
    let ownership: any TenantOwnership
    let logger: Logger
    /// This process as the executor of runs (its replica id and a per-process suffix).
    let executor: String
    let capacity: Int
    let now: @Sendable () -> Date
    let listen: SyncRunRequests?
    /// The runs this process executes, until they finish.
    var local: [String: SyncRun] = [:]
    private var saving: [String: Task<Void, Never>] = [:]
    private var waiters: [String: [CheckedContinuation<SyncRun?, Never>]] = [:]
    private let requests: AsyncStream<Request>
    private let continuation: AsyncStream<Request>.Continuation

    /// Creates a tracker keeping each tenant's newest `capacity` runs in `store`; tenant-wide
    /// runs list the webinars due through the `registry`'s reconcile rules. `listen` (several
    /// replicas) calls its handler with the tenant of each run requested through any replica.
    public init(
        coordinator: SyncCoordinator, store: any StateStore, registry: TenantRegistry? = nil,
        ownership: any TenantOwnership = SoleOwnership(), logger: Logger = Logger(label: "switchyard.sync-runs"),
        capacity: Int = 100, now: @escaping @Sendable () -> Date = { Date() },
        listen: SyncRunRequests? = nil
    ) {
        self.coordinator = coordinator
        self.store = store
        self.registry = registry
        self.ownership = ownership
        self.logger = logger
        self.capacity = max(1, capacity)
        self.now = now
        self.listen = listen
        executor = "\(ownership.replicaID)/\(UUID().uuidString.prefix(8).lowercased())"
        (requests, continuation) = AsyncStream.makeStream(of: Request.self)
    }

    /// Starts (or joins the still-queued) run of a full sync of one webinar.
    public func start(_ runtime: TenantRuntime, webinarID: String) async throws -> SyncRun {
        if let queued = try await runs(tenantID: runtime.id).first(where: {
            $0.kind == .webinar && $0.webinarID == webinarID && $0.state == .queued
        }) {
            return queued
        }
        return try await enqueue(runtime, kind: .webinar, webinarID: webinarID)
    }

    /// Starts (or joins the unfinished) run of a tenant-wide sync or a backfill since `since`.
    public func start(_ runtime: TenantRuntime, kind: SyncRun.Kind, since: Date? = nil) async throws -> SyncRun {
        if let unfinished = try await runs(tenantID: runtime.id).first(where: {
            $0.kind == kind && !$0.state.isFinished && $0.stopRequested != true
        }) {
            return unfinished
        }
        return try await enqueue(runtime, kind: kind, since: since)
    }

    private func enqueue(_ runtime: TenantRuntime, kind: SyncRun.Kind, webinarID: String? = nil, since: Date? = nil) async throws
        -> SyncRun
    {
        let run = SyncRun(
            id: UUID().uuidString.lowercased(), tenantID: runtime.id, kind: kind, webinarID: webinarID, since: since,
            state: .queued, progress: .of(.queued), requestedAt: now())
        let here = ownership.owns(runtime.id)
        try await store.insertSyncRun(try Self.record(run, executor: here ? executor : nil))
        if here {
            local[run.id] = run
            continuation.yield(Request(runID: run.id, runtime: runtime))
        }
        do {
            try await store.pruneSyncRuns(tenantID: runtime.id, keeping: capacity)
        } catch {
            logger.warning("could not remove old sync runs", metadata: ["tenant": "\(runtime.id)", "error": "\(error)"])
        }
        return run
    }

    /// Asks a run of several webinars to stop after the webinars in progress (those already
    /// read are written), wherever it runs; nil when unknown.
    public func stop(id: String, tenantID: String) async throws -> SyncRun? {
        guard var run = try await run(id: id, tenantID: tenantID) else { return nil }
        guard !run.state.isFinished, run.kind != .webinar else { return run }
        guard local[id] != nil else {
            _ = try await store.requestSyncRunStop(id: id)
            run.stopRequested = true
            return run
        }
        await update(id, keepingProgress: true) { run in
            run.stopRequested = true
            if run.state == .queued {
                run.state = .stopped
                run.finishedAt = self.now()
                run.progress = .of(.stopped)
            }
        }
        if let run = local[id] { return run }
        return try await self.run(id: id, tenantID: tenantID)
    }

    /// Whether a stop was asked for, here or through another replica.
    func isStopRequested(_ id: String) async -> Bool {
        if local[id]?.stopRequested == true { return true }
        guard (try? await store.syncRun(id: id))?.stopRequested == true else { return false }
        local[id]?.stopRequested = true
        return true
    }

    /// A run of a tenant, if it is still kept.
    public func run(id: String, tenantID: String) async throws -> SyncRun? {
        if let run = local[id] { return run.tenantID == tenantID ? run : nil }
        guard let stored = try await store.syncRun(id: id), stored.tenantID == tenantID else { return nil }
        return try Self.run(stored)
    }

    /// A tenant's kept runs, newest first.
    public func runs(tenantID: String, limit: Int = 50) async throws -> [SyncRun] {
        try await store.syncRuns(tenantID: tenantID, limit: limit).map { stored in
            if let run = local[stored.id] { return run }
            return try Self.run(stored)
        }
    }

    /// Waits until a run this process executes finishes and returns it; a run executed
    /// elsewhere is returned as it is now (nil when it is not kept).
    public func finished(id: String) async -> SyncRun? {
        guard let run = local[id] else { return try? await store.syncRun(id: id).map(Self.run) }
        if run.state.isFinished { return run }
        return await withCheckedContinuation { waiters[id, default: []].append($0) }
    }

    /// Runs the requests until the host shuts down (the runs in progress finish first).
    public func run() async throws {
        await withTaskGroup(of: Void.self) { watchers in
            watchers.addTask { await self.takeRuns() }
            await withDiscardingTaskGroup { group in
                for await request in requests.cancelOnGracefulShutdown() {
                    group.addTask { await self.execute(request) }
                }
            }
            watchers.cancelAll()
        }
    }

    /// Starts a claimed run here.
    func adopt(_ run: SyncRun, runtime: TenantRuntime) async {
        local[run.id] = run
        await persist(run)
        continuation.yield(Request(runID: run.id, runtime: runtime))
    }

    private func execute(_ request: Request) async {
        guard let run = local[request.runID], !run.state.isFinished else { return }
        if run.kind != .webinar, await isStopRequested(run.id) {
            return await update(request.runID) { run in
                run.state = .stopped
                run.finishedAt = self.now()
            }
        }
        // Under the tenant's lease held now: once it is taken over, the run's writes are refused
        // (the new owner takes the run and starts it again).
        let work: @Sendable () async -> Void = {
            switch run.kind {
            case .webinar: await self.syncWebinar(request, webinarID: run.webinarID ?? "")
            case .tenant, .backfill: await self.syncSeveral(request, run: run)
            }
        }
        await ownership.working(for: run.tenantID, work)
    }

    private func syncWebinar(_ request: Request, webinarID: String) async {
        do {
            let entry = try await coordinator.syncWebinar(request.runtime, webinarID: webinarID, trigger: .syncNow) {
                await self.update(request.runID) { run in
                    run.state = .running
                    run.startedAt = self.now()
                }
            }
            await update(request.runID) { run in
                run.state = entry.status == .failed ? .failed : .succeeded
                run.result = entry
                run.startedAt = run.startedAt ?? entry.startedAt
                run.finishedAt = self.now()
            }
        } catch {
            await update(request.runID) { run in
                run.state = .failed
                run.error = "\(error)"
                run.finishedAt = self.now()
            }
        }
    }

    /// Changes a run this process executes and saves it; a finished run is then no longer kept
    /// here, and a change that comes after it finished (e.g. stopped while queued) is ignored.
    func update(_ id: String, keepingProgress: Bool = false, _ change: (inout SyncRun) -> Void) async {
        guard var run = local[id], !run.state.isFinished else { return }
        change(&run)
        if !keepingProgress { run.progress = .of(run.state) }
        local[id] = run
        await persist(run)
        if run.state.isFinished {
            local[id] = nil
            saving[id] = nil
            for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: run) }
        }
    }

    /// Saves the run after every earlier save of it (so the last change is what the store keeps).
    private func persist(_ run: SyncRun) async {
        let previous = saving[run.id]
        let save = Task { [store, executor, logger] in
            await previous?.value
            do {
                if try await !store.updateSyncRun(Self.record(run, executor: executor)) {
                    logger.notice("sync run taken over by another replica", metadata: ["run": "\(run.id)", "tenant": "\(run.tenantID)"])
                }
            } catch {
                logger.warning("could not save sync run", metadata: ["run": "\(run.id)", "error": "\(error)"])
            }
        }
        saving[run.id] = save
        await save.value
    }
}
