import Foundation
import HubSpot
import Logging
import Store
import SyncEngine

/// Runs workflow-action executions exactly once per `callbackId`, durably.
///
/// A new execution is stored before any work. If the registration finishes within the response
/// budget, HubSpot gets the result in the response; otherwise it gets `BLOCK`, the work goes on
/// (or is retried when the source or HubSpot is rate limited or failing), and the result is sent later
/// through a callback completion, retried until HubSpot accepts it — also after a restart
/// (``WorkflowCompletionService`` drives that part).
actor WorkflowActionExecutor {
    private let store: any WorkflowExecutionStore
    private let registry: TenantRegistry
    private let coordinator: SyncCoordinator
    private let registration: ContactRegistration
    private let responseBudget: Duration
    private let logger: Logger
    /// How long a worker holds an execution before another may take it over.
    static let lease: TimeInterval = 120
    /// How long a registration is retried before it fails for good.
    static let giveUpAfter: TimeInterval = 86_400
    /// Callback ids being worked on in this process.
    private var busy: Set<String> = []
    /// When each unfinished execution saved by this process is due for its next attempt:
    /// ``WorkflowCompletionService`` sleeps on it instead of polling the store.
    nonisolated let due = Timetable<String>()

    init(
        store: any WorkflowExecutionStore, registry: TenantRegistry, coordinator: SyncCoordinator, responseBudget: Duration,
        logger: Logger
    ) {
        self.store = store
        self.registry = registry
        self.coordinator = coordinator
        self.registration = ContactRegistration(coordinator: coordinator, logger: logger)
        self.responseBudget = responseBudget
        self.logger = logger
    }

    // MARK: Requests

    /// Handles a verified request of `runtime`'s portal for `action`; returns the output fields
    /// to answer. Throws only when the store fails (the request should then be answered 503).
    func handle(_ payload: WorkflowActionPayload, body: Data, runtime: TenantRuntime, action: ResolvedWorkflowAction) async throws
        -> [String: String]
    {
        let callbackID = payload.callbackId
        guard !busy.contains(callbackID) else { return RegistrationAttempt.blockOutputs }
        busy.insert(callbackID)
        let now = Date()
        let admission: WorkflowExecutionAdmission
        do {
            admission = try await store.admitWorkflowExecution(
                callbackID: callbackID, tenantID: runtime.id, action: action.action.route, request: body, now: now,
                leaseUntil: now + Self.lease)
        } catch {
            busy.remove(callbackID)
            throw error
        }
        guard case .new(let execution) = admission else {
            busy.remove(callbackID)
            if case .existing(let known) = admission, known.state != .pending, !known.outputs.isEmpty {
                logger.info("workflow action delivered again; answering the stored result", metadata: ["callback": .string(callbackID)])
                return known.outputs
            }
            return RegistrationAttempt.blockOutputs
        }
        let work = Task { await registration.run(payload, runtime: runtime, action: action.action, sourceName: action.sourceName) }
        if let attempt = await Self.first(of: work, within: responseBudget), case .finished(let outputs) = attempt {
            await record(attempt, for: execution, answered: true)
            return outputs
        }
        Task { await self.record(await work.value, for: execution, answered: false) }
        return RegistrationAttempt.blockOutputs
    }

    /// The task's value if it finishes within `budget`, else nil (the task keeps running).
    private static func first(of work: Task<RegistrationAttempt, Never>, within budget: Duration) async -> RegistrationAttempt? {
        await withTaskGroup(of: RegistrationAttempt?.self) { group in
            group.addTask { await work.value }
            group.addTask {
                try? await Task.sleep(for: budget)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    // MARK: Background work

    /// Redoes the work of a pending execution (after a retry delay or a restart).
    func resume(_ execution: WorkflowExecution) async {
        guard !busy.contains(execution.callbackID) else { return }
        busy.insert(execution.callbackID)
        let attempt: RegistrationAttempt
        let action = await ResolvedWorkflowAction.resolve(route: execution.action, registry: registry)
        if Date().timeIntervalSince(execution.receivedAt) > Self.giveUpAfter {
            attempt = .failure(
                "\(action?.sourceName ?? "The source") could not be reached or kept rate-limiting for a day (\(execution.lastError ?? "no answer")); nobody was registered. Enroll the contact again later."
            )
        } else if let payload = try? JSONDecoder().decode(WorkflowActionPayload.self, from: execution.request),
            let runtime = await registry.runtime(tenantID: execution.tenantID)
        {
            if let action {
                attempt = await registration.run(payload, runtime: runtime, action: action.action, sourceName: action.sourceName)
            } else {
                attempt = .failure(
                    "The workflow action at /actions/\(execution.action) is no longer offered by any connector in Switchyard; nobody was registered."
                )
            }
        } else {
            attempt = .failure(
                "Tenant '\(execution.tenantID)' is no longer configured in Switchyard; nobody was registered.")
        }
        await record(attempt, for: execution, answered: false)
    }

    /// Sends a known result to HubSpot (`POST /automation/v4/actions/callbacks/{callbackId}/complete`).
    func deliver(_ execution: WorkflowExecution) async {
        var updated = execution
        updated.updatedAt = Date()
        do {
            guard let runtime = await registry.runtime(tenantID: execution.tenantID) else {
                throw DeliveryError(message: "tenant '\(execution.tenantID)' is not loaded")
            }
            let client = try await coordinator.hubSpotClient(for: runtime.config)
            var outputs = execution.outputs
            let state = outputs.removeValue(forKey: WebinarRegistrationWorkflowAction.executionStateOutput)
            try await client.automation.completeCallback(
                WorkflowCallbackCompletion(
                    callbackId: execution.callbackID, state: state == "SUCCESS" ? .success : .failContinue, outputs: outputs))
            updated.state = .done
            updated.nextAttemptAt = nil
            updated.lastError = nil
            logger.info("workflow action completed", metadata: ["callback": .string(execution.callbackID), "state": .string(state ?? "")])
        } catch let error as HubSpotError where error.status == 404 || error.status == 400 {
            updated.state = .done
            updated.nextAttemptAt = nil
            updated.lastError = "HubSpot no longer waits for this callback: \(error.message)"
            logger.warning("workflow action callback refused by HubSpot", metadata: ["callback": .string(execution.callbackID)])
        } catch {
            updated.attempts += 1
            updated.nextAttemptAt = Date() + Self.backoff(attempt: updated.attempts)
            updated.lastError = "\(error)"
            logger.notice(
                "workflow action completion not delivered; will retry",
                metadata: ["callback": .string(execution.callbackID), "error": .string("\(error)")])
        }
        await save(updated)
    }

    /// Stores the outcome of a run; a run answered in the response is done, others await delivery.
    private func record(_ attempt: RegistrationAttempt, for execution: WorkflowExecution, answered: Bool) async {
        var updated = execution
        updated.updatedAt = Date()
        switch attempt {
        case .finished(let outputs):
            updated.outputs = outputs
            updated.state = answered ? .done : .awaitingDelivery
            updated.nextAttemptAt = answered ? nil : Date()
            updated.attempts = 0
            updated.lastError = nil
        case .retryLater(let reason, let after):
            updated.state = .pending
            updated.attempts += 1
            updated.nextAttemptAt = Date() + max(TimeInterval(after.components.seconds), Self.backoff(attempt: updated.attempts))
            updated.lastError = reason
            logger.notice(
                "workflow action will be retried", metadata: ["callback": .string(execution.callbackID), "reason": .string(reason)])
        }
        await save(updated)
        busy.remove(execution.callbackID)
    }

    private func save(_ execution: WorkflowExecution) async {
        do {
            try await store.saveWorkflowExecution(execution)
            if execution.state == .done {
                due.cancel(execution.callbackID)
            } else if let next = execution.nextAttemptAt {
                due.schedule(execution.callbackID, at: .now + .seconds(max(0, next.timeIntervalSinceNow)))
            }
        } catch {
            logger.error(
                "could not store a workflow action's state",
                metadata: ["callback": .string(execution.callbackID), "error": .string("\(error)")])
        }
    }

    /// 1 s, 2 s, 4 s, … up to 5 minutes.
    static func backoff(attempt: Int) -> TimeInterval {
        min(300, pow(2, Double(max(0, min(attempt, 12) - 1))))
    }

    struct DeliveryError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
