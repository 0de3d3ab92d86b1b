import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How often, and how far apart, a webhook whose sync failed on a transient error is tried
/// again before it becomes a dead letter.
public struct InboxRetryPolicy: Sendable, Hashable {
    /// Attempts in all (the first included); when the last fails, the item becomes a dead letter.
    public var maxAttempts: Int
    /// The wait after the first failure; it doubles after each further failure.
    public var baseDelay: Duration
    /// The longest wait between two attempts.
    public var maxDelay: Duration

    /// Ten attempts, 1 s after the first failure, doubling up to 5 minutes (about 8.5 minutes in all).
    public static let standard = InboxRetryPolicy(maxAttempts: 10, baseDelay: .seconds(1), maxDelay: .seconds(300))

    /// Creates a policy.
    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait after the `attempt`-th attempt (1-based) failed.
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        let base = Double(baseDelay.components.seconds) + Double(baseDelay.components.attoseconds) / 1e18
        let cap = Double(maxDelay.components.seconds) + Double(maxDelay.components.attoseconds) / 1e18
        return min(cap, base * pow(2, Double(min(max(attempt - 1, 0), 30))))
    }

    /// Whether the `attempt`-th attempt was the last one allowed.
    public func isExhausted(afterAttempt attempt: Int) -> Bool { attempt >= maxAttempts }
}

/// Who holds an inbox lease: this machine, a process id and when that process started, so a
/// restarted host can tell the leases of its own dead predecessor (released at once) from
/// those of a process still running (left alone).
struct LeaseHolder: Sendable, Hashable {
    /// The machine's host name.
    var machine: String
    /// The process id.
    var pid: Int32
    /// The machine's boot and the process's start time (ticks since boot), when known.
    var started: String

    /// This process.
    static let current = LeaseHolder(pid: getpid()) ?? LeaseHolder(machine: machineName(), pid: getpid(), started: "")

    /// The lease owner text stored with each claim.
    var text: String { "\(machine)/\(pid)/\(started)" }

    init(machine: String, pid: Int32, started: String) {
        self.machine = machine
        self.pid = pid
        self.started = started
    }

    /// The process with this id on this machine; nil when none runs.
    init?(pid: Int32) {
        guard kill(pid, 0) == 0 || errno == EPERM else { return nil }
        self.init(machine: Self.machineName(), pid: pid, started: Self.startTime(of: pid))
    }

    /// Whether `owner` (a stored lease owner) names a process of this machine that is gone:
    /// no process has its id, or the one that has started at another time.
    static func isGone(_ owner: String) -> Bool {
        let parts = owner.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, String(parts[0]) == current.machine, let pid = Int32(parts[1]) else { return false }
        guard let running = LeaseHolder(pid: pid) else { return true }
        return running.text != owner
    }

    private static func machineName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.replacingOccurrences(of: "/", with: "_")
    }

    /// Boot id and start time from `/proc` (Linux); empty elsewhere (the process id alone then decides).
    private static func startTime(of pid: Int32) -> String {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return "" }
        // Fields after the command name: state is field 3, starttime field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19 else { return "" }
        let boot =
            (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return boot + ":" + fields[19]
    }
}

/// What became of a claimed batch: an item any of whose webinars failed to sync is retried
/// (transient) and otherwise completed; a permanent failure completes it too.
struct InboxOutcomes {
    private var failedIDs: Set<Int64> = []
    private var completedIDs: [Int64] = []
    /// The items to retry, with the reason of their latest failure.
    private(set) var failed: [(item: InboxItemRef, reason: String)] = []

    var completed: [Int64] { completedIDs.filter { !failedIDs.contains($0) } }

    mutating func complete(_ id: Int64) {
        if !completedIDs.contains(id) { completedIDs.append(id) }
    }

    mutating func fail(_ item: InboxItemRef, reason: String) {
        if failedIDs.insert(item.id).inserted { failed.append((item, reason)) }
    }
}

/// The parts of a claimed inbox item its outcome needs.
struct InboxItemRef: Sendable, Hashable {
    var id: Int64
    var attempts: Int
    var connectorType: String
}
