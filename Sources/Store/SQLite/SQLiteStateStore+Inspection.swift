import Foundation
import GRDB

/// Read-only queries for inspection (the admin API): they never claim or change anything.
extension SQLiteStateStore {
    public func inboxItems(tenantID: String, containing text: String, limit: Int) async throws -> [InboxItem] {
        try await rows(of: "inbox", column: "body", tenantID: tenantID, containing: text, order: "id", limit: limit, as: Self.inboxItem)
    }

    public func auditRecords(tenantID: String, mentioning text: String, limit: Int) async throws -> [AuditRecord] {
        try await rows(
            of: "audit", column: "payload", tenantID: tenantID, containing: text, order: "id DESC", limit: limit, as: Self.auditRecord)
    }

    /// Rows of a tenant whose `column` contains `text`, case-insensitively (table and column
    /// names are constants of this file, never input).
    private func rows<T: Sendable>(
        of table: String, column: String, tenantID: String, containing text: String, order: String, limit: Int,
        as transform: @escaping @Sendable (Row) -> T
    ) async throws -> [T] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM \(table) WHERE tenant_id = ? AND instr(lower(CAST(\(column) AS TEXT)), ?) > 0
                    ORDER BY \(order) LIMIT ?
                    """,
                arguments: [tenantID, text.lowercased(), limit]
            ).map(transform)
        }
    }
}
