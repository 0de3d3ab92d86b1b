import Foundation
import PostgresNIO

extension PostgresStateStore: WorkflowExecutionStore {
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
            (callback_id, tenant_id, action, request, state, outputs, attempts, next_attempt_at, last_error, received_at, updated_at)
            VALUES (\(callbackID), \(tenantID), \(action), \(request), \(execution.state.rawValue), \(outputs), 0, \
            \(leaseUntil.timeIntervalSince1970), NULL, \(now.timeIntervalSince1970), \(now.timeIntervalSince1970))
            ON CONFLICT (callback_id) DO NOTHING RETURNING callback_id
            """, "could not admit workflow execution \(callbackID)")
        if !inserted.isEmpty { return .new(execution) }
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

    public func saveWorkflowExecution(_ execution: WorkflowExecution) async throws {
        let outputs = try JSONEncoder().encode(execution.outputs)
        _ = try await rows(
            """
            INSERT INTO workflow_execution
            (callback_id, tenant_id, action, request, state, outputs, attempts, next_attempt_at, last_error, received_at, updated_at)
            VALUES (\(execution.callbackID), \(execution.tenantID), \(execution.action), \(execution.request), \
            \(execution.state.rawValue), \(outputs), \(Int32(clamping: execution.attempts)), \
            \(execution.nextAttemptAt?.timeIntervalSince1970), \(execution.lastError), \(execution.receivedAt.timeIntervalSince1970), \
            \(execution.updatedAt.timeIntervalSince1970))
            ON CONFLICT (callback_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, action = EXCLUDED.action,
                request = EXCLUDED.request, state = EXCLUDED.state, outputs = EXCLUDED.outputs, attempts = EXCLUDED.attempts,
                next_attempt_at = EXCLUDED.next_attempt_at, last_error = EXCLUDED.last_error,
                received_at = EXCLUDED.received_at, updated_at = EXCLUDED.updated_at
            """, "could not save workflow execution \(execution.callbackID)")
    }

    /// With a fence (several replicas), only executions of the tenants this replica owns are claimed.
    public func claimDueWorkflowExecutions(now: Date, leaseUntil: Date, limit: Int) async throws -> [WorkflowExecution] {
        try await rows(
            """
            UPDATE workflow_execution SET next_attempt_at = \(leaseUntil.timeIntervalSince1970)
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
