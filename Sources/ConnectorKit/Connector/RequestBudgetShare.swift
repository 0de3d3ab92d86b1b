import Synchronization

/// The share of a source account's API rate limits that a connector instance may use.
///
/// When several host replicas may call the same source account at once (one syncs the tenant
/// while another answers a workflow action), each paces its requests by an equal share of the
/// account's limits, so that together they stay within them. The host sets ``sharedBy`` to the
/// number of live replicas and changes it when one joins or leaves; a connector that paces
/// itself reads it before each request. A host alone leaves it at 1 (the whole budget).
public final class RequestBudgetShare: Sendable {
    private let processes: Mutex<Int>

    /// Creates a share of `1/sharedBy` (at least 1).
    public init(sharedBy: Int = 1) {
        processes = Mutex(max(1, sharedBy))
    }

    /// How many processes share each account's limits now (at least 1).
    public var sharedBy: Int { processes.withLock { $0 } }

    /// The fraction of each limit this instance may use, `1/sharedBy`.
    public var fraction: Double { 1 / Double(sharedBy) }

    /// Shares the limits among `count` processes from now on (values below 1 count as 1).
    public func share(among count: Int) {
        processes.withLock { $0 = max(1, count) }
    }
}
