import Foundation
import Testing

@testable import Store

@Suite("State store: inspection queries (SQLite and PostgreSQL)")
struct StoreInspectionTests {
    private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(
        "inbox items mentioning a text are found case-insensitively, per tenant, without being claimed", arguments: StoreBackend.available)
    func inboxByText(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            for (key, tenant, email) in [
                ("d1", "acme", "Ada@Example.com"), ("d2", "acme", "bob@example.com"), ("d3", "other", "ada@example.com"),
            ] {
                _ = try await store.appendToInbox(
                    NewInboxItem(
                        tenantID: tenant, connectorType: "zoom", routingKey: "acct", deliveryKey: key,
                        eventType: "webinar.registration_created", body: Data(#"{"email":"\#(email)"}"#.utf8), receivedAt: t0))
            }
            let found = try await store.inboxItems(tenantID: "acme", containing: "ada@example.com", limit: 10)
            #expect(found.map(\.deliveryKey) == ["d1"])
            #expect(found.first?.attempts == 0)
            let claimable = try await store.claimInbox(tenantID: "acme", limit: 10, now: t0, leaseUntil: t0 + 60)
            #expect(claimable.count == 2)
        }
    }

    @Test("audit records mentioning a text list newest first, any webinar of the tenant", arguments: StoreBackend.available)
    func auditByText(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            for (webinar, tenant, payload) in [
                ("1", "acme", "ada@example.com"), ("2", "acme", "ADA@example.com"), ("3", "acme", "bob"), ("4", "other", "ada@example.com"),
            ] {
                _ = try await store.appendAudit(
                    AuditRecord(
                        tenantID: tenant, webinarID: webinar, trigger: "sync_now", status: "synced", startedAt: t0, finishedAt: t0,
                        payload: Data(#"{"email":"\#(payload)"}"#.utf8)))
            }
            let found = try await store.auditRecords(tenantID: "acme", mentioning: "Ada@Example.com", limit: 10)
            #expect(found.map(\.webinarID) == ["2", "1"])
            #expect(try await store.auditRecords(tenantID: "acme", mentioning: "ada@example.com", limit: 1).map(\.webinarID) == ["2"])
        }
    }
}
