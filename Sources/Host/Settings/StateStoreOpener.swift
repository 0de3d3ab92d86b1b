import Foundation
import Logging
import Store

/// The state store a host (or a standalone command) works on, chosen by the state setting:
/// the SQLite file (embedded default), or PostgreSQL for several replicas.
public struct OpenedStateStore: Sendable {
    /// The store.
    public var store: any StateStore & WorkflowExecutionStore
    /// The PostgreSQL store, which several replicas can share (nil: SQLite).
    public var shared: PostgresStateStore?
    private var closeConnections: @Sendable () async -> Void

    /// Opens the store the settings name: ``HostSettings/postgresState`` when set, else
    /// ``HostSettings/statePath`` (nil: in memory). PostgreSQL is migrated on connect.
    public static func open(_ settings: HostSettings, logger: Logger) async throws(HostStartupError) -> OpenedStateStore {
        do {
            if let location = settings.postgresState {
                // A session idle in a transaction for a whole lease is a stalled replica's.
                let session = PostgresSessionOptions(
                    stalledTransactionSeconds: settings.tenantLeaseSeconds,
                    applicationName: "switchyard " + (settings.replicaID ?? "pid \(ProcessInfo.processInfo.processIdentifier)"))
                let store = try await PostgresStateStore.connect(location, logger: logger, session: session)
                logger.info("state store: PostgreSQL at \(location)")
                return OpenedStateStore(store: store, shared: store) { await store.close() }
            }
            return OpenedStateStore(
                store: try SQLiteStateStore(path: settings.statePath, ingest: settings.stateIngest), shared: nil
            ) {}
        } catch {
            throw HostStartupError(message: "cannot open the state store: \(error)")
        }
    }

    /// Closes its connections (PostgreSQL); nothing to do for SQLite.
    public func close() async { await closeConnections() }
}
