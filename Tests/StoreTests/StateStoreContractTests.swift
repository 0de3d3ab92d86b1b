import Foundation
import Testing

@testable import Store

/// The store protocol's contract: every test runs against SQLite and PostgreSQL alike.
@Suite("State store contract (SQLite and PostgreSQL)")
struct StateStoreContractTests {
    private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    private func item(_ key: String, tenant: String = "acme") -> NewInboxItem {
        NewInboxItem(
            tenantID: tenant, connectorType: "zoom", routingKey: "acct", deliveryKey: key,
            eventType: "webinar.registration_created",
            body: Data("{\"k\":\"\(key)\"}".utf8), receivedAt: t0)
    }

    @Test("a replayed delivery is stored once", arguments: StoreBackend.available)
    func inboxDeduplicates(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            guard case .stored(let id) = try await store.appendToInbox(item("d1")) else {
                Issue.record("first delivery was not stored")
                return
            }
            #expect(try await store.appendToInbox(item("d1")) == .duplicate(existingID: id))
            #expect(try await store.appendToInbox(item("d1", tenant: "other")) != .duplicate(existingID: id))
            #expect(try await store.inboxDepth(tenantID: "acme") == 1)
        }
    }

    @Test("claimed items are leased: not handed out twice until the lease ends or they fail", arguments: StoreBackend.available)
    func inboxLeases(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            for key in ["a", "b", "c"] { _ = try await store.appendToInbox(item(key)) }
            let first = try await store.claimInbox(tenantID: "acme", limit: 2, now: t0, leaseUntil: t0 + 30)
            #expect(first.map(\.deliveryKey) == ["a", "b"])
            #expect(first.allSatisfy { $0.attempts == 1 })
            let second = try await store.claimInbox(tenantID: "acme", limit: 10, now: t0 + 1, leaseUntil: t0 + 31)
            #expect(second.map(\.deliveryKey) == ["c"])
            #expect(try await store.inboxDueTimes(tenantID: nil) == ["acme": t0 + 30])
            try await store.completeInboxItem(id: first[0].id)
            try await store.failInboxItem(id: first[1].id, error: "HubSpot 503", retryAt: t0 + 60)
            #expect(try await store.inboxDueTimes(tenantID: "acme") == ["acme": t0 + 31])
            #expect(
                try await store.claimInbox(tenantID: "acme", limit: 10, now: t0 + 40, leaseUntil: t0 + 70).map(\.deliveryKey) == ["c"])
            let retried = try await store.claimInbox(tenantID: "acme", limit: 10, now: t0 + 61, leaseUntil: t0 + 90)
            #expect(retried.map(\.deliveryKey) == ["b"])
            #expect(retried.first?.lastError == "HubSpot 503")
            #expect(retried.first?.attempts == 2)
            try await store.completeInboxItems(ids: retried.map(\.id) + second.map(\.id))
            #expect(try await store.inboxDepth(tenantID: "acme") == 0)
            #expect(try await store.inboxDueTimes(tenantID: nil).isEmpty)
        }
    }

    @Test("the ledger keeps one entry per key and finds them by prefix", arguments: StoreBackend.available)
    func ledger(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let entry = LedgerEntry(
                tenantID: "acme", key: "zoom:1:reg:a", target: "contact", targetID: "101", contentHash: "h1", updatedAt: t0)
            try await store.putLedgerEntries([
                entry,
                LedgerEntry(tenantID: "acme", key: "zoom:2:reg:a", target: "contact", targetID: nil, contentHash: "h", updatedAt: t0),
            ])
            var changed = entry
            changed.contentHash = "h2"
            try await store.putLedgerEntries([changed])
            #expect(try await store.ledgerEntry(tenantID: "acme", key: "zoom:1:reg:a") == changed)
            #expect(try await store.ledgerEntries(tenantID: "acme", keyPrefix: "zoom:1:").count == 1)
            #expect(try await store.ledgerEntries(tenantID: "acme", keyPrefix: "zoom:").map(\.key) == ["zoom:1:reg:a", "zoom:2:reg:a"])
            #expect(try await store.ledgerEntry(tenantID: "other", key: "zoom:1:reg:a") == nil)
        }
    }

    @Test("a large ledger write stores every entry, a key given twice keeps its last", arguments: StoreBackend.available)
    func largeLedgerWrite(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            // 250 entries: more than one multi-row statement; key 7 again at the end.
            var entries = (0..<250).map { index in
                LedgerEntry(
                    tenantID: "acme", key: "tl:\(index)", target: "timeline_event", targetID: index % 2 == 0 ? "\(index)" : nil,
                    contentHash: "h\(index)", updatedAt: t0)
            }
            entries.append(
                LedgerEntry(tenantID: "acme", key: "tl:7", target: "timeline_event", targetID: "x", contentHash: "last", updatedAt: t0))
            try await store.putLedgerEntries(entries)
            let stored = try await store.ledgerEntries(tenantID: "acme", keyPrefix: "tl:")
            #expect(stored.count == 250)
            #expect(try await store.ledgerEntry(tenantID: "acme", key: "tl:7")?.contentHash == "last")
            #expect(try await store.ledgerEntry(tenantID: "acme", key: "tl:249") == entries[249])
            #expect(try await store.ledgerEntry(tenantID: "acme", key: "tl:0")?.targetID == "0")
            try await store.putLedgerEntries([])
            #expect(try await store.ledgerEntries(tenantID: "acme", keyPrefix: "tl:").count == 250)
        }
    }

    @Test("participation facts are replaced per person and webinar", arguments: StoreBackend.available)
    func participations(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
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
                    registeredAt: t0, webinarURL: "https://zoom.example/w/1", attended: true, attendancePercent: 100)
            ])
            let facts = try await store.participations(tenantID: "acme", emails: ["ada@example.com", "nobody@example.com"])
            #expect(facts.map(\.webinarID) == ["1", "2"])
            #expect(facts.map(\.attendancePercent) == [100, 50])
            #expect(facts.first?.registeredAt == t0)
            #expect(facts.first?.webinarURL == "https://zoom.example/w/1")
            #expect(facts.last?.registeredAt == nil)
            try await store.putParticipations([
                ParticipationFact(
                    tenantID: "acme", connectorType: "zoom", email: "bo@example.com", webinarID: "1", registered: true, attended: false),
                ParticipationFact(
                    tenantID: "acme", connectorType: "teams", email: "cy@example.com", webinarID: "1", registered: true, attended: false),
                ParticipationFact(
                    tenantID: "other", connectorType: "zoom", email: "di@example.com", webinarID: "1", registered: true, attended: false),
            ])
            let webinar = try await store.participations(tenantID: "acme", connectorType: "zoom", webinarID: "1")
            #expect(webinar.map(\.email) == ["ada@example.com", "bo@example.com"])
        }
    }

    @Test("audit records list newest first", arguments: StoreBackend.available)
    func audit(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            for status in ["synced", "synced_with_warnings"] {
                _ = try await store.appendAudit(
                    AuditRecord(
                        tenantID: "acme", webinarID: "9", trigger: "sync_now", status: status, startedAt: t0,
                        finishedAt: t0 + 2, payload: Data("{}".utf8)))
            }
            let records = try await store.auditRecords(tenantID: "acme", webinarID: "9", limit: 10)
            #expect(records.map(\.status) == ["synced_with_warnings", "synced"])
            #expect(records.first?.finishedAt == t0 + 2)
            #expect(records.first?.trigger == "sync_now")
            #expect(try await store.auditRecords(tenantID: "acme", webinarID: "9", limit: 1).count == 1)
        }
    }

    @Test("state survives reopening the store (another connection, as a restart or a second replica)", arguments: StoreBackend.available)
    func durability(backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            _ = try await store.appendToInbox(item("durable"))
            try await store.setValue(Data("v".utf8), namespace: "setup", key: "acme:properties")
            try await store.setValue(Data("w".utf8), namespace: "setup", key: "acme:other")
            try await store.setValue(Data("x".utf8), namespace: "setup", key: "beta:properties")
            try await store.setValue(nil, namespace: "setup", key: "acme:other")
            let reopened = try await reopen()
            #expect(try await reopened.inboxDepth(tenantID: "acme") == 1)
            #expect(try await reopened.value(namespace: "setup", key: "acme:properties") == Data("v".utf8))
            #expect(try await reopened.values(namespace: "setup", keyPrefix: "acme:") == ["acme:properties": Data("v".utf8)])
            #expect(try await reopened.value(namespace: "setup", key: "acme:other") == nil)
        }
    }
}
