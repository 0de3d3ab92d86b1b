import Foundation
import Testing

@testable import Store

@Suite("SQLite state store")
struct SQLiteStateStoreTests {
    private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    private func item(_ key: String, tenant: String = "acme") -> NewInboxItem {
        NewInboxItem(
            tenantID: tenant, connectorType: "zoom", routingKey: "acct", deliveryKey: key,
            eventType: "webinar.registration_created",
            body: Data("{\"k\":\"\(key)\"}".utf8), receivedAt: t0)
    }

    private func fileStore() throws -> (SQLiteStateStore, String) {
        let path = NSTemporaryDirectory() + "switchyard-store-\(UUID().uuidString)/state.sqlite"
        return (try SQLiteStateStore(path: path), path)
    }

    @Test("a replayed delivery is stored once")
    func inboxDeduplicates() async throws {
        let store = try SQLiteStateStore(path: nil)
        guard case .stored(let id) = try await store.appendToInbox(item("d1")) else {
            Issue.record("first delivery was not stored")
            return
        }
        #expect(try await store.appendToInbox(item("d1")) == .duplicate(existingID: id))
        #expect(
            try await store.appendToInbox(item("d1", tenant: "other")) != .duplicate(existingID: id))
        #expect(try await store.inboxDepth(tenantID: "acme") == 1)
    }

    @Test("claimed items are leased: not handed out twice until the lease ends or they fail")
    func inboxLeases() async throws {
        let store = try SQLiteStateStore(path: nil)
        for key in ["a", "b", "c"] { _ = try await store.appendToInbox(item(key)) }
        let first = try await store.claimInbox(tenantID: "acme", limit: 2, now: t0, leaseUntil: t0 + 30)
        #expect(first.map(\.deliveryKey) == ["a", "b"])
        #expect(first.allSatisfy { $0.attempts == 1 })
        let second = try await store.claimInbox(
            tenantID: "acme", limit: 10, now: t0 + 1, leaseUntil: t0 + 31)
        #expect(second.map(\.deliveryKey) == ["c"])
        try await store.completeInboxItem(id: first[0].id)
        try await store.failInboxItem(id: first[1].id, error: "HubSpot 503", retryAt: t0 + 60)
        #expect(
            try await store.claimInbox(tenantID: "acme", limit: 10, now: t0 + 40, leaseUntil: t0 + 70)
                .map(\.deliveryKey) == ["c"])
        let retried = try await store.claimInbox(
            tenantID: "acme", limit: 10, now: t0 + 61, leaseUntil: t0 + 90)
        #expect(retried.map(\.deliveryKey) == ["b"])
        #expect(retried.first?.lastError == "HubSpot 503")
        #expect(retried.first?.attempts == 2)
    }

    @Test("the ledger keeps one entry per key and finds them by prefix")
    func ledger() async throws {
        let store = try SQLiteStateStore(path: nil)
        let entry = LedgerEntry(
            tenantID: "acme", key: "zoom:1:reg:a", target: "contact", targetID: "101", contentHash: "h1",
            updatedAt: t0)
        try await store.putLedgerEntries([
            entry,
            LedgerEntry(
                tenantID: "acme", key: "zoom:2:reg:a", target: "contact", targetID: nil, contentHash: "h",
                updatedAt: t0),
        ])
        var changed = entry
        changed.contentHash = "h2"
        try await store.putLedgerEntries([changed])
        #expect(try await store.ledgerEntry(tenantID: "acme", key: "zoom:1:reg:a")?.contentHash == "h2")
        #expect(try await store.ledgerEntries(tenantID: "acme", keyPrefix: "zoom:1:").count == 1)
        #expect(try await store.ledgerEntry(tenantID: "other", key: "zoom:1:reg:a") == nil)
    }

    @Test("ledger entries are found by key in one batch, more keys than one statement takes, of the tenant only")
    func ledgerByKeys() async throws {
        let store = try SQLiteStateStore(path: nil)
        let entries = (0..<1_200).map {
            LedgerEntry(
                tenantID: "acme", key: "contact:\($0)@x.example", target: "contact", targetID: "\($0)", contentHash: "h", updatedAt: t0)
        }
        try await store.putLedgerEntries(entries)
        try await store.putLedgerEntries([
            LedgerEntry(tenantID: "other", key: "contact:5000@x.example", target: "contact", targetID: "9", contentHash: "h", updatedAt: t0)
        ])
        let keys = (0..<1_300).map { "contact:\($0 * 2)@x.example" } + ["contact:5000@x.example"]
        let found = try await store.ledgerEntries(tenantID: "acme", keys: keys)
        #expect(found.count == 600)
        #expect(found["contact:1198@x.example"]?.targetID == "1198")
        #expect(found["contact:1200@x.example"] == nil)
        #expect(found["contact:5000@x.example"] == nil)
        #expect(try await store.ledgerEntries(tenantID: "acme", keys: []).isEmpty)
    }

    @Test("participation facts are replaced per person and webinar")
    func participations() async throws {
        let store = try SQLiteStateStore(path: nil)
        try await store.putParticipations([
            ParticipationFact(
                tenantID: "acme", connectorType: "zoom", email: "ada@example.com", webinarID: "1", registered: true,
                registeredAt: t0, attended: false),
            ParticipationFact(
                tenantID: "acme", connectorType: "zoom", email: "ada@example.com", webinarID: "2", registered: true,
                attended: true, attendancePercent: 50),
        ])
        try await store.putParticipations([
            ParticipationFact(
                tenantID: "acme", connectorType: "zoom", email: "ada@example.com", webinarID: "1", registered: true,
                registeredAt: t0, attended: true, attendancePercent: 100)
        ])
        let facts = try await store.participations(
            tenantID: "acme", emails: ["ada@example.com", "nobody@example.com"])
        #expect(facts.map(\.webinarID) == ["1", "2"])
        #expect(facts.map(\.attendancePercent) == [100, 50])
        #expect(facts.first?.registeredAt == t0)
    }

    @Test("audit records list newest first")
    func audit() async throws {
        let store = try SQLiteStateStore(path: nil)
        for status in ["synced", "synced_with_warnings"] {
            _ = try await store.appendAudit(
                AuditRecord(
                    tenantID: "acme", webinarID: "9", trigger: "sync_now", status: status, startedAt: t0,
                    finishedAt: t0 + 2, payload: Data("{}".utf8)))
        }
        let records = try await store.auditRecords(tenantID: "acme", webinarID: "9", limit: 10)
        #expect(records.map(\.status) == ["synced_with_warnings", "synced"])
        #expect(records.first?.finishedAt == t0 + 2)
    }

    @Test("state survives reopening the file (WAL database)")
    func durability() async throws {
        let (store, path) = try fileStore()
        _ = try await store.appendToInbox(item("durable"))
        try await store.setValue(Data("v".utf8), namespace: "setup", key: "acme:properties")
        let reopened = try SQLiteStateStore(path: path)
        #expect(try await reopened.inboxDepth(tenantID: "acme") == 1)
        #expect(try await reopened.value(namespace: "setup", key: "acme:properties") == Data("v".utf8))
        #expect(try await reopened.values(namespace: "setup", keyPrefix: "acme:").count == 1)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("an unusable path is a clear error")
    func badPath() {
        #expect(throws: StoreError.self) {
            try SQLiteStateStore(path: "/proc/not-writable/state.sqlite")
        }
    }
}
