import Foundation
import Logging
import PostgresNIO
import PostgresTestSupport
import Testing

@testable import Store

/// A replica stalled inside one of its transactions (SIGSTOP, a long GC-like pause): the
/// others must not wait for its locks, and the server ends its session after
/// ``PostgresSessionOptions/stalledTransactionSeconds``, which the stalled store survives.
@Suite(
    "PostgreSQL: a replica stalled inside a transaction",
    .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)),
    .timeLimit(.minutes(3)))
struct PostgresStalledSessionTests {
    private let logger = Logger(label: "test")

    @Test("another replica renews its own leases at once and takes the stalled one's tenant when its lock goes, not waiting for it")
    func leasesSkipALockedRow() async throws {
        let location = try await TestPostgres.freshLocation()
        let a = try await PostgresStateStore.connect(location, logger: logger)
        let b = try await PostgresStateStore.connect(location, logger: logger)
        let expired = try await a.acquireLeases(tenantIDs: ["acme"], replicaID: "a", seconds: -1)
        let own = try await b.acquireLeases(tenantIDs: ["beta"], replicaID: "b", seconds: 60)
        let (locked, lockedContinuation) = AsyncStream.makeStream(of: Void.self)
        let (resume, resumeContinuation) = AsyncStream.makeStream(of: Void.self)
        // "a" stops inside a fenced write: it holds acme's lease row (FOR SHARE) and does nothing.
        let stalled = Task {
            try await a.transaction("a fenced write") { connection in
                try await connection.query("SELECT 1 FROM tenant_lease WHERE tenant_id = 'acme' FOR SHARE", logger: logger)
                lockedContinuation.yield()
                for await _ in resume { break }
            }
        }
        for await _ in locked { break }
        let whileLocked = try await b.acquireLeases(tenantIDs: ["acme", "beta"], replicaID: "b", seconds: 60)
        #expect(whileLocked == own, "beta renewed under its token; acme, locked, left for a later round")
        resumeContinuation.yield()
        try await stalled.value
        let afterwards = try await b.acquireLeases(tenantIDs: ["acme", "beta"], replicaID: "b", seconds: 60)
        #expect(afterwards["beta"] == own["beta"])
        #expect(try #require(afterwards["acme"]) > expired["acme"]!)
        await a.close()
        await b.close()
    }

    @Test("the server ends a session idle in a transaction; the stalled call fails, the store goes on and closes")
    func stalledSessionEnded() async throws {
        let location = try await TestPostgres.freshLocation()
        let a = try await PostgresStateStore.connect(
            location, logger: logger, session: PostgresSessionOptions(stalledTransactionSeconds: 1, applicationName: "stalled-a"))
        let b = try await PostgresStateStore.connect(location, logger: logger)
        _ = try await a.acquireLeases(tenantIDs: ["acme"], replicaID: "a", seconds: 0)
        await #expect(throws: StoreError.self) {
            try await a.transaction("a fenced write") { connection in
                try await connection.query("SELECT 1 FROM tenant_lease WHERE tenant_id = 'acme' FOR SHARE", logger: logger)
                // Stalled past the bound: the server rolls the transaction back and ends the session.
                // (Not idle in a transaction is not enough: right after the statement the session
                // may not show as idle yet; past the bound it is ended.)
                let stalledSince = ContinuousClock.now
                while try await TestPostgres.sessionsIdleInTransaction(applicationName: "stalled-a").count > 0
                    || ContinuousClock.now - stalledSince < .milliseconds(1500)
                {
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await connection.query("SELECT 1", logger: logger)
            }
        }
        let taken = try await b.acquireLeases(tenantIDs: ["acme"], replicaID: "b", seconds: 60)
        #expect(taken.keys.sorted() == ["acme"], "the lock went with the session")
        #expect(try await a.leases()["acme"]?.owner == "b", "the stalled store works again on a new connection")
        #expect(try await a.acquireLeases(tenantIDs: ["acme"], replicaID: "a", seconds: 60).isEmpty)
        await a.close()
        await b.close()
    }

    @Test("`listening` runs once the channels are listened to, and again after the server ended the connection and it reconnected")
    func listeningAfterReconnect() async throws {
        let location = try await TestPostgres.freshLocation()
        let store = try await PostgresStateStore.connect(
            location, logger: logger, session: PostgresSessionOptions(applicationName: "listener-test"))
        let (events, continuation) = AsyncStream.makeStream(of: String.self)
        let tenant = "tenant-" + UUID().uuidString  // tests in parallel notify the same channel: only this one counts
        let listener = Task {
            for _ in 0..<2 {
                try? await store.listen([PostgresStateStore.inboxChannel], listening: { continuation.yield("listening") }) { _, notified in
                    if notified == tenant { continuation.yield(notified) }
                }
                continuation.yield("ended")
            }
        }
        var received = events.makeAsyncIterator()
        #expect(await received.next() == "listening")
        _ = try await store.rows("SELECT pg_notify(\(PostgresStateStore.inboxChannel), \(tenant))", "notify")
        #expect(await received.next() == tenant, "a notification sent once it listens arrives")
        _ = try await store.rows(
            """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE application_name = 'listener-test' AND starts_with(query, 'LISTEN')
            """, "end the listening session")
        #expect(await received.next() == "ended")
        #expect(await received.next() == "listening", "the caller sweeps for what it missed meanwhile")
        listener.cancel()
        await store.close()
    }

    // The connection a store migrates on: not ended for sitting idle in its transaction (a loaded
    // machine pauses between statements), and never waiting forever when the server ends it anyway.

    @Test("pooled sessions end a transaction idle past the bound; the migration session has no such bound")
    func migrationSessionIsNotBounded() async throws {
        let location = try await TestPostgres.freshLocation()
        let session = PostgresSessionOptions(stalledTransactionSeconds: 2, applicationName: "bounds")
        for (bounded, expected) in [(true, "2s"), (false, "0")] {
            let connection = try await PostgresStateStore.openConnection(
                location, session: session, boundStalledTransactions: bounded, logger: logger)
            let rows = try await connection.query("SHOW idle_in_transaction_session_timeout", logger: logger)
            var values: [String] = []
            for try await value in rows.decode(String.self) { values.append(value) }
            try await connection.close()
            #expect(values == [expected], "bounded: \(bounded)")
        }
    }

    @Test("a statement sent on a connection the server has ended fails with the store's error at once")
    func endedConnectionFailsAtOnce() async throws {
        let location = try await TestPostgres.freshLocation()
        let connection = try await PostgresStateStore.openConnection(
            location, session: PostgresSessionOptions(applicationName: "ended-standalone"), logger: logger)
        try await connection.query("BEGIN", logger: logger)
        let store = try await PostgresStateStore.connect(location, logger: logger)
        _ = try await store.rows(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ended-standalone'", "end the session")
        try await connection.closeFuture.get()
        let error = await #expect(throws: StoreError.self) {
            try await PostgresStateStore.unlessEnded(connection) {
                try await connection.query("SELECT 1", logger: logger)
            }
        }
        #expect(error?.message == StoreError.sessionEnded.message)
        await store.close()
    }
}
