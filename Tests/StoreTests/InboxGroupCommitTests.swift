import Foundation
import GRDB
import Testing

@testable import Store

@Suite("Durable group commit of inbox appends (SQLite and PostgreSQL)")
struct InboxGroupCommitTests {
    private func item(_ key: String, tenant: String) -> NewInboxItem {
        NewInboxItem(
            tenantID: tenant, connectorType: "zoom", routingKey: "acct", deliveryKey: key, eventType: "webinar.updated",
            body: Data("{\"k\":\"\(key)\"}".utf8), receivedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    private func fileStore(_ ingest: SQLiteIngestOptions = .durable) throws -> SQLiteStateStore {
        try SQLiteStateStore(path: NSTemporaryDirectory() + "switchyard-store-\(UUID().uuidString)/state.sqlite", ingest: ingest)
    }

    @Test(
        "600 appends at once, a third of them replays: each delivery stored once, every caller told which",
        arguments: StoreBackend.available)
    func concurrentAppends(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let outcomes = try await withThrowingTaskGroup(of: (String, InboxAppendOutcome).self) { group in
                for index in 0..<600 {
                    let key = "d\(index % 400)"
                    group.addTask { (key, try await store.appendToInbox(item(key, tenant: "t\(index % 400 % 3)"))) }
                }
                return try await group.reduce(into: [(String, InboxAppendOutcome)]()) { $0.append($1) }
            }
            var stored: [String: Int64] = [:]
            var duplicates: [(String, Int64)] = []
            for (key, outcome) in outcomes {
                switch outcome {
                case .stored(let id): stored[key] = id
                case .duplicate(let id): duplicates.append((key, id))
                }
            }
            // Keys d0…d199 come twice, for the same tenant: 400 stored, 200 told "duplicate of …".
            #expect(stored.count == 400)
            #expect(Set(stored.values).count == 400)
            #expect(duplicates.count == 200)
            #expect(duplicates.allSatisfy { stored[$0.0] == $0.1 })
            let depths = try await [store.inboxDepth(tenantID: "t0"), store.inboxDepth(tenantID: "t1"), store.inboxDepth(tenantID: "t2")]
            #expect(depths.reduce(0, +) == 400)
        }
    }

    @Test("a replay arriving in the same group as its original is a duplicate of it", arguments: StoreBackend.available)
    func duplicateWithinGroup(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            async let first = store.appendToInbox(item("same", tenant: "t"))
            async let second = store.appendToInbox(item("same", tenant: "t"))
            let results = try await [first, second]
            let ids = results.map { outcome -> Int64 in
                switch outcome {
                case .stored(let id), .duplicate(let id): id
                }
            }
            #expect(ids[0] == ids[1])
            #expect(results.filter { if case .stored = $0 { true } else { false } }.count == 1)
            #expect(try await store.inboxDepth(tenantID: "t") == 1)
        }
    }

    @Test("the durable store commits with synchronous = FULL; the per-append baseline with NORMAL")
    func synchronousFull() async throws {
        let durable = try fileStore()
        let full = try await durable.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(full == 2)
        let baseline = try fileStore(.perAppendNormal)
        let normal = try await baseline.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(normal == 1)
        _ = try await baseline.appendToInbox(item("x", tenant: "t"))
        #expect(try await baseline.inboxDepth(tenantID: "t") == 1)
    }

    @Test("inbox claims and completions commit without their own fsync; every other commit is FULL again after them")
    func bookkeepingWithoutFsync() async throws {
        let store = try fileStore()
        let synchronous = { @Sendable in
            try await store.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        }
        _ = try await store.appendToInbox(item("a", tenant: "t"))
        let inside = try await store.writeBookkeeping { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(inside == 1)
        #expect(try await synchronous() == 2)
        let now = Date()
        let claimed = try await store.claimInbox(tenantID: "t", limit: 10, now: now, leaseUntil: now + 60, owner: "w")
        #expect(claimed.map(\.deliveryKey) == ["a"])
        #expect(try await synchronous() == 2)
        try await store.completeInboxItems(ids: claimed.map(\.id))
        #expect(try await store.inboxDepth(tenantID: "t") == 0)
        #expect(try await synchronous() == 2)
        // A failing update rolls back and still leaves the connection at FULL.
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await store.writeBookkeeping { db in
                try db.execute(sql: "DELETE FROM inbox")
                throw Refused()
            }
        }
        #expect(try await synchronous() == 2)
        _ = try await store.appendToInbox(item("b", tenant: "t"))
        #expect(try await synchronous() == 2)
        #expect(try await store.inboxDepth(tenantID: "t") == 1)
    }
}
