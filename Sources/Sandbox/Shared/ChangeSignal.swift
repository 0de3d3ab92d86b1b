import Synchronization

/// Tells one listener that something changed, coalescing signals that arrive while it is busy.
///
/// `signal()` is cheap and never blocks (the stream keeps only the newest signal), so the
/// simulators call it on every state access; the persistence loop waits on ``changes``.
final class ChangeSignal: Sendable {
    /// One element per burst of changes.
    let changes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Records that the state may have changed.
    func signal() { continuation.yield() }
}
