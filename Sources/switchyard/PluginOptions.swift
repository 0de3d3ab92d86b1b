import ArgumentParser
import Composition
import ConnectorKit
import Foundation
import Composition
import Host
import Logging

/// `--plugins DIR` for the commands that document or validate connector types.
struct PluginOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Directory of connector plugins, one folder with a connector.json each (env SWITCHYARD_PLUGINS; default Plugins).")
    var plugins: String?

    /// The plugins directory: the flag, else `SWITCHYARD_PLUGINS`, else `Plugins`.
    func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        plugins ?? environment["SWITCHYARD_PLUGINS"] ?? HostSettings().pluginsDirectory
    }

    /// Runs `body` with the built-in connectors plus the plugins (their processes started for
    /// the handshake and stopped afterwards) and the plugins' problems.
    func withConnectors<Result: Sendable>(_ body: (ConnectorRegistry, [String]) async throws -> Result) async throws -> Result {
        var logger = Logger(label: "switchyard")
        // The commands print plugin problems themselves.
        logger.logLevel = .critical
        return try await PluginHost.withConnectors(
            directory: directory(), builtIns: BuiltInConnectors.registry, logger: logger, body)
    }
}
