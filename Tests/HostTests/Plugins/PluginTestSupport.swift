import ConnectorKit
import Foundation
import Host
import Logging
import Synchronization

/// The fake connector of `Tests/PluginFixtures` and plugin directories running it.
enum FakePlugin {
    /// `Tests/PluginFixtures/fake_connector.py`.
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PluginFixtures/fake_connector.py").path
    }

    /// The secret the tests configure; it must never reach the host's log.
    static let secret = "fake-SECRET-api-token-4711"

    /// Fast restarts, so tests see a restart in milliseconds.
    static var fastPolicy: PluginSupervisionPolicy {
        var policy = PluginSupervisionPolicy()
        policy.initialBackoff = .milliseconds(50)
        policy.maximumBackoff = .milliseconds(400)
        policy.shutdownGrace = .seconds(2)
        return policy
    }

    /// A new plugins directory with one folder per entry: `folder → manifest JSON text`.
    static func directory(_ manifests: [String: String]) throws -> String {
        let directory = NSTemporaryDirectory() + "switchyard-plugins-\(UUID().uuidString)"
        for (folder, text) in manifests {
            try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
            try text.write(toFile: directory + "/" + folder + "/connector.json", atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// A manifest running the fake in `mode` (misbehaving once per fresh state file).
    static func manifest(type: String = "fake-webinars", mode: String, timeoutSeconds: Double = 10, extra: [String] = []) -> String {
        let state = NSTemporaryDirectory() + "fake-state-\(UUID().uuidString)"
        let command = ["python3", script, "--mode", mode, "--type", type, "--state", state] + extra
        let words = command.map { "\"\($0)\"" }.joined(separator: ", ")
        return #"{"manifestVersion": 1, "type": "\#(type)", "command": [\#(words)], "requestTimeoutSeconds": \#(timeoutSeconds)}"#
    }

    /// A supervisor of the fake in `mode`, logging into `logs`.
    static func supervisor(
        mode: String, timeoutSeconds: Double = 10, logs: CapturedLogs = CapturedLogs(),
        health: ConnectorHealthBoard = ConnectorHealthBoard(metrics: nil)
    ) throws -> ConnectorSupervisor {
        let directory = try directory(["fake": manifest(mode: mode, timeoutSeconds: timeoutSeconds)])
        let manifest = try PluginManifest.load(
            file: directory + "/fake/connector.json", environment: ProcessInfo.processInfo.environment)
        return ConnectorSupervisor(manifest: manifest, logger: logs.logger, health: health, policy: fastPolicy)
    }

    /// A valid config of the fake's spec.
    static func config(account: String = "acct-1") -> ConfigObject {
        ConfigObject(
            values: [
                "account": .string(account), "api_token": .secret(Secret(value: secret, reference: "${env:FAKE_TOKEN}")),
                "host_email": .string("host@fake.example"),
            ], location: SourceLocation(file: "test.yaml", line: 1, column: 1))
    }

    /// A connector instance of the fake, configured through `supervisor`.
    static func connector(_ supervisor: ConnectorSupervisor, logs: CapturedLogs) async throws -> any Connector {
        let descriptor = try await supervisor.start()
        let provider = PluginConnectorProvider(descriptor: descriptor, supervisor: supervisor)
        var logger = logs.logger
        logger[metadataKey: "tenant"] = "acme"
        return try await provider.makeConnector(
            config: config(), context: ConnectorContext(logger: logger, httpClient: .shared))
    }

    /// Calls `body` until it succeeds (the connector restarted), at most ~30 s.
    static func eventually<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        var lastError: (any Error)?
        for _ in 0..<600 {  // ~30 s: a loaded 2-core CI machine restarts a plugin slowly
            do {
                return try await body()
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        throw lastError ?? CancellationError()
    }
}

/// Every log record of a logger, for assertions on what the host logs.
final class CapturedLogs: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]

        /// The message and metadata as one text, for searching.
        var text: String { ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ") }
    }

    private let records = Mutex<[Record]>([])

    var all: [Record] { records.withLock { $0 } }

    /// A logger writing here (trace level: everything is captured).
    var logger: Logger {
        var logger = Logger(label: "test-plugins") { _ in Handler(logs: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Whether any record's text contains `text`.
    func contains(_ text: String) -> Bool { all.contains { $0.text.contains(text) } }

    fileprivate func append(_ record: Record) { records.withLock { $0.append(record) } }

    struct Handler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            logs.append(Record(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
        }
    }
}
