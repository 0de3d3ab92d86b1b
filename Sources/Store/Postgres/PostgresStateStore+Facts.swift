import Foundation
import PostgresNIO

extension PostgresStateStore {
    // MARK: Participation facts

    public func putParticipations(_ facts: [ParticipationFact]) async throws {
        guard !facts.isEmpty else { return }
        try await transaction("could not write \(facts.count) participation facts") { [self] connection in
            try await checkFence(facts.map(\.tenantID), on: connection)
            for fact in facts {
                try await connection.query(
                    """
                    INSERT INTO participation
                    (tenant_id, connector_type, email, webinar_id, registered, registered_at, webinar_url, attended, attendance_percent)
                    VALUES (\(fact.tenantID), \(fact.connectorType), \(fact.email), \(fact.webinarID), \(fact.registered), \
                    \(fact.registeredAt?.timeIntervalSince1970), \(fact.webinarURL), \(fact.attended), \(fact.attendancePercent))
                    ON CONFLICT (tenant_id, email, connector_type, webinar_id) DO UPDATE SET
                        registered = EXCLUDED.registered, registered_at = EXCLUDED.registered_at, webinar_url = EXCLUDED.webinar_url,
                        attended = EXCLUDED.attended, attendance_percent = EXCLUDED.attendance_percent
                    """, logger: logger)
            }
        }
    }

    public func participations(tenantID: String, emails: [String]) async throws -> [ParticipationFact] {
        guard !emails.isEmpty else { return [] }
        return try await rows(
            """
            SELECT * FROM participation WHERE tenant_id = \(tenantID) AND email = ANY(\(emails))
            ORDER BY email COLLATE "C", connector_type COLLATE "C", webinar_id COLLATE "C"
            """, "could not read the participation facts of \(tenantID)"
        ).map(Self.participationFact)
    }

    public func participations(tenantID: String, connectorType: String, webinarID: String) async throws -> [ParticipationFact] {
        try await rows(
            """
            SELECT * FROM participation
            WHERE tenant_id = \(tenantID) AND connector_type = \(connectorType) AND webinar_id = \(webinarID)
            ORDER BY email COLLATE "C"
            """, "could not read the participation facts of webinar \(webinarID) of \(tenantID)"
        ).map(Self.participationFact)
    }

    private static func participationFact(_ row: PostgresRandomAccessRow) throws -> ParticipationFact {
        ParticipationFact(
            tenantID: try row["tenant_id"].decode(String.self), connectorType: try row["connector_type"].decode(String.self),
            email: try row["email"].decode(String.self), webinarID: try row["webinar_id"].decode(String.self),
            registered: try row["registered"].decode(Bool.self), registeredAt: try row.optionalDate("registered_at"),
            webinarURL: try row["webinar_url"].decode(String?.self), attended: try row["attended"].decode(Bool.self),
            attendancePercent: try row["attendance_percent"].decode(Double?.self))
    }

    // MARK: Audit log

    public func appendAudit(_ record: AuditRecord) async throws -> Int64 {
        try await transaction("could not append an audit record of \(record.tenantID)") { [self] connection in
            try await checkFence([record.tenantID], on: connection)
            let rows = try await connection.query(
                """
                INSERT INTO audit (tenant_id, webinar_id, "trigger", status, started_at, finished_at, payload)
                VALUES (\(record.tenantID), \(record.webinarID), \(record.trigger), \(record.status), \
                \(record.startedAt.timeIntervalSince1970), \(record.finishedAt.timeIntervalSince1970), \(record.payload))
                RETURNING id
                """, logger: logger
            ).collect()
            guard let id = try rows.first?.decode(Int64.self) else { throw StoreError("the audit insert returned no id") }
            return id
        }
    }

    public func auditRecords(tenantID: String, webinarID: String, limit: Int) async throws -> [AuditRecord] {
        try await rows(
            "SELECT * FROM audit WHERE tenant_id = \(tenantID) AND webinar_id = \(webinarID) ORDER BY id DESC LIMIT \(limit)",
            "could not read the audit log of \(tenantID)"
        ).map(Self.auditRecord)
    }

    public func auditRecords(tenantID: String, mentioning text: String, limit: Int) async throws -> [AuditRecord] {
        try await rows(
            """
            SELECT * FROM audit WHERE tenant_id = \(tenantID) AND strpos(lower(convert_from(payload, 'UTF8')), \(text.lowercased())) > 0
            ORDER BY id DESC LIMIT \(limit)
            """, "could not search the audit log of \(tenantID)"
        ).map(Self.auditRecord)
    }

    public func inboxItems(tenantID: String, containing text: String, limit: Int) async throws -> [InboxItem] {
        try await rows(
            """
            SELECT * FROM inbox WHERE tenant_id = \(tenantID) AND strpos(lower(convert_from(body, 'UTF8')), \(text.lowercased())) > 0
            ORDER BY id LIMIT \(limit)
            """, "could not search the inbox of \(tenantID)"
        ).map(Self.inboxItem)
    }

    static func auditRecord(_ row: PostgresRandomAccessRow) throws -> AuditRecord {
        AuditRecord(
            id: try row["id"].decode(Int64.self), tenantID: try row["tenant_id"].decode(String.self),
            webinarID: try row["webinar_id"].decode(String.self), trigger: try row["trigger"].decode(String.self),
            status: try row["status"].decode(String.self), startedAt: try row.date("started_at"),
            finishedAt: try row.date("finished_at"), payload: try row["payload"].decode(Data.self))
    }

    // MARK: Key–value

    public func value(namespace: String, key: String) async throws -> Data? {
        try await rows(
            "SELECT value FROM kv WHERE namespace = \(namespace) AND key = \(key)", "could not read \(namespace)/\(key)"
        ).first.map { try $0[0].decode(Data.self) }
    }

    public func setValue(_ value: Data?, namespace: String, key: String) async throws {
        if let value {
            _ = try await rows(
                """
                INSERT INTO kv (namespace, key, value) VALUES (\(namespace), \(key), \(value))
                ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value
                """, "could not write \(namespace)/\(key)")
        } else {
            _ = try await rows("DELETE FROM kv WHERE namespace = \(namespace) AND key = \(key)", "could not remove \(namespace)/\(key)")
        }
    }

    public func values(namespace: String, keyPrefix: String) async throws -> [String: Data] {
        let rows = try await rows(
            "SELECT key, value FROM kv WHERE namespace = \(namespace) AND starts_with(key, \(keyPrefix))",
            "could not read \(namespace)/\(keyPrefix)…")
        return Dictionary(
            try rows.map { (try $0["key"].decode(String.self), try $0["value"].decode(Data.self)) }, uniquingKeysWith: { _, last in last })
    }
}

extension PostgresStateStore: InboxStatistics {
    public func inboxSummary() async throws -> InboxSummary {
        let row = try await rows(
            "SELECT COUNT(*) AS depth, MIN(received_at) AS oldest FROM inbox WHERE dead_at IS NULL", "could not summarise the inbox"
        ).first
        return InboxSummary(
            depth: Int(try row?["depth"].decode(Int64.self) ?? 0), oldestReceivedAt: try row?.optionalDate("oldest"))
    }
}
