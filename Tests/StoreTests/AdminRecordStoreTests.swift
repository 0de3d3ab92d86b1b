import Foundation
import Testing

@testable import Store

/// "Sync now" runs and console sessions in the store, so every replica sees them: SQLite and PostgreSQL alike.
@Suite("Admin records store: sync runs and console sessions (SQLite and PostgreSQL)")
struct AdminRecordStoreTests {
    private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    private func run(_ id: String, tenant: String = "acme", at offset: TimeInterval, executor: String?, finished: Bool = false)
        -> StoredSyncRun
    {
        StoredSyncRun(
            id: id, tenantID: tenant, requestedAt: t0 + offset, finished: finished, executor: executor, body: Data("{\"v\":0}".utf8))
    }

    @Test("runs list newest first; a run is saved only by its executor and a stop request sticks", arguments: StoreBackend.available)
    func runsAndExecutors(backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            try await store.insertSyncRun(run("r1", at: 0, executor: "a"))
            try await store.insertSyncRun(run("r2", at: 1, executor: nil))
            try await store.insertSyncRun(run("r3", tenant: "other", at: 2, executor: nil))
            let replica = try await reopen()
            #expect(try await replica.syncRuns(tenantID: "acme", limit: 10).map(\.id) == ["r2", "r1"])
            #expect(try await replica.syncRuns(tenantID: "acme", limit: 1).map(\.id) == ["r2"])
            var saved = run("r1", at: 0, executor: "a", finished: true)
            saved.body = Data("{\"v\":1}".utf8)
            #expect(try await replica.updateSyncRun(saved))
            #expect(try await store.syncRun(id: "r1") == saved)
            var stranger = saved
            stranger.executor = "b"
            #expect(try await !store.updateSyncRun(stranger), "only the executor saves a run")
            #expect(try await store.requestSyncRunStop(id: "r2"))
            #expect(try await !store.requestSyncRunStop(id: "missing"))
            #expect(try await store.syncRun(id: "r2")?.stopRequested == true)
            #expect(try await store.syncRun(id: "missing") == nil)
        }
    }

    @Test("unfinished runs not executed by the claimer are claimed once, per tenant or all", arguments: StoreBackend.available)
    func claims(backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            try await store.insertSyncRun(run("queued", at: 0, executor: nil))
            try await store.insertSyncRun(run("dead", at: 1, executor: "gone"))
            try await store.insertSyncRun(run("mine", at: 2, executor: "b"))
            try await store.insertSyncRun(run("done", at: 3, executor: nil, finished: true))
            try await store.insertSyncRun(run("elsewhere", tenant: "other", at: 4, executor: nil))
            let replica = try await reopen()
            let claimed = try await replica.claimSyncRuns(tenantIDs: ["acme"], executor: "b")
            #expect(claimed.map(\.id) == ["queued", "dead"])
            #expect(claimed.allSatisfy { $0.executor == "b" })
            #expect(try await store.claimSyncRuns(tenantIDs: ["acme"], executor: "b").isEmpty)
            #expect(try await store.claimSyncRuns(tenantIDs: [], executor: "c").isEmpty)
            // The old executor can no longer save what was taken from it.
            #expect(try await !store.updateSyncRun(run("dead", at: 1, executor: "gone", finished: true)))
            #expect(try await store.claimSyncRuns(tenantIDs: nil, executor: "c").map(\.id) == ["queued", "dead", "mine", "elsewhere"])
        }
    }

    @Test("pruning keeps a tenant's newest runs and every unfinished one", arguments: StoreBackend.available)
    func pruning(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.insertSyncRun(run("old-unfinished", at: 0, executor: "a"))
            try await store.insertSyncRun(run("old", at: 1, executor: "a", finished: true))
            try await store.insertSyncRun(run("new", at: 2, executor: "a", finished: true))
            try await store.insertSyncRun(run("newest", at: 3, executor: "a", finished: true))
            try await store.insertSyncRun(run("other", tenant: "other", at: 0, executor: "a", finished: true))
            try await store.pruneSyncRuns(tenantID: "acme", keeping: 2)
            #expect(try await store.syncRuns(tenantID: "acme", limit: 10).map(\.id) == ["newest", "new", "old-unfinished"])
            #expect(try await store.syncRuns(tenantID: "other", limit: 10).count == 1)
        }
    }

    @Test(
        "console sessions: found by digest on another connection, touched, ended one by one and when idle",
        arguments: StoreBackend.available)
    func consoleSessions(backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            let session = StoredConsoleSession(idDigest: "d1", principal: "tenant:acme", tokenDigest: "t", lastSeen: t0)
            try await store.insertConsoleSession(session)
            try await store.insertConsoleSession(
                StoredConsoleSession(idDigest: "d2", principal: "operator", tokenDigest: "t", lastSeen: t0))
            let replica = try await reopen()
            #expect(try await replica.consoleSession(idDigest: "d1") == session)
            #expect(try await replica.consoleSession(idDigest: "nope") == nil)
            try await replica.touchConsoleSession(idDigest: "d1", at: t0 + 100)
            try await replica.touchConsoleSession(idDigest: "d1", at: t0 + 50)
            #expect(try await store.consoleSession(idDigest: "d1")?.lastSeen == t0 + 100, "a late touch never moves it back")
            #expect(try await store.removeConsoleSessions(unusedSince: t0 + 10) == 1)
            #expect(try await store.consoleSession(idDigest: "d2") == nil)
            try await store.removeConsoleSession(idDigest: "d1")
            #expect(try await replica.consoleSession(idDigest: "d1") == nil)
        }
    }
}
