import Foundation
import Logging
import PostgresTestSupport
import Testing

@testable import Store

/// Both stores, for the contract tests: every test of the store protocol runs against each.
typealias ContractStore = StateStore & WorkflowExecutionStore

enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// The backends that can run here: PostgreSQL only when its binaries are installed
    /// (``postgresSkipped`` reports the skip otherwise).
    static var available: [StoreBackend] { TestPostgres.isAvailable ? allCases : [.sqlite] }

    var testDescription: String { rawValue }

    /// Runs `body` with a new, empty store and a way to open the same state again (another
    /// SQLite connection to the file; another client on the PostgreSQL schema, as a second
    /// replica would), then closes every PostgreSQL client it opened.
    func withStore(
        _ body: (_ store: any ContractStore, _ reopen: @Sendable () async throws -> any ContractStore) async throws -> Void
    ) async throws {
        switch self {
        case .sqlite:
            let path = NSTemporaryDirectory() + "switchyard-store-\(UUID().uuidString)/state.sqlite"
            try await body(try SQLiteStateStore(path: path)) { try SQLiteStateStore(path: path) }
        case .postgres:
            let location = try await TestPostgres.freshLocation()
            let opened = OpenedStores()
            let open: @Sendable () async throws -> any ContractStore = {
                let store = try await PostgresStateStore.connect(location, logger: Logger(label: "test"))
                await opened.add(store)
                return store
            }
            do {
                try await body(try await open(), open)
            } catch {
                await opened.closeAll()
                throw error
            }
            await opened.closeAll()
        }
    }
}

/// The PostgreSQL stores a test opened, to close them at its end.
actor OpenedStores {
    private var stores: [PostgresStateStore] = []

    func add(_ store: PostgresStateStore) { stores.append(store) }

    func closeAll() async {
        for store in stores { await store.close() }
        stores = []
    }
}
