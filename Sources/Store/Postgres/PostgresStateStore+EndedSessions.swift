import Foundation
import PostgresNIO
import Synchronization

extension PostgresStateStore {
    /// Runs `operation` on a pooled `connection`, failing with ``StoreError/sessionEnded`` as
    /// soon as the connection closes under it.
    ///
    /// The server ends a session that sits idle in a transaction too long (a stalled replica,
    /// ``PostgresSessionOptions/stalledTransactionSeconds``), or when it restarts. PostgresNIO
    /// (1.33) never completes a query sent on a connection after it has closed: awaited
    /// directly, that call — and with it the pool's lease of the connection, renewals, and the
    /// store's `close()` at shutdown — would wait forever. Here the caller gets the error at
    /// once and the connection goes back to the pool (which replaces it); the operation itself
    /// is left to end with its connection, in a task of its own.
    static func unlessEnded<Result: Sendable>(
        _ connection: PostgresConnection, _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let watch = ConnectionCloseWatch.of(connection)
        let work = Task { try await operation() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                let pending = Mutex<CheckedContinuation<Result, any Error>?>(continuation)
                let waiter = watch.add { pending.withLock { $0.take() }?.resume(throwing: StoreError.sessionEnded) }
                Task {
                    let result = await work.result
                    watch.remove(waiter)
                    pending.withLock { $0.take() }?.resume(with: result)
                }
            }
        } onCancel: {
            work.cancel()
        }
    }
}

/// The calls waiting on one pooled connection, told at once when it closes. One callback is
/// registered on the connection's `closeFuture` per connection, not per call: a callback per
/// call would stay attached to a long-lived connection until it closes and grow without bound.
final class ConnectionCloseWatch: Sendable {
    private struct State {
        var closed = false
        var nextID = 0
        var waiters: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// A watch and the connection it watches: held weakly, so an entry left by a connection that
    /// is gone is never taken for a new one that happens to get the same address.
    private struct Entry {
        weak var connection: PostgresConnection?
        let watch: ConnectionCloseWatch
    }

    // Keyed by the connection object (its `id` is only unique within one pool), removed when it closes.
    private static let watches = Mutex<[ObjectIdentifier: Entry]>([:])

    /// The watch of `connection`, made (and hooked to its close) the first time it is asked for.
    static func of(_ connection: PostgresConnection) -> ConnectionCloseWatch {
        let key = ObjectIdentifier(connection)
        let (watch, isNew) = watches.withLock { watches in
            if let entry = watches[key], entry.connection === connection { return (entry.watch, false) }
            let watch = ConnectionCloseWatch()
            watches[key] = Entry(connection: connection, watch: watch)
            return (watch, true)
        }
        if isNew {
            connection.closeFuture.whenComplete { _ in
                watches.withLock { watches in
                    if watches[key]?.watch === watch { watches.removeValue(forKey: key) }
                }
                watch.close()
            }
        }
        return watch
    }

    /// Adds a waiter told when the connection closes (at once when it already has); returns
    /// its id for ``remove(_:)``.
    func add(_ onClose: @escaping @Sendable () -> Void) -> Int {
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            state.nextID += 1
            state.waiters[state.nextID] = onClose
            return state.nextID
        }
        guard let id else {
            onClose()
            return 0
        }
        return id
    }

    /// Removes a waiter whose call has ended.
    func remove(_ id: Int) {
        _ = state.withLock { $0.waiters.removeValue(forKey: id) }
    }

    private func close() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter() }
    }
}

extension StoreError {
    /// The database ended the session a call was using (it sat idle in a transaction past the
    /// bound, or the server restarted); the transaction was rolled back.
    static let sessionEnded = StoreError(
        "the database ended this replica's session (it stalled inside a transaction, or the server restarted); "
            + "the transaction was rolled back; the next call gets a new connection")
}
