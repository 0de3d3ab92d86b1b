import Foundation
import PostgresNIO

extension PostgresStateStore: WorkflowExecutionStore {
    /// The channel `NOTIFY`ed with a tenant id when one of its workflow executions is admitted
    /// or saved unfinished (by any replica): the tenant's owner schedules it at once.
    public static let workflowChannel = "switchyard_workflow"

    public func admitWorkflowExecution(
        callbackID: String, tenantID: String, action: String, request: Data, now: Date, leaseUntil: Date
    ) async throws -> WorkflowExecutionAdmission {
        let execution = WorkflowExecution(
            callbackID: callbackID, tenantID: tenantID, action: action, request: request, state: .pending, nextAttemptAt: leaseUntil,
            receivedAt: now, updatedAt: now)
        let outputs = try JSONEncoder().encode(execution.outputs)
        // A concurrent admission of the same callback (another replica) waits here, then finds it.
        let inserted = try await rows(
            """
            INSERT INTO workflow_execution
            (callback_id, tenant_id, action, request, state, outputs, attempts, next_attempt_at, last_error, received_at, updated_at,
             leased_by)
            VALUES (\(callbackID), \(tenantID), \(action), \(request), \(execution.state.rawValue), \(outputs), 0, \
            \(leaseUntil.timeIntervalSince1970), NULL, \(now.timeIntervalSince1970), \(now.timeIntervalSince1970), \(fenceOwner))
            ON CONFLICT (callback_id) DO NOTHING RETURNING callback_id
            """, "could not admit workflow execution \(callbackID)")
        if !inserted.isEmpty {
            try await announceWorkflowExecution(of: tenantID)
            return .new(execution)
        }
        guard let existing = try await workflowExecution(callbackID: callbackID) else {
            throw StoreError("workflow execution \(callbackID) was admitted and removed at once; retry the request")
        }
        return .existing(existing)
    }

    public func workflowExecution(callbackID: String) async throws -> WorkflowExecution? {
        try await rows(
            "SELECT * FROM workflow_execution WHERE callback_id = \(callbackID)", "could not read workflow execution \(callbackID)"
        ).first.map(Self.workflowExecution)
    }

    /// Saving ends the saver's lease on the execution. Work bound to a ``LeaseEpoch`` of the
    /// execution's tenant (an owner's retries and deliveries) saves only while that lease holds
    /// (else ``StoreError`` says it was fenced); an unfinished execution is announced on
    /// ``workflowChannel`` so its tenant's owner schedules it.
    public func saveWorkflowExecution(_ execution: WorkflowExecution) async throws {
        let outputs = try JSONEncoder().encode(execution.outputs)
        let query: PostgresQuery = try """
        INSERT INTO workflow_execution
        (callback_id, tenant_id, action, request, state, outputs, attempts, next_attempt_at, last_error, received_at, updated_at)
        VALUES (\(execution.callbackID), \(execution.tenantID), \(execution.action), \(execution.request), \
        \(execution.state.rawValue), \(outputs), \(Int32(clamping: execution.attempts)), \
        \(execution.nextAttemptAt?.timeIntervalSince1970), \(execution.lastError), \(execution.receivedAt.timeIntervalSince1970), \
        \(execution.updatedAt.timeIntervalSince1970))
        ON CONFLICT (callback_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, action = EXCLUDED.action,
            request = EXCLUDED.request, state = EXCLUDED.state, outputs = EXCLUDED.outputs, attempts = EXCLUDED.attempts,
            next_attempt_at = EXCLUDED.next_attempt_at, last_error = EXCLUDED.last_error,
            received_at = EXCLUDED.received_at, updated_at = EXCLUDED.updated_at, leased_by = NULL, lease_token = NULL
        """
        if fenceEpoch.tenantID == execution.tenantID {
            try await transaction("could not save workflow execution \(execution.callbackID)") { [self] connection in
                try await checkFence([execution.tenantID], on: connection)
                try await connection.query(query, logger: logger)
            }
        } else {
            _ = try await rows(query, "could not save workflow execution \(execution.callbackID)")
        }
        if execution.state != .done { try await announceWorkflowExecution(of: execution.tenantID) }
    }

