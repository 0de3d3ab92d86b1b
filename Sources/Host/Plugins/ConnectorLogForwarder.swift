import ConnectorKit
import Foundation
import Logging
import Synchronization

/// The secret values a connector type was sent in `configure`, removed from everything the
/// host repeats of what the connector says (stderr lines, error messages, protocol violations).
public final class SecretScrubber: Sendable {
    private let secrets = Mutex<[String]>([])

    /// Creates an empty scrubber.
    public init() {}

    /// Adds every secret value in `config` (nested objects and lists included).
    public func learn(_ config: ConfigObject) {
        var found: [String] = []
        func visit(_ value: ConfigValue) {
            switch value {
            case .secret(let secret): found.append(secret.reveal())
            case .list(let items): items.forEach(visit)
            case .object(let object): object.values.values.forEach(visit)
            default: break
            }
        }
        config.values.values.forEach(visit)
        // Very short values would blank out ordinary words; they are not real secrets anyway.
        let usable = found.filter { $0.count >= 4 }
        guard !usable.isEmpty else { return }
        secrets.withLock { known in
            known = Array(Set(known + usable)).sorted { $0.count > $1.count }
        }
    }

    /// `text` with every known secret replaced by `<redacted>`.
    public func scrub(_ text: String) -> String {
        let known = secrets.withLock { $0 }
        var result = text
        for secret in known where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return result
    }

    /// The length of the longest secret (how much a line may need beyond its cut to scrub it whole).
    var longest: Int { secrets.withLock { $0.first?.utf8.count ?? 0 } }
}

/// Forwards a connector process's stderr into the host's log, one log record per line, with the
/// connector's type as metadata: lines are cut at ``maxLineBytes``, at most ``maxLinesPerSecond``
/// are forwarded (the rest are dropped and counted), and known secrets are scrubbed first.
///
/// Owned by the one task that reads the pipe; it never blocks on the log, so a flooding
/// connector costs the host only the reading.
struct ConnectorLogForwarder {
    let type: String
    let logger: Logger
    let scrubber: SecretScrubber
    var maxLineBytes = 4096
    var maxLinesPerSecond = 1000

    private var pending: [UInt8] = []
    private var discardingRest = false
    private var windowStart = ContinuousClock.now
    private var linesInWindow = 0
    private var dropped = 0

    init(type: String, logger: Logger, scrubber: SecretScrubber) {
        self.type = type
        self.logger = logger
        self.scrubber = scrubber
    }

    /// Takes the next bytes read from stderr.
    mutating func consume(_ bytes: some Collection<UInt8>) {
        // Keep enough of an over-long line to scrub a secret straddling the cut.
        let keep = maxLineBytes + scrubber.longest
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if !discardingRest || !pending.isEmpty { emit() }
                discardingRest = false
                continue
            }
            if pending.count < keep {
                pending.append(byte)
            } else {
                discardingRest = true
            }
        }
    }

    /// The pipe closed: forwards a last unterminated line and the count of dropped lines.
    mutating func finish() {
        if !pending.isEmpty { emit() }
        reportDropped()
    }

    private mutating func emit() {
        let truncated = discardingRest || pending.count > maxLineBytes
        var line = scrubber.scrub(String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
        let now = ContinuousClock.now
        if now - windowStart >= .seconds(1) {
            reportDropped()
            windowStart = now
            linesInWindow = 0
        }
        guard linesInWindow < maxLinesPerSecond else {
            dropped += 1
            return
        }
        linesInWindow += 1
        if line.utf8.count > maxLineBytes {
            line = String(decoding: line.utf8.prefix(maxLineBytes), as: UTF8.self)
        }
        logger.info(
            "\(line)\(truncated ? " …(cut)" : "")",
            metadata: ["connector": .string(type), "stream": "stderr"])
    }

    private mutating func reportDropped() {
        guard dropped > 0 else { return }
        logger.warning(
            "the \(type) connector wrote more than \(maxLinesPerSecond) log lines per second; \(dropped) lines were dropped",
            metadata: ["connector": .string(type), "dropped": .stringConvertible(dropped)])
        dropped = 0
    }
}
