import GRDB

extension SQLiteStateStore {
    /// Writes inbox bookkeeping — claims (leases) and completions — in one transaction
    /// committed without an fsync of its own (`synchronous = NORMAL` for this transaction only,
    /// then `FULL` again).
    ///
    /// In WAL mode every commit appends to the same log, and the next fsynced commit (the
    /// next group of webhook appends, a ledger write) flushes the whole log, this one
    /// included; a process crash loses nothing either way. Only an OS crash or power loss in
    /// between can undo it: a lost claim is a lease never taken, a lost completion an event
    /// applied again, and applying is idempotent (the ledger, the drain's replays). Without
    /// this, the drain's two commits per batch would each cost an fsync on the one writer and
    /// delay the webhook appends queued behind them.
    func writeBookkeeping<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard fsyncsCommits else { return try await writer.write(updates) }
        return try await writer.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "PRAGMA synchronous = NORMAL").execute()
            var value: T?
            let committed = Result {
                try db.inTransaction {
                    value = try updates(db)
                    return .commit
                }
            }
            // Always back to FULL, whatever happened: every other commit must be fsynced.
            try db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute()
            try committed.get()
            guard let value else { throw StoreError("an inbox update returned nothing; retry it") }
            return value
        }
    }
}
