import Foundation
import Logging
import ServiceLifecycle
import SyncEngine

/// Runs "sync now" requests in the background and remembers them, so a caller gets a run id
/// at once and reads the run's progress and result later: one webinar, every webinar the
/// tenant's sources list (``SyncRun/Kind/tenant``), or a backfill from their history.
///
/// The sync itself goes through the ``SyncCoordinator``, so a run waits (`queued`) behind the
/// tenant's other syncs. A second request for a webinar whose run is still queued returns that
/// run; a second tenant-wide or backfill request while one is unfinished returns that one.
/// Runs of several webinars can be stopped (``stop(id:tenantID:)``): no further webinar is read.
/// Runs are kept in memory, at most `capacity` of them (the oldest finished go first).
/// It is a `Service`: it runs requests while the host runs.
public actor SyncRunTracker: Service {
    struct Request: Sendable {
        var runID: String
        var runtime: TenantRuntime
    }

    let coordinator: SyncCoordinator
    let registry: TenantRegistry?
    let logger: Logger
    private let capacity: Int
    let now: @Sendable () -> Date
    private var runs: [String: SyncRun] = [:]
    private var order: [String] = []
    private var waiters: [String: [CheckedContinuation<SyncRun?, Never>]] = [:]
    private let requests: AsyncStream<Request>
    private let continuation: AsyncStream<Request>.Continuation

    /// Creates a tracker keeping at most `capacity` runs; tenant-wide runs list the webinars
    /// due through the `registry`'s reconcile rules.
    public init(
        coordinator: SyncCoordinator, registry: TenantRegistry? = nil, logger: Logger = Logger(label: "switchyard.sync-runs"),
        capacity: Int = 500, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.coordinator = coordinator
        self.registry = registry
        self.logger = logger
        self.capacity = max(1, capacity)
        self.now = now
        (requests, continuation) = AsyncStream.makeStream(of: Request.self)
    }

    /// Starts (or joins the still-queued) run of a full sync of one webinar.
    public func start(_ runtime: TenantRuntime, webinarID: String) -> SyncRun {
        if let queued = order.lazy.compactMap({ self.runs[$0] }).first(where: {
            $0.tenantID == runtime.id && $0.kind == .webinar && $0.webinarID == webinarID && $0.state == .queued
        }) {
            return queued
        }
        return enqueue(runtime, kind: .webinar, webinarID: webinarID)
    }

    /// Starts (or joins the unfinished) run of a tenant-wide sync or a backfill since `since`.
    public func start(_ runtime: TenantRuntime, kind: SyncRun.Kind, since: Date? = nil) -> SyncRun {
        if let unfinished = order.lazy.compactMap({ self.runs[$0] }).first(where: {
            $0.tenantID == runtime.id && $0.kind == kind && !$0.state.isFinished && $0.stopRequested != true
        }) {
            return unfinished
        }
        return enqueue(runtime, kind: kind, since: since)
    }

    private func enqueue(_ runtime: TenantRuntime, kind: SyncRun.Kind, webinarID: String? = nil, since: Date? = nil) -> SyncRun {
        let run = SyncRun(
            id: UUID().uuidString.lowercased(), tenantID: runtime.id, kind: kind, webinarID: webinarID, since: since,
            state: .queued, progress: .of(.queued), requestedAt: now())
        runs[run.id] = run
        order.append(run.id)
        evict()
        continuation.yield(Request(runID: run.id, runtime: runtime))
        return run
    }

    /// Asks a run of several webinars to stop after the webinars in progress (those already read are written); nil when unknown.
    public func stop(id: String, tenantID: String) -> SyncRun? {
        guard var run = runs[id], run.tenantID == tenantID else { return nil }
        guard !run.state.isFinished, run.kind != .webinar else { return run }
        run.stopRequested = true
        if run.state == .queued {
            run.state = .stopped
            run.finishedAt = now()
            run.progress = .of(.stopped)
        }
        runs[id] = run
        finishWaiters(run)
        return run
    }

    func isStopRequested(_ id: String) -> Bool { runs[id]?.stopRequested == true }

    /// A run of a tenant, if it is still remembered.
    public func run(id: String, tenantID: String) -> SyncRun? {
        guard let run = runs[id], run.tenantID == tenantID else { return nil }
        return run
    }

    /// A tenant's remembered runs, newest first.
    public func runs(tenantID: String, limit: Int = 50) -> [SyncRun] {
        Array(order.reversed().lazy.compactMap { self.runs[$0] }.filter { $0.tenantID == tenantID }.prefix(limit))
    }

    /// Waits until the run finishes and returns it (nil when it is not remembered).
    public func finished(id: String) async -> SyncRun? {
        guard let run = runs[id] else { return nil }
        if run.state.isFinished { return run }
        return await withCheckedContinuation { waiters[id, default: []].append($0) }
    }

    /// Runs the requests until the host shuts down.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for await request in requests.cancelOnGracefulShutdown() {
                group.addTask { await self.execute(request) }
            }
        }
    }

    private func execute(_ request: Request) async {
        guard let run = runs[request.runID], !run.state.isFinished else { return }
        switch run.kind {
        case .webinar: await syncWebinar(request, webinarID: run.webinarID ?? "")
        case .tenant, .backfill: await syncSeveral(request, run: run)
        }
    }

    private func syncWebinar(_ request: Request, webinarID: String) async {
        do {
            let entry = try await coordinator.syncWebinar(request.runtime, webinarID: webinarID, trigger: .syncNow) {
                await self.update(request.runID) { run in
                    run.state = .running
                    run.startedAt = self.now()
                }
            }
            update(request.runID) { run in
                run.state = entry.status == .failed ? .failed : .succeeded
                run.result = entry
                run.startedAt = run.startedAt ?? entry.startedAt
                run.finishedAt = self.now()
            }
        } catch {
            update(request.runID) { run in
                run.state = .failed
                run.error = "\(error)"
                run.finishedAt = self.now()
            }
        }
    }

    func update(_ id: String, keepingProgress: Bool = false, _ change: (inout SyncRun) -> Void) {
        guard var run = runs[id] else { return }
        change(&run)
        if !keepingProgress { run.progress = .of(run.state) }
        runs[id] = run
        finishWaiters(run)
    }

    private func finishWaiters(_ run: SyncRun) {
        if run.state.isFinished, let waiting = waiters.removeValue(forKey: run.id) {
            for waiter in waiting { waiter.resume(returning: run) }
        }
    }

    private func evict() {
        while order.count > capacity {
            let victim = order.firstIndex { runs[$0]?.state.isFinished ?? true } ?? 0
            let id = order.remove(at: victim)
            runs[id] = nil
            for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: nil) }
        }
    }
}
