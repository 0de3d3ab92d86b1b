import Foundation
import Logging
import PostgresTestSupport
import Synchronization
import Testing

@testable import Store

@Suite("PostgreSQL tenant leases and fencing", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct PostgresLeaseTests {
    private let logger = Logger(label: "test")
    private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// The lease tokens a test replica holds.
    final class Tokens: Sendable {
        private let held = Mutex<[String: Int64]>([:])
        func set(_ tokens: [String: Int64]) { held.withLock { $0 = tokens } }
        func token(_ tenant: String) -> Int64? { held.withLock { $0[tenant] } }
    }

    /// Two replicas on one fresh schema, each fenced by the tokens it was given.
    private func twoReplicas() async throws -> (PostgresStateStore, Tokens, PostgresStateStore, Tokens) {
        let location = try await TestPostgres.freshLocation()
        let a = try await PostgresStateStore.connect(location, logger: logger)
        let b = try await PostgresStateStore.connect(location, logger: logger)
        let aTokens = Tokens()
        let bTokens = Tokens()
        a.setFence(LeaseFence(replicaID: "a") { aTokens.token($0) })
        b.setFence(LeaseFence(replicaID: "b") { bTokens.token($0) })
        return (a, aTokens, b, bTokens)
    }

    private func ledger(_ tenant: String, _ key: String) -> LedgerEntry {
        LedgerEntry(tenantID: tenant, key: key, target: "contact", targetID: "1", contentHash: "h", updatedAt: t0)
    }

    @Test("a live lease is not taken; renewing keeps its token; an expired one is taken with a new token")
    func acquireRenewTakeOver() async throws {
        let (a, _, b, _) = try await twoReplicas()
        let first = try await a.acquireLeases(tenantIDs: ["acme", "beta"], replicaID: "a", seconds: 60)
        #expect(Set(first.keys) == ["acme", "beta"])
        #expect(try await b.acquireLeases(tenantIDs: ["acme"], replicaID: "b", seconds: 60).isEmpty)
        #expect(try await a.acquireLeases(tenantIDs: ["acme"], replicaID: "a", seconds: 0) == ["acme": first["acme"]!])
        let taken = try await b.acquireLeases(tenantIDs: ["acme"], replicaID: "b", seconds: 60)
        #expect(taken.keys.sorted() == ["acme"])
        #expect(taken["acme"]! > first["beta"]!)
        #expect(try await a.acquireLeases(tenantIDs: ["acme"], replicaID: "a", seconds: 60).isEmpty)
        #expect(try await a.leases()["acme"]?.owner == "b")
        await a.close()
        await b.close()
    }

    @Test("a replica whose lease was taken over can no longer write for the tenant; the new owner can")
    func fencing() async throws {
        let (a, aTokens, b, bTokens) = try await twoReplicas()
        _ = try await a.appendToInbox(
            NewInboxItem(
                tenantID: "acme", connectorType: "zoom", routingKey: "acct", deliveryKey: "d1", eventType: "webinar.updated",
                body: Data("{}".utf8), receivedAt: t0))
        let held = try await a.acquireLeases(tenantIDs: ["acme"], replicaID: "a", seconds: 0)
        aTokens.set(held)
        let claimed = try await a.claimInbox(tenantID: "acme", limit: 10, now: t0, leaseUntil: t0 + 60)
        #expect(claimed.count == 1)
        try await a.putLedgerEntries([ledger("acme", "k1")])
        // "a" pauses past its lease; "b" takes the tenant over.
        let taken = try await b.acquireLeases(tenantIDs: ["acme"], replicaID: "b", seconds: 60)
        bTokens.set(taken)
        await #expect(throws: StoreError.self) { try await a.putLedgerEntries([ledger("acme", "k2")]) }
        await #expect(throws: StoreError.self) {
            try await a.putParticipations([
                ParticipationFact(
                    tenantID: "acme", connectorType: "zoom", email: "x@example.com", webinarID: "1", registered: true, attended: false)
            ])
        }
        await #expect(throws: StoreError.self) {
            _ = try await a.appendAudit(
                AuditRecord(
                    tenantID: "acme", webinarID: "1", trigger: "webhook", status: "synced", startedAt: t0, finishedAt: t0,
                    payload: Data("{}".utf8)))
        }
        await #expect(throws: StoreError.self) {
            _ = try await a.claimInbox(tenantID: "acme", limit: 10, now: t0 + 100, leaseUntil: t0 + 160)
        }
        try await a.completeInboxItems(ids: claimed.map(\.id))
        #expect(try await b.inboxDepth(tenantID: "acme") == 1)
        #expect(try await b.ledgerEntry(tenantID: "acme", key: "k2") == nil)
        try await b.putLedgerEntries([ledger("acme", "k2")])
        #expect(try await b.claimInbox(tenantID: "acme", limit: 10, now: t0 + 100, leaseUntil: t0 + 160).count == 1)
        await a.close()
        await b.close()
    }

    @Test(
        "work begun under a lease stays fenced after the replica takes the tenant back under a new one; the takeover frees the old claims"
    )
    func staleEpochAfterRegaining() async throws {
        let (a, aTokens, b, bTokens) = try await twoReplicas()
        _ = try await a.appendToInbox(
            NewInboxItem(
                tenantID: "acme", connectorType: "zoom", routingKey: "acct", deliveryKey: "d1", eventType: "webinar.updated",
                body: Data("{}".utf8), receivedAt: t0))
        let first = try await a.acquireLeases(tenantIDs: ["acme"], replicaID: "a", seconds: 0)
        aTokens.set(first)
        let epoch = LeaseEpoch(tenantID: "acme", token: try #require(first["acme"]))
        let claimed = try await LeaseEpoch.$current.withValue(epoch) {
            try await a.claimInbox(tenantID: "acme", limit: 10, now: t0, leaseUntil: .distantFuture)
        }
        #expect(claimed.count == 1)
        // "a" pauses; "b" takes over (the claim "a" made ends with it), then gives the tenant back.
        bTokens.set(try await b.acquireLeases(tenantIDs: ["acme"], replicaID: "b", seconds: 60))
        #expect(try await b.claimInbox(tenantID: "acme", limit: 10, now: t0, leaseUntil: .distantFuture).count == 1)
        try await b.releaseLeases(tenantIDs: ["acme"], replicaID: "b")
        let again = try await a.acquireLeases(tenantIDs: ["acme"], replicaID: "a", seconds: 60)
        aTokens.set(again)
        #expect(again["acme"] != first["acme"])
        // The work "a" began before its pause is still refused, although "a" owns the tenant again.
        await LeaseEpoch.$current.withValue(epoch) {
            await #expect(throws: StoreError.self) { try await a.putLedgerEntries([ledger("acme", "stale")]) }
            try? await a.completeInboxItems(ids: claimed.map(\.id))
        }
        #expect(try await a.inboxDepth(tenantID: "acme") == 1)
        #expect(try await a.ledgerEntry(tenantID: "acme", key: "stale") == nil)
        // Work under the new lease writes and completes.
        try await a.putLedgerEntries([ledger("acme", "fresh")])
        let reclaimed = try await a.claimInbox(tenantID: "acme", limit: 10, now: t0, leaseUntil: .distantFuture)
        #expect(reclaimed.map(\.id) == claimed.map(\.id))
        try await a.completeInboxItems(ids: reclaimed.map(\.id))
        #expect(try await a.inboxDepth(tenantID: "acme") == 0)
        await a.close()
        await b.close()
    }

    @Test("heartbeats list the live replicas; a released or left tenant is free for the others at once")
    func membershipAndRelease() async throws {
        let (a, _, b, _) = try await twoReplicas()
        #expect(try await a.heartbeat(replicaID: "a", seconds: 60) == ["a"])
        #expect(try await b.heartbeat(replicaID: "b", seconds: 60) == ["a", "b"])
        _ = try await a.acquireLeases(tenantIDs: ["acme", "beta"], replicaID: "a", seconds: 60)
        try await a.releaseLeases(tenantIDs: ["acme"], replicaID: "a")
        #expect(try await b.acquireLeases(tenantIDs: ["acme", "beta"], replicaID: "b", seconds: 60).keys.sorted() == ["acme"])
        try await a.leave(replicaID: "a")
        #expect(try await b.heartbeat(replicaID: "b", seconds: 60) == ["b"])
        #expect(try await b.acquireLeases(tenantIDs: ["acme", "beta"], replicaID: "b", seconds: 60).keys.sorted() == ["acme", "beta"])
        await a.close()
        await b.close()
    }
}