    /// Tells the tenant's owner (whichever replica listens on ``workflowChannel``) that an
    /// execution of the tenant is new or changed.
    private func announceWorkflowExecution(of tenantID: String) async throws {
        guard currentFence != nil else { return }
        _ = try await rows("SELECT pg_notify(\(Self.workflowChannel), \(tenantID))", "could not announce a workflow execution")
    }

    /// With a fence (several replicas), only executions of the tenants this replica owns are claimed.
    public func claimDueWorkflowExecutions(now: Date, leaseUntil: Date, limit: Int) async throws -> [WorkflowExecution] {
        try await rows(
            """
            UPDATE workflow_execution SET next_attempt_at = \(leaseUntil.timeIntervalSince1970), leased_by = \(fenceOwner),
                lease_token = (SELECT token FROM tenant_lease l WHERE l.tenant_id = workflow_execution.tenant_id AND l.owner = \(fenceOwner))
            WHERE callback_id IN (
                SELECT callback_id FROM workflow_execution
                WHERE state IN ('pending', 'awaiting_delivery')
                    AND (next_attempt_at IS NULL OR next_attempt_at <= \(now.timeIntervalSince1970))
                    AND (\(fenceOwner)::text IS NULL OR tenant_id IN (SELECT tenant_id FROM tenant_lease WHERE owner = \(fenceOwner)))
                ORDER BY received_at, callback_id COLLATE "C" LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING *
            """, "could not claim due workflow executions"
        ).map(Self.workflowExecution).sorted { ($0.receivedAt, $0.callbackID) < ($1.receivedAt, $1.callbackID) }
    }

    public func takeOverWorkflowExecutions(tenantID: String, now: Date, leaseUntil: Date) async throws -> [WorkflowExecution] {
        guard let fence = currentFence, let token = LeaseEpoch.token(for: tenantID, fence: fence) else { return [] }
        return try await rows(
            """
            UPDATE workflow_execution SET next_attempt_at = \(leaseUntil.timeIntervalSince1970), leased_by = \(fence.replicaID),
                lease_token = \(token)
            WHERE callback_id IN (
                SELECT callback_id FROM workflow_execution
                WHERE tenant_id = \(tenantID) AND state IN ('pending', 'awaiting_delivery')
                    AND EXISTS (SELECT 1 FROM tenant_lease WHERE tenant_id = \(tenantID) AND owner = \(fence.replicaID) AND token = \(token))
                    AND (next_attempt_at IS NULL OR next_attempt_at <= \(now.timeIntervalSince1970)
                        OR (lease_token IS NOT NULL AND lease_token <> \(token))
                        OR (leased_by IS NOT NULL AND leased_by NOT IN (
                            SELECT replica_id FROM replica WHERE alive_until > extract(epoch from clock_timestamp()))))
                ORDER BY received_at, callback_id COLLATE "C" FOR UPDATE SKIP LOCKED)
            RETURNING *
            """, "could not take over the workflow executions of tenant \(tenantID)"
        ).map(Self.workflowExecution).sorted { ($0.receivedAt, $0.callbackID) < ($1.receivedAt, $1.callbackID) }
    }

    public func workflowExecutionDueTimes(tenantID: String) async throws -> [String: Date] {
        var due: [String: Date] = [:]
        for row in try await rows(
            """
            SELECT callback_id, next_attempt_at FROM workflow_execution
            WHERE tenant_id = \(tenantID) AND state IN ('pending', 'awaiting_delivery')
            """, "could not read the due times of tenant \(tenantID)'s workflow executions")
        {
            due[try row["callback_id"].decode(String.self)] = try row.optionalDate("next_attempt_at") ?? .distantPast
        }
        return due
    }

    static func workflowExecution(_ row: PostgresRandomAccessRow) throws -> WorkflowExecution {
        WorkflowExecution(
            callbackID: try row["callback_id"].decode(String.self), tenantID: try row["tenant_id"].decode(String.self),
            action: try row["action"].decode(String.self), request: try row["request"].decode(Data.self),
            state: WorkflowExecution.State(rawValue: try row["state"].decode(String.self)) ?? .pending,
            outputs: try JSONDecoder().decode([String: String].self, from: try row["outputs"].decode(Data.self)),
            attempts: Int(try row["attempts"].decode(Int32.self)), nextAttemptAt: try row.optionalDate("next_attempt_at"),
            lastError: try row["last_error"].decode(String?.self), receivedAt: try row.date("received_at"),
            updatedAt: try row.date("updated_at"))
    }
}
