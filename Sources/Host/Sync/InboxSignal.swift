import Synchronization

/// Wakes the inbox worker of a tenant when something is appended to its inbox (the webhook
/// route calls ``notify(_:)`` after each append): the worker sleeps until then instead of
/// polling. Notifications for the same tenant arriving together are coalesced.
public final class InboxSignal: Sendable {
    private let pending = Mutex<Set<String>>([])
    private let continuation: AsyncStream<Void>.Continuation
    /// One element whenever ``take()`` has something new (several notifications may share one).
    let wakes: AsyncStream<Void>

    /// Creates a signal.
    public init() {
        (wakes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Says the tenant's inbox has new items.
    public func notify(_ tenantID: String) {
        let first = pending.withLock { pending in
            pending.insert(tenantID)
            return pending.count == 1
        }
        if first { continuation.yield(()) }
    }

    /// The tenants notified since the last call.
    func take() -> Set<String> {
        pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
    }
}
