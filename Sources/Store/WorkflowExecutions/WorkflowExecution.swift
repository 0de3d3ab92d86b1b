import Foundation

/// One execution of a custom workflow action, as HubSpot delivered it (keyed by its
/// `callbackId`): stored before any work, so a second delivery of the same callback does the
/// work once, and a result HubSpot still waits for survives a restart.
public struct WorkflowExecution: Sendable, Codable, Hashable {
    /// Where an execution stands.
    public enum State: String, Sendable, Codable, Hashable {
        /// The work is not finished yet (in flight, or waiting for a retry at ``nextAttemptAt``).
        case pending
        /// The result is known and must still be sent to HubSpot (callback completion).
        case awaitingDelivery = "awaiting_delivery"
        /// HubSpot has the result (in the response, or through a delivered completion).
        case done
    }

    /// HubSpot's `callbackId`.
    public var callbackID: String
    /// The tenant the request was routed to.
    public var tenantID: String
    /// The action it was called for, as `{connector type}/{url segment}` (its route under `/actions/`).
    public var action: String
    /// The verified request body, to redo the work after a failure or a restart.
    public var request: Data
    /// Where it stands.
    public var state: State
    /// The output fields of the result (with `hs_execution_state`), once known.
    public var outputs: [String: String]
    /// Attempts so far (of the work while pending, of the delivery while awaiting delivery).
    public var attempts: Int
    /// When it may be picked up again (the lease of whoever works on it, or the retry time).
    public var nextAttemptAt: Date?
    /// The error of the last failed attempt.
    public var lastError: String?
    /// When HubSpot's request arrived.
    public var receivedAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates an execution.
    public init(
        callbackID: String, tenantID: String, action: String, request: Data, state: State, outputs: [String: String] = [:],
        attempts: Int = 0,
        nextAttemptAt: Date? = nil, lastError: String? = nil, receivedAt: Date, updatedAt: Date
    ) {
        self.callbackID = callbackID
        self.tenantID = tenantID
        self.action = action
        self.request = request
        self.state = state
        self.outputs = outputs
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.receivedAt = receivedAt
        self.updatedAt = updatedAt
    }
}

/// What admitting a delivery found.
public enum WorkflowExecutionAdmission: Sendable, Hashable {
    /// The callback was new; it is stored as pending, leased to the caller.
    case new(WorkflowExecution)
    /// The callback was delivered before; nothing was changed.
    case existing(WorkflowExecution)
}

/// Durable workflow-action executions (implemented by ``SQLiteStateStore``).
public protocol WorkflowExecutionStore: Sendable {
    /// Stores a delivery of `action` (`{connector type}/{url segment}`) as `pending`, leased until
    /// `leaseUntil`, unless its callback id is known.
    func admitWorkflowExecution(
        callbackID: String, tenantID: String, action: String, request: Data, now: Date, leaseUntil: Date
    ) async throws
        -> WorkflowExecutionAdmission
    /// The execution of a callback id.
    func workflowExecution(callbackID: String) async throws -> WorkflowExecution?
    /// Replaces an execution's state, outputs, attempts, retry time and error.
    func saveWorkflowExecution(_ execution: WorkflowExecution) async throws
    /// Claims up to `limit` executions that are `pending` or `awaitingDelivery` and due at `now`
    /// (oldest first), leasing them until `leaseUntil`.
    func claimDueWorkflowExecutions(now: Date, leaseUntil: Date, limit: Int) async throws -> [WorkflowExecution]
    /// Claims, for a replica that has just taken `tenantID`'s lease, the tenant's unfinished
    /// executions nobody can finish any more: those due at `now`, those claimed under an older
    /// lease of the tenant (that work is fenced), and those leased by a replica no longer alive.
    /// Executions another live replica is answering a request for are left to it. Empty
    /// without leases (one process owns every tenant and resumes everything at start).
    func takeOverWorkflowExecutions(tenantID: String, now: Date, leaseUntil: Date) async throws -> [WorkflowExecution]
    /// When each unfinished execution of `tenantID` is due (its retry time, or the end of the
    /// lease of whoever works on it), by callback id.
    func workflowExecutionDueTimes(tenantID: String) async throws -> [String: Date]
}

extension WorkflowExecutionStore {
    /// Without leases there is nothing to take over: empty.
    public func takeOverWorkflowExecutions(tenantID: String, now: Date, leaseUntil: Date) async throws -> [WorkflowExecution] {
        []
    }

    /// Without leases the process's own timetable knows every due time: empty.
    public func workflowExecutionDueTimes(tenantID: String) async throws -> [String: Date] { [:] }
}
