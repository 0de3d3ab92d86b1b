import Foundation
import Synchronization
import ZoomConnector

/// A virtual clock: sleeping advances it at once and is recorded, so pacing, backoff and
/// rate-limit waits run instantly and can be asserted on.
final class ManualClock: Sendable {
    private struct State {
        var now: Duration = .zero
        var sleeps: [Duration] = []
    }

    private let state = Mutex(State())
    /// The wall-clock date at virtual time zero.
    let origin: Date

    init(origin: Date = Date(timeIntervalSince1970: 1_773_900_000)) {
        self.origin = origin
    }

    /// Virtual time elapsed.
    var now: Duration { state.withLock { $0.now } }
    /// The wall-clock date now.
    var date: Date { origin.addingTimeInterval(now.secondsValue) }
    /// Every sleep requested so far.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Moves time forward.
    func advance(_ duration: Duration) {
        state.withLock { $0.now += duration }
    }

    /// Records a sleep and advances time by it.
    func sleep(_ duration: Duration) {
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += duration
        }
    }

    /// The connector-facing clock.
    var zoomClock: ZoomClock {
        ZoomClock(now: { self.now }, sleep: { self.sleep($0) })
    }
}

/// A clock whose long sleeps block until the test opens the gate, so a test can observe what
/// happens elsewhere while a request waits out a 429.
final class GatedClock: Sendable {
    private struct State {
        var now: Duration = .zero
        var gatedSleeps: [Duration] = []
        var waiters: [CheckedContinuation<Void, Never>] = []
        var sleepers: [CheckedContinuation<Void, Never>] = []
        var open = false
    }

    private let state = Mutex(State())
    /// Sleeps at least this long wait for the gate; shorter ones pass at once.
    let threshold: Duration

    init(threshold: Duration = .milliseconds(900)) {
        self.threshold = threshold
    }

    /// The sleeps that waited for the gate.
    var gatedSleeps: [Duration] { state.withLock { $0.gatedSleeps } }

    var zoomClock: ZoomClock {
        ZoomClock(now: { self.state.withLock { $0.now } }, sleep: { try await self.sleep($0) })
    }

    private func sleep(_ duration: Duration) async throws {
        guard duration >= threshold else {
            state.withLock { $0.now += duration }
            return
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (resumeNow, waiters) = state.withLock {
                state -> (Bool, [CheckedContinuation<Void, Never>]) in
                state.gatedSleeps.append(duration)
                let waiters = state.waiters
                state.waiters = []
                if state.open { return (true, waiters) }
                state.sleepers.append(continuation)
                return (false, waiters)
            }
            waiters.forEach { $0.resume() }
            if resumeNow { continuation.resume() }
        }
        state.withLock { $0.now += duration }
    }

    /// Returns once some request is blocked on the gate.
    func waitUntilSomeoneSleeps() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if !state.gatedSleeps.isEmpty { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Lets every blocked and future sleep pass.
    func open() {
        let sleepers = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.sleepers = [] }
            return state.sleepers
        }
        sleepers.forEach { $0.resume() }
    }
}

/// A settable wall clock for `ConnectorContext.now`.
final class WallClock: Sendable {
    private let date: Mutex<Date>

    init(_ date: Date = Date(timeIntervalSince1970: 1_773_900_000)) {
        self.date = Mutex(date)
    }

    var now: Date { date.withLock { $0 } }

    func advance(seconds: TimeInterval) {
        date.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

extension Duration {
    /// Seconds as a Double.
    var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
