import Foundation
import GRDB

extension SQLiteStateStore {
    // MARK: Participation facts

    public func putParticipations(_ facts: [ParticipationFact]) async throws {
        guard !facts.isEmpty else { return }
        try await writer.write { db in
            try Self.insertRows(
                db,
                """
                INSERT OR REPLACE INTO participation
                (tenant_id, connector_type, email, webinar_id, registered, registered_at, webinar_url, attended, attendance_percent)
                """, columns: 9, facts
            ) { fact in
                [
                    fact.tenantID, fact.connectorType, fact.email, fact.webinarID, fact.registered,
                    fact.registeredAt?.timeIntervalSince1970, fact.webinarURL, fact.attended, fact.attendancePercent,
                ]
            }
        }
    }

    public func participations(tenantID: String, emails: [String]) async throws -> [ParticipationFact] {
        guard !emails.isEmpty else { return [] }
        return try await writer.read { db in
            let placeholders = databaseQuestionMarks(count: emails.count)
            var arguments: StatementArguments = [tenantID]
            arguments += StatementArguments(emails)
            return try Row.fetchAll(
                db,
                sql:
                    "SELECT * FROM participation WHERE tenant_id = ? AND email IN (\(placeholders)) ORDER BY email, connector_type, webinar_id",
                arguments: arguments
            ).map(Self.participationFact)
        }
    }

    public func participations(tenantID: String, connectorType: String, webinarID: String) async throws -> [ParticipationFact] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM participation WHERE tenant_id = ? AND connector_type = ? AND webinar_id = ?
                    ORDER BY email
                    """,
                arguments: [tenantID, connectorType, webinarID]
            ).map(Self.participationFact)
        }
    }

    private static func participationFact(_ row: Row) -> ParticipationFact {
        ParticipationFact(
            tenantID: row["tenant_id"],
            connectorType: row["connector_type"],
            email: row["email"],
            webinarID: row["webinar_id"],
            registered: row["registered"],
            registeredAt: (row["registered_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            webinarURL: row["webinar_url"],
            attended: row["attended"],
            attendancePercent: row["attendance_percent"]
        )
    }

    // MARK: Audit log

    public func appendAudit(_ record: AuditRecord) async throws -> Int64 {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO audit (tenant_id, webinar_id, trigger, status, started_at, finished_at, payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.tenantID, record.webinarID, record.trigger, record.status,
                    record.startedAt.timeIntervalSince1970,
                    record.finishedAt.timeIntervalSince1970, record.payload,
                ])
            return db.lastInsertedRowID
        }
    }

    public func auditRecords(tenantID: String, webinarID: String, limit: Int) async throws
        -> [AuditRecord]
    {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM audit WHERE tenant_id = ? AND webinar_id = ? ORDER BY id DESC LIMIT ?",
                arguments: [tenantID, webinarID, limit]
            ).map(Self.auditRecord)
        }
    }

    static func auditRecord(_ row: Row) -> AuditRecord {
        AuditRecord(
            id: row["id"],
            tenantID: row["tenant_id"],
            webinarID: row["webinar_id"],
            trigger: row["trigger"],
            status: row["status"],
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: Date(timeIntervalSince1970: row["finished_at"]),
            payload: row["payload"]
        )
    }

    // MARK: Key–value

    public func value(namespace: String, key: String) async throws -> Data? {
        try await writer.read { db in
            try Data.fetchOne(
                db, sql: "SELECT value FROM kv WHERE namespace = ? AND key = ?",
                arguments: [namespace, key])
        }
    }

    public func setValue(_ value: Data?, namespace: String, key: String) async throws {
        try await writer.write { db in
            if let value {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO kv (namespace, key, value) VALUES (?, ?, ?)",
                    arguments: [namespace, key, value])
            } else {
                try db.execute(
                    sql: "DELETE FROM kv WHERE namespace = ? AND key = ?", arguments: [namespace, key])
            }
        }
    }

    public func values(namespace: String, keyPrefix: String) async throws -> [String: Data] {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT key, value FROM kv WHERE namespace = ? AND substr(key, 1, ?) = ?",
                arguments: [namespace, keyPrefix.count, keyPrefix])
            return Dictionary(
                rows.map { ($0["key"] as String, $0["value"] as Data) },
                uniquingKeysWith: { _, last in last })
        }
    }
}
