import Synchronization

/// One timer for many keys: each key has at most one due time, and iterating the timetable
/// yields keys as they come due, earliest first. However many keys wait, only one sleep is
/// pending (until the earliest due time); scheduling an earlier time wakes it.
///
/// A min-heap orders the due times; rescheduling or cancelling a key leaves its old heap
/// entry behind, skipped when it surfaces. Iterate from one task only.
final class Timetable<Key: Hashable & Sendable>: AsyncSequence, Sendable {
    typealias Element = Key
    typealias Instant = ContinuousClock.Instant

    private struct Entry {
        var due: Instant
        var key: Key
        var generation: UInt64
    }

    private struct State {
        var heap: [Entry] = []
        var current: [Key: (due: Instant, generation: UInt64)] = [:]
        var generation: UInt64 = 0
        /// Set when the schedule changed since the consumer last looked.
        var changed = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Sets when `key` is due (replacing its earlier due time).
    func schedule(_ key: Key, at due: Instant) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.generation += 1
            state.current[key] = (due, state.generation)
            Self.push(Entry(due: due, key: key, generation: state.generation), into: &state.heap)
            state.changed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Sets `key` due at `due` unless it is already due earlier.
    func scheduleIfEarlier(_ key: Key, at due: Instant) {
        let later = state.withLock { state in state.current[key].map { $0.due > due } ?? true }
        if later { schedule(key, at: due) }
    }

    /// Forgets `key`'s due time.
    func cancel(_ key: Key) {
        state.withLock { _ = $0.current.removeValue(forKey: key) }
    }

    /// The number of keys with a due time.
    var count: Int { state.withLock { $0.current.count } }

    func makeAsyncIterator() -> Iterator { Iterator(timetable: self) }

    struct Iterator: AsyncIteratorProtocol {
        let timetable: Timetable

        /// The next key to come due; nil when the task is cancelled.
        mutating func next() async -> Key? {
            while !Task.isCancelled {
                let (key, nextDue) = timetable.popDue(now: .now)
                if let key { return key }
                await timetable.wait(until: nextDue)
            }
            return nil
        }
    }

    /// A key due by `now` (removed), else the earliest due time, if any.
    private func popDue(now: Instant) -> (Key?, Instant?) {
        state.withLock { state in
            state.changed = false
            while let top = state.heap.first {
                guard let current = state.current[top.key], current.generation == top.generation else {
                    Self.popTop(&state.heap)  // rescheduled or cancelled since
                    continue
                }
                guard top.due <= now else { return (nil, top.due) }
                Self.popTop(&state.heap)
                state.current[top.key] = nil
                return (top.key, nil)
            }
            return (nil, nil)
        }
    }

    /// Sleeps until `due` (forever when nil), or until the schedule changes, or cancellation.
    private func wait(until due: Instant?) async {
        await withTaskGroup(of: Void.self) { group in
            if let due {
                group.addTask { try? await Task.sleep(until: due, clock: .continuous) }
            }
            group.addTask { await self.waitForChange() }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForChange() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.changed || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }

    // MARK: Heap

    private static func push(_ entry: Entry, into heap: inout [Entry]) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private static func popTop(_ heap: inout [Entry]) {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
