import Logging
import Synchronization

/// A logger whose messages a test can read: level and message of every line logged.
final class CapturedLogs: Sendable {
    struct Line: Sendable, Equatable {
        var level: Logger.Level
        var message: String
    }

    private let storage = Mutex<[Line]>([])

    /// Every line logged so far.
    var lines: [Line] { storage.withLock { $0 } }

    /// A logger (level debug) writing into this capture.
    var logger: Logger {
        var logger = Logger(label: "captured") { _ in Handler(capture: self) }
        logger.logLevel = .debug
        return logger
    }

    fileprivate func append(_ line: Line) {
        storage.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let capture: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.append(Line(level: event.level, message: event.message.description))
        }
    }
}
