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

    func run() async throws {
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
        for await _ in executor.due.cancelOnGracefulShutdown() {
            var due: [WorkflowExecution]
            repeat {
                // A little early, so a due time rounded between the two clocks is not missed.
                due = await claim(dueBy: Date() + 0.1, limit: batchSize)
                await work(on: due[...])
            } while due.count == batchSize && !Task.isCancelled
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

    private func work(on executions: ArraySlice<WorkflowExecution>) async {
        await withDiscardingTaskGroup { group in
            for execution in executions {
                group.addTask {
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
