import Foundation
import Logging
import ServiceLifecycle
import Store

/// Finishes workflow-action executions in the background: redoes pending registrations whose
/// retry time came, and delivers known results to HubSpot until it accepts them. On start it
/// takes up everything left unfinished by a previous run of the host (leases included), once
/// the tenants are loaded (the port opens first; an execution resumed before its tenant is in
/// would fail as if the tenant were gone). Afterwards it sleeps until the executor's
/// timetable says an execution is due — a retry time or a result to deliver — and never polls.
///
/// With several replicas it works only for the tenants `ownership` gives this replica, each
/// execution under the tenant's ``LeaseEpoch`` (a replica whose lease was taken over cannot
/// commit its result). Any replica may take HubSpot's call: `signal` names the owned tenants
/// whose executions another replica admitted or left unfinished, and their due times join the
/// timetable at once; a tenant gained takes over at once what its previous owner or a dead
/// replica left.
struct WorkflowCompletionService: Service {
    let executor: WorkflowActionExecutor
    let registry: TenantRegistry
    let store: any WorkflowExecutionStore
    let logger: Logger
    /// Whether executions leased by someone else are taken up at start: true for a host alone on
    /// its state (they were left by its previous run); false for a replica, whose peers may be
    /// working on them (PostgreSQL then only hands out the tenants this replica owns).
    var resumeLeasedAtStart = true
    var batchSize = 50
    /// Which tenants this replica works for.
    var ownership: any TenantOwnership = SoleOwnership()
    /// Owned tenants whose executions changed on any replica (nil: one process, which knows its own).
    var signal: InboxSignal?

    func run() async throws {
        let changes = ownership.changes()  // before anything is gained
        await registry.waitForFirstLoad()
        // Everything a previous run left, in one claim (whatever its due time: this process's
        // timetable does not know it), worked on a batch at a time.
        let leftovers = await claim(dueBy: resumeLeasedAtStart ? .distantFuture : Date(), limit: .max)
        if !leftovers.isEmpty {
            logger.notice("resuming unfinished workflow actions", metadata: ["count": .string("\(leftovers.count)")])
        }
        for start in stride(from: 0, to: leftovers.count, by: batchSize) {
            await work(on: leftovers[start..<min(start + batchSize, leftovers.count)])
        }
        await withDiscardingTaskGroup { group in
            group.addTask {
                for tenantID in ownership.ownedTenants() { await takeOver(tenantID) }
                for await case .gained(let tenantID) in changes.cancelOnGracefulShutdown() { await takeOver(tenantID) }
            }
            if let signal {
                group.addTask {
                    for await _ in signal.wakes.cancelOnGracefulShutdown() {
                        for tenantID in signal.take() where ownership.owns(tenantID) { await schedule(tenantID) }
                    }
                }
            }
            for await _ in executor.due.cancelOnGracefulShutdown() {
                var due: [WorkflowExecution]
                repeat {
                    // A little early, so a due time rounded between the two clocks is not missed.
                    due = await claim(dueBy: Date() + 0.1, limit: batchSize)
                    await work(on: due[...])
                } while due.count == batchSize && !Task.isCancelled
            }
            group.cancelAll()
        }
    }

    /// A tenant gained: finishes at once what nobody can finish any more, and schedules the rest.
    private func takeOver(_ tenantID: String) async {
        let taken = await ownership.working(for: tenantID) { () -> [WorkflowExecution] in
            do {
                return try await store.takeOverWorkflowExecutions(
                    tenantID: tenantID, now: Date(), leaseUntil: Date() + WorkflowActionExecutor.lease)
            } catch {
                logger.error(
                    "cannot take over the tenant's workflow actions", metadata: ["tenant": .string(tenantID), "error": .string("\(error)")])
                return []
            }
        }
        if !taken.isEmpty {
            logger.notice(
                "taking over unfinished workflow actions", metadata: ["tenant": .string(tenantID), "count": .string("\(taken.count)")])
        }
        for start in stride(from: 0, to: taken.count, by: batchSize) {
            await work(on: taken[start..<min(start + batchSize, taken.count)])
        }
        await schedule(tenantID)
    }

    /// Adds the due times of the tenant's unfinished executions to the timetable.
    private func schedule(_ tenantID: String) async {
        do {
            for (callbackID, due) in try await store.workflowExecutionDueTimes(tenantID: tenantID) {
                executor.due.schedule(callbackID, at: .now + .seconds(max(0, due.timeIntervalSinceNow)))
            }
        } catch {
            logger.error(
                "cannot read the tenant's pending workflow actions", metadata: ["tenant": .string(tenantID), "error": .string("\(error)")])
        }
    }

    private func claim(dueBy deadline: Date, limit: Int) async -> [WorkflowExecution] {
        do {
            return try await store.claimDueWorkflowExecutions(
                now: deadline, leaseUntil: Date() + WorkflowActionExecutor.lease, limit: limit)
        } catch {
            logger.error("cannot read pending workflow actions", metadata: ["error": .string("\(error)")])
            return []
        }
    }

    /// Works on each execution under its tenant's lease (its result is refused once that lease is lost).
    private func work(on executions: ArraySlice<WorkflowExecution>) async {
        await withDiscardingTaskGroup { group in
            for execution in executions {
                group.addTask {
                    await ownership.working(for: execution.tenantID) {
                        switch execution.state {
                        case .pending: await executor.resume(execution)
                        case .awaitingDelivery: await executor.deliver(execution)
                        case .done: break
                        }
                    }
                }
            }
        }
    }
}
