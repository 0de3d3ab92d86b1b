import Foundation
import Logging
import PostgresNIO
import PostgresTestSupport
import Testing

@testable import Store

@Suite("PostgreSQL state store", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct PostgresStateStoreTests {
    private let logger = Logger(label: "test")
    private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    private func item(_ key: String, tenant: String) -> NewInboxItem {
        NewInboxItem(
            tenantID: tenant, connectorType: "zoom", routingKey: "acct", deliveryKey: key, eventType: "webinar.updated",
            body: Data("{\"k\":\"\(key)\"}".utf8), receivedAt: t0)
    }

    @Test("migrations run from empty, and re-running them (a restart) applies nothing")
    func migrationsFromEmptyAndRerun() async throws {
        let location = try await TestPostgres.freshLocation()
        let store = try await PostgresStateStore.connect(location, logger: logger)
        let versions = try await store.rows("SELECT version FROM schema_migrations ORDER BY version", "versions")
            .map { try $0["version"].decode(Int32.self) }
        #expect(versions == PostgresMigrations.all.map(\.version))
        let tables = try await store.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = \(location.schema ?? "") ORDER BY table_name",
            "tables"
        ).map { try $0["table_name"].decode(String.self) }
        #expect(
            tables == [
                "audit", "console_session", "inbox", "kv", "ledger", "participation", "replica", "schema_migrations", "sync_run",
                "tenant_lease", "workflow_execution",
            ])
        let connection = try await PostgresStateStore.openConnection(location, logger: logger)
        #expect(try await PostgresMigrations.migrate(connection, schema: location.schema, logger: logger).isEmpty)
        try await connection.close()
        await store.close()
        let again = try await PostgresStateStore.connect(location, logger: logger)
        #expect(try await again.inboxDepth(tenantID: "acme") == 0)
        await again.close()
    }

    @Test("replicas starting together migrate once: one applies every version, the others none")
    func concurrentMigrations() async throws {
        let location = try await TestPostgres.freshLocation()
        var connections: [PostgresConnection] = []
        for _ in 0..<4 { connections.append(try await PostgresStateStore.openConnection(location, logger: logger)) }
        let applied = try await withThrowingTaskGroup(of: [Int32].self) { group in
            for connection in connections {
                group.addTask { try await PostgresMigrations.migrate(connection, schema: location.schema, logger: logger) }
            }
            return try await group.reduce(into: [[Int32]]()) { $0.append($1) }
        }
        for connection in connections { try await connection.close() }
        #expect(applied.filter(\.isEmpty).count == 3)
        #expect(applied.first { !$0.isEmpty } == PostgresMigrations.all.map(\.version))
        let store = try await PostgresStateStore.connect(location, logger: logger)
        let rows = try await store.rows("SELECT COUNT(*) FROM schema_migrations", "count")
        #expect(try rows.first?[0].decode(Int64.self) == Int64(PostgresMigrations.all.count))
        await store.close()
    }

    @Test("two replicas taking the same deliveries at once store each one once")
    func twoReplicasAppend() async throws {
        let location = try await TestPostgres.freshLocation()
        let first = try await PostgresStateStore.connect(location, logger: logger)
        let second = try await PostgresStateStore.connect(location, logger: logger)
        let outcomes = try await withThrowingTaskGroup(of: InboxAppendOutcome.self) { group in
            for index in 0..<300 {
                let replica = index.isMultiple(of: 2) ? first : second
                group.addTask { try await replica.appendToInbox(item("d\(index % 150)", tenant: "t")) }
            }
            return try await group.reduce(into: [InboxAppendOutcome]()) { $0.append($1) }
        }
        #expect(outcomes.filter(\.isStored).count == 150)
        #expect(try await first.inboxDepth(tenantID: "t") == 150)
        await first.close()
        await second.close()
    }

    @Test("two replicas claiming one inbox at once never get the same item")
    func twoReplicasClaim() async throws {
        let location = try await TestPostgres.freshLocation()
        let first = try await PostgresStateStore.connect(location, logger: logger)
        let second = try await PostgresStateStore.connect(location, logger: logger)
        for index in 0..<100 { _ = try await first.appendToInbox(item("d\(index)", tenant: "t")) }
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for round in 0..<20 {
                let replica = round.isMultiple(of: 2) ? first : second
                group.addTask { try await replica.claimInbox(tenantID: "t", limit: 7, now: t0, leaseUntil: t0 + 60).map(\.id) }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(claimed.count == 100)
        #expect(Set(claimed).count == 100)
        await first.close()
        await second.close()
    }

    @Test("every connection commits with synchronous_commit = on")
    func synchronousCommit() async throws {
        let store = try await PostgresStateStore.connect(try await TestPostgres.freshLocation(), logger: logger)
        let setting = try await store.rows("SHOW synchronous_commit", "setting").first?[0].decode(String.self)
        #expect(setting == "on")
        await store.close()
    }

    @Test("an unreachable server is a clear error that names the location, not the password")
    func unreachable() async throws {
        var location = try PostgresStateLocation(url: "postgres://switchyard:s3cret@127.0.0.1:1/state")
        location.schema = "t_unreachable"
        let error = await #expect(throws: StoreError.self) { try await PostgresStateStore.connect(location, logger: logger) }
        #expect(error?.message.contains("postgres://switchyard@127.0.0.1:1/state") == true)
        #expect(error?.message.contains("s3cret") == false)
    }
}

@Suite("PostgreSQL state URL")
struct PostgresStateLocationTests {
    @Test("user, host, port, database, TLS mode and schema are read from the URL")
    func parses() throws {
        let plain = try PostgresStateLocation(url: "postgres://switchyard@db.internal/state")
        #expect(plain == PostgresStateLocation(host: "db.internal", port: 5432, user: "switchyard", database: "state"))
        let tls = try PostgresStateLocation(url: "postgresql://app:pw@10.0.0.5:6432/app?sslmode=require&schema=tenant_a")
        #expect(tls.port == 6432)
        #expect(tls.password == "pw")
        #expect(tls.requireTLS && !tls.verifyCertificate)
        #expect(tls.schema == "tenant_a")
        #expect(try PostgresStateLocation(url: "postgres://app@h/d?sslmode=verify-full").verifyCertificate)
        #expect(try PostgresStateLocation(url: "postgres://app@h").database == "app")
    }

    @Test("a URL without a user, with an unknown setting or an unsafe schema is rejected; errors never show the password")
    func rejects() {
        for url in ["postgres://h/d", "postgres://u:pw@h/d?sslmode=sometimes", "postgres://u@h/d?schema=a;drop", "mysql://u@h/d"] {
            let error = #expect(throws: StoreError.self) { try PostgresStateLocation(url: url) }
            #expect(error?.message.contains(":pw@") == false)
        }
        #expect(PostgresStateLocation(host: "h", user: "u", database: "d", password: "pw").description == "postgres://u@h:5432/d")
    }
}
