import ConnectorKit
import Foundation
import Logging
import ServiceLifecycle

/// The connectors added by config: every manifest of the plugins directory, its process
/// supervised, its type offered next to the built-in ones. A service of the host: on shutdown
/// it closes every connector's stdin and reaps the processes.
public final class PluginHost: Service, Sendable {
    /// The usable plugin types (their handshake succeeded), by type order.
    public let providers: [PluginConnectorProvider]
    /// Plugins that cannot be used, with what is wrong (naming the manifest or the connector).
    public let problems: [String]
    /// The health of every plugin type.
    public let health: ConnectorHealthBoard
    private let logger: Logger

    private init(providers: [PluginConnectorProvider], problems: [String], health: ConnectorHealthBoard, logger: Logger) {
        self.providers = providers
        self.problems = problems
        self.health = health
        self.logger = logger
    }

    /// A host without plugins.
    public static func none(health: ConnectorHealthBoard = ConnectorHealthBoard(metrics: nil), logger: Logger) -> PluginHost {
        PluginHost(providers: [], problems: [], health: health, logger: logger)
    }

    /// Reads the manifests in `directory` and starts each connector (handshake) to learn its
    /// descriptor; a manifest or connector that fails is logged and listed in ``problems``.
    public static func start(
        directory: String, logger: Logger, health: ConnectorHealthBoard, policy: PluginSupervisionPolicy = .init(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> PluginHost {
        let found = PluginDirectory.load(directory, environment: environment)
        var problems = found.failures.map(\.description)
        for problem in problems {
            logger.error("plugin connector cannot be used: \(problem)")
        }
        let started = await withTaskGroup(of: Result<PluginConnectorProvider, PluginError>.self) { group in
            for manifest in found.manifests {
                group.addTask {
                    let supervisor = ConnectorSupervisor(
                        manifest: manifest, logger: logger, health: health, policy: policy, environment: environment)
                    do {
                        let descriptor = try await supervisor.start()
                        return .success(PluginConnectorProvider(descriptor: descriptor, supervisor: supervisor))
                    } catch {
                        await supervisor.shutdown()
                        return .failure(error as? PluginError ?? PluginError(message: "the \(manifest.type) connector: \(error)"))
                    }
                }
            }
            var results: [Result<PluginConnectorProvider, PluginError>] = []
            for await result in group { results.append(result) }
            return results
        }
        var providers: [PluginConnectorProvider] = []
        for result in started {
            switch result {
            case .success(let provider):
                providers.append(provider)
                logger.info(
                    "plugin connector ready",
                    metadata: [
                        "connector": .string(provider.descriptor.typeName), "version": .string(provider.descriptor.version),
                        "manifest": .string(provider.supervisor.manifest.file),
                    ])
            case .failure(let error):
                problems.append(error.message)
                logger.error("plugin connector cannot be used: \(error.message)")
            }
        }
        return PluginHost(
            providers: providers.sorted { $0.descriptor.typeName < $1.descriptor.typeName }, problems: problems.sorted(),
            health: health, logger: logger)
    }

    /// `builtIns` plus the plugin types; a plugin whose type equals a built-in one replaces it (logged).
    public func registry(adding builtIns: ConnectorRegistry) -> ConnectorRegistry {
        for provider in providers where builtIns.provider(named: provider.descriptor.typeName) != nil {
            logger.notice(
                "the plugin connector '\(provider.descriptor.typeName)' replaces the built-in one",
                metadata: ["manifest": .string(provider.supervisor.manifest.file)])
        }
        return builtIns.adding(providers)
    }

    /// Tells every connector process how many replicas share each source account's rate limits.
    public func shareBudgets(among replicas: Int) async {
        for provider in providers { await provider.supervisor.shareBudgets(among: replicas) }
    }

    /// Waits for the host's shutdown, then stops every connector process.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Closes every connector's stdin, waits for them to exit (killing those that do not).
    public func shutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for provider in providers {
                group.addTask { await provider.supervisor.shutdown() }
            }
        }
    }
}

extension PluginHost {
    /// Starts the plugins of `directory` for a command that only needs the connector types
    /// (`switchyard connectors`, `validate`): runs `body` with `builtIns` plus the plugin types
    /// and the plugins' problems, then stops the processes.
    public static func withConnectors<Result: Sendable>(
        directory: String, builtIns: ConnectorRegistry, logger: Logger,
        _ body: (ConnectorRegistry, [String]) async throws -> Result
    ) async throws -> Result {
        let plugins = await start(directory: directory, logger: logger, health: ConnectorHealthBoard(metrics: nil))
        do {
            let result = try await body(plugins.registry(adding: builtIns), plugins.problems)
            await plugins.shutdown()
            return result
        } catch {
            await plugins.shutdown()
            throw error
        }
    }
}
