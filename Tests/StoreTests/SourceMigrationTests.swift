import Foundation
import GRDB
import Testing

@testable import Store

@Suite("Migration to per-source rows")
struct SourceMigrationTests {
    /// A state file as the host wrote it before connectors had HubSpot profiles.
    private func legacyStore() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("legacy-\(UUID().uuidString).sqlite").path
        let pool = try DatabasePool(path: path)
        try SQLiteMigrations.migrator.migrate(pool, upTo: "workflow-executions-v1")
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO participation (tenant_id, email, webinar_id, registered, attended, attendance_percent)
                    VALUES ('acme', 'ada@example.com', '1', 1, 1, 50);
                    INSERT INTO workflow_execution (callback_id, tenant_id, request, state, outputs, received_at, updated_at)
                    VALUES ('cb-1', 'acme', x'7b7d', 'pending', x'7b7d', 0, 0);
                    INSERT INTO audit (tenant_id, webinar_id, trigger, status, started_at, finished_at, payload)
                    VALUES ('acme', '1', 'webhook', 'failed', 0, 0, CAST(? AS BLOB));
                    """,
                arguments: [#"{"webinarID":"1","items":[{"reason":"zoom_data_unavailable"}]}"#])
        }
        try pool.close()
        return path
    }

    @Test("existing facts, executions and audit records belong to the first connector type, Zoom")
    func legacyRows() async throws {
        let path = try legacyStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteStateStore(path: path)
        let facts = try await store.participations(tenantID: "acme", emails: ["ada@example.com"])
        #expect(facts.map(\.connectorType) == ["zoom"])
        #expect(facts.first?.attendancePercent == 50)
        #expect(try await store.workflowExecution(callbackID: "cb-1")?.action == "zoom/register")
        let payload = try #require(try await store.auditRecords(tenantID: "acme", webinarID: "1", limit: 1).first?.payload)
        let json = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        #expect(json["sourceName"] as? String == "Zoom")
        #expect(String(decoding: payload, as: UTF8.self).contains("\"source_data_unavailable\""))
    }

    @Test("the same webinar id of two sources is two facts")
    func perSource() async throws {
        let store = try SQLiteStateStore(path: nil)
        try await store.putParticipations([
            ParticipationFact(
                tenantID: "acme", connectorType: "zoom", email: "ada@example.com", webinarID: "1", registered: true, attended: false),
            ParticipationFact(
                tenantID: "acme", connectorType: "webex", email: "ada@example.com", webinarID: "1", registered: true, attended: true),
        ])
        let facts = try await store.participations(tenantID: "acme", emails: ["ada@example.com"])
        #expect(facts.map(\.connectorType) == ["webex", "zoom"])
    }
}
