import Synchronization

/// Group commit: items that arrive while a commit is being written wait, and are then written
/// together by the next call of `commit` — one durable commit for the whole group — and every
/// caller is answered only after the commit that holds its item. No timer: a lone item is
/// committed at once; under load the groups grow by themselves, up to `maxGroup`.
///
/// One caller at a time leads: it writes its own item and the queued ones, answers them,
/// and hands the lead to the first caller that queued meanwhile. Both stores write inbox
/// appends (webhook deliveries) through it.
final class GroupCommit<Item: Sendable, Outcome: Sendable>: Sendable {
    /// Writes a group in one transaction: one result per item, in order (all failing together
    /// when the transaction does).
    typealias Commit = @Sendable ([Item]) async -> [Result<Outcome, any Error>]

    private enum Turn {
        case lead
        case done(Result<Outcome, any Error>)
    }

    private struct Waiter {
        var item: Item
        var continuation: CheckedContinuation<Turn, Never>
    }

    private struct State {
        var busy = false
        var queue: [Waiter] = []
    }

    /// The most items committed in one transaction.
    let maxGroup: Int
    private let commit: Commit
    private let state = Mutex(State())

    init(maxGroup: Int, commit: @escaping Commit) {
        self.maxGroup = maxGroup
        self.commit = commit
    }

    /// Writes `item` in the next group commit; returns once that commit is durable.
    func append(_ item: Item) async throws -> Outcome {
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let leadNow = state.withLock { state -> Bool in
                if state.busy {
                    state.queue.append(Waiter(item: item, continuation: continuation))
                    return false
                }
                state.busy = true
                return true
            }
            if leadNow { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .done(let result):
            return try result.get()
        case .lead:
            let others = state.withLock { state -> [Waiter] in
                let count = min(state.queue.count, maxGroup - 1)
                defer { state.queue.removeFirst(count) }
                return Array(state.queue.prefix(count))
            }
            let results = await commit([item] + others.map(\.item))
            for (waiter, result) in zip(others, results.dropFirst()) {
                waiter.continuation.resume(returning: .done(result))
            }
            let next = state.withLock { state -> Waiter? in
                guard !state.queue.isEmpty else {
                    state.busy = false
                    return nil
                }
                return state.queue.removeFirst()
            }
            if let next {
                // The next leader's own item goes first in its group (it knows it already).
                next.continuation.resume(returning: .lead)
            }
            return try results[0].get()
        }
    }
}
