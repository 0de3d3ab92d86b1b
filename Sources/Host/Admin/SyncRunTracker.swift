import Foundation
import ServiceLifecycle
import SyncEngine

/// Runs "sync now" requests in the background and remembers them, so a caller gets a run id
/// at once and reads the run's progress and result later.
///
/// The sync itself goes through the ``SyncCoordinator``, so a run waits (`queued`) behind the
/// tenant's other syncs. A second request for a webinar whose run is still queued returns that
/// run. Runs are kept in memory, at most `capacity` of them (the oldest finished go first).
/// It is a `Service`: it runs requests while the host runs.
public actor SyncRunTracker: Service {
    private struct Request: Sendable {
        var runID: String
        var runtime: TenantRuntime
    }

    private let coordinator: SyncCoordinator
    private let capacity: Int
    private let now: @Sendable () -> Date
    private var runs: [String: SyncRun] = [:]
    private var order: [String] = []
    private var waiters: [String: [CheckedContinuation<SyncRun?, Never>]] = [:]
    private let requests: AsyncStream<Request>
    private let continuation: AsyncStream<Request>.Continuation

    /// Creates a tracker keeping at most `capacity` runs.
    public init(coordinator: SyncCoordinator, capacity: Int = 500, now: @escaping @Sendable () -> Date = { Date() }) {
        self.coordinator = coordinator
        self.capacity = max(1, capacity)
        self.now = now
        (requests, continuation) = AsyncStream.makeStream(of: Request.self)
    }

    /// Starts (or joins the still-queued) run of a full sync of one webinar.
    public func start(_ runtime: TenantRuntime, webinarID: String) -> SyncRun {
        if let queued = order.lazy.compactMap({ self.runs[$0] }).first(where: {
            $0.tenantID == runtime.id && $0.webinarID == webinarID && $0.state == .queued
        }) {
            return queued
        }
        let run = SyncRun(
            id: UUID().uuidString.lowercased(), tenantID: runtime.id, webinarID: webinarID, state: .queued,
            progress: .of(.queued), requestedAt: now())
        runs[run.id] = run
        order.append(run.id)
        evict()
        continuation.yield(Request(runID: run.id, runtime: runtime))
        return run
    }

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
        guard let run = runs[request.runID] else { return }
        do {
            let entry = try await coordinator.syncWebinar(request.runtime, webinarID: run.webinarID, trigger: .syncNow) {
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

    private func update(_ id: String, _ change: (inout SyncRun) -> Void) {
        guard var run = runs[id] else { return }
        change(&run)
        run.progress = .of(run.state)
        runs[id] = run
        if run.state.isFinished, let waiting = waiters.removeValue(forKey: id) {
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
