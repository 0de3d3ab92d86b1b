import Foundation
import GRDB

extension SQLiteStateStore: WorkflowExecutionStore {
    public func admitWorkflowExecution(
        callbackID: String, tenantID: String, action: String, request: Data, now: Date, leaseUntil: Date
    ) async throws
        -> WorkflowExecutionAdmission
    {
        try await writer.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM workflow_execution WHERE callback_id = ?", arguments: [callbackID]) {
                return .existing(try Self.workflowExecution(row))
            }
            let execution = WorkflowExecution(
                callbackID: callbackID, tenantID: tenantID, action: action, request: request, state: .pending, nextAttemptAt: leaseUntil,
                receivedAt: now, updatedAt: now)
            try Self.insertOrReplace(execution, db)
            return .new(execution)
        }
    }

    public func workflowExecution(callbackID: String) async throws -> WorkflowExecution? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM workflow_execution WHERE callback_id = ?", arguments: [callbackID])
                .map(Self.workflowExecution)
        }
    }

    public func saveWorkflowExecution(_ execution: WorkflowExecution) async throws {
        try await writer.write { db in try Self.insertOrReplace(execution, db) }
    }

    public func claimDueWorkflowExecutions(now: Date, leaseUntil: Date, limit: Int) async throws -> [WorkflowExecution] {
        try await writer.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM workflow_execution
                    WHERE state IN ('pending', 'awaiting_delivery') AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                    ORDER BY received_at, callback_id LIMIT ?
                    """,
                arguments: [now.timeIntervalSince1970, limit])
            var claimed: [WorkflowExecution] = []
            for row in rows {
                var execution = try Self.workflowExecution(row)
                execution.nextAttemptAt = leaseUntil
                try db.execute(
                    sql: "UPDATE workflow_execution SET next_attempt_at = ? WHERE callback_id = ?",
                    arguments: [leaseUntil.timeIntervalSince1970, execution.callbackID])
                claimed.append(execution)
            }
            return claimed
        }
    }

    private static func insertOrReplace(_ execution: WorkflowExecution, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO workflow_execution
                (callback_id, tenant_id, action, request, state, outputs, attempts, next_attempt_at, last_error, received_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                execution.callbackID, execution.tenantID, execution.action, execution.request, execution.state.rawValue,
                try JSONEncoder().encode(execution.outputs), execution.attempts, execution.nextAttemptAt?.timeIntervalSince1970,
                execution.lastError, execution.receivedAt.timeIntervalSince1970, execution.updatedAt.timeIntervalSince1970,
            ])
    }

    private static func workflowExecution(_ row: Row) throws -> WorkflowExecution {
        let state: String = row["state"]
        let outputs: Data = row["outputs"]
        return WorkflowExecution(
            callbackID: row["callback_id"], tenantID: row["tenant_id"], action: row["action"] ?? "", request: row["request"],
            state: WorkflowExecution.State(rawValue: state) ?? .pending,
            outputs: try JSONDecoder().decode([String: String].self, from: outputs), attempts: row["attempts"],
            nextAttemptAt: (row["next_attempt_at"] as Double?).map(Date.init(timeIntervalSince1970:)), lastError: row["last_error"],
            receivedAt: Date(timeIntervalSince1970: row["received_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
