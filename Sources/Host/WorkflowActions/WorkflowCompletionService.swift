import Foundation
import Logging
import ServiceLifecycle
import Store

/// Finishes workflow-action executions in the background: redoes pending registrations whose
/// retry time came, and delivers known results to HubSpot until it accepts them. On start it
/// takes up everything left unfinished by a previous run of the host (leases included), once
/// the tenants are loaded (the port opens first; an execution resumed before its tenant is in
/// would fail as if the tenant were gone).
struct WorkflowCompletionService: Service {
    let executor: WorkflowActionExecutor
    let registry: TenantRegistry
    let store: any WorkflowExecutionStore
    let logger: Logger
    /// Whether executions leased by someone else are taken up at start: true for a host alone on
    /// its state (they were left by its previous run); false for a replica, whose peers may be
    /// working on them (PostgreSQL then only hands out the tenants this replica owns).
    var resumeLeasedAtStart = true
    var pollInterval: Duration = .milliseconds(250)
    var batchSize = 50

    func run() async throws {
        await registry.waitForFirstLoad()
        var resumeEverything = resumeLeasedAtStart
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = Date()
            let due: [WorkflowExecution]
            do {
                due = try await store.claimDueWorkflowExecutions(
                    now: resumeEverything ? .distantFuture : now, leaseUntil: now + WorkflowActionExecutor.lease, limit: batchSize)
                if resumeEverything && !due.isEmpty {
                    logger.notice("resuming unfinished workflow actions", metadata: ["count": .string("\(due.count)")])
                }
                resumeEverything = false
            } catch {
                logger.error("cannot read pending workflow actions", metadata: ["error": .string("\(error)")])
                due = []
            }
            await withDiscardingTaskGroup { group in
                for execution in due {
                    group.addTask {
                        switch execution.state {
                        case .pending: await executor.resume(execution)
                        case .awaitingDelivery: await executor.deliver(execution)
                        case .done: break
                        }
                    }
                }
            }
            if due.count < batchSize {
                do { try await Task.sleep(for: pollInterval) } catch { return }
            }
        }
    }
}
