import Foundation
import Store
import Testing

@Suite("SQLite store: dead letters and lease holders")
struct DeadLetterStoreTests {
    private func storeWithItems(_ count: Int) async throws -> SQLiteStateStore {
        let store = try SQLiteStateStore(path: nil)
        for index in 0..<count {
            _ = try await store.appendToInbox(
                NewInboxItem(
                    tenantID: "t", connectorType: "zoom", routingKey: "a", deliveryKey: "k\(index)", eventType: "e",
                    body: Data("{}".utf8), receivedAt: Date()))
        }
        return store
    }

    @Test("a dead letter is never claimed nor counted in the depth until replayed (attempts reset); dropped, it is gone")
    func deadLetterLifecycle() async throws {
        let store = try await storeWithItems(2)
        let now = Date()
        let claimed = try await store.claimInbox(tenantID: "t", limit: 10, now: now, leaseUntil: now + 300, owner: "me")
        try await store.deadLetterInboxItem(id: claimed[0].id, reason: "retries used up", at: now)
        try await store.failInboxItem(id: claimed[1].id, error: "x", retryAt: now)
        #expect(try await store.inboxDepth(tenantID: "t") == 1)
        #expect(try await store.claimInbox(tenantID: "t", limit: 10, now: now + 1, leaseUntil: now + 300).map(\.id) == [claimed[1].id])
        let dead = try await store.deadLetters(tenantID: "t", limit: 10)
        #expect(dead.map(\.id) == [claimed[0].id] && dead[0].lastError == "retries used up" && dead[0].deadLetteredAt != nil)
        #expect(try await store.deadLetterCounts() == ["t": 1])
        #expect(try await store.replayDeadLetter(tenantID: "other", id: claimed[0].id) == false)
        #expect(try await store.replayDeadLetter(tenantID: "t", id: claimed[0].id))
        let again = try await store.claimInbox(tenantID: "t", limit: 10, now: now + 2, leaseUntil: now + 300)
        #expect(again.map(\.id) == [claimed[0].id] && again[0].attempts == 1)
        try await store.deadLetterInboxItem(id: claimed[0].id, reason: "again", at: now)
        #expect(try await store.dropDeadLetter(tenantID: "t", id: claimed[0].id))
        #expect(try await store.dropDeadLetter(tenantID: "t", id: claimed[0].id) == false)
        #expect(try await store.deadLetters(tenantID: nil, limit: 10).isEmpty)
    }

    @Test("releasing a holder's leases makes its claimed items due at once; other holders keep theirs")
    func releaseLeases() async throws {
        let store = try await storeWithItems(2)
        let now = Date()
        _ = try await store.claimInbox(tenantID: "t", limit: 1, now: now, leaseUntil: now + 300, owner: "dead")
        _ = try await store.claimInbox(tenantID: "t", limit: 1, now: now, leaseUntil: now + 300, owner: "alive")
        #expect(try await store.inboxLeaseOwners() == ["dead", "alive"])
        #expect(try await store.releaseInboxLeases(heldBy: ["dead"]) == 1)
        #expect(try await store.claimInbox(tenantID: "t", limit: 10, now: now + 1, leaseUntil: now + 300).count == 1)
        #expect(try await store.inboxLeaseOwners() == ["alive"])
    }
}
