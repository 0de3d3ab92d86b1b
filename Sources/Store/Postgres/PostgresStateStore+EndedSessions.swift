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
        let work = Task { try await operation() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                let pending = Mutex<CheckedContinuation<Result, any Error>?>(continuation)
                connection.closeFuture.whenComplete { _ in
                    pending.withLock { $0.take() }?.resume(throwing: StoreError.sessionEnded)
                }
                Task {
                    let result = await work.result
                    pending.withLock { $0.take() }?.resume(with: result)
                }
            }
        } onCancel: {
            work.cancel()
        }
    }
}

extension StoreError {
    /// The database ended the session a call was using (it sat idle in a transaction past the
    /// bound, or the server restarted); the transaction was rolled back.
    static let sessionEnded = StoreError(
        "the database ended this replica's session (it stalled inside a transaction, or the server restarted); "
            + "the transaction was rolled back; the next call gets a new connection")
}
