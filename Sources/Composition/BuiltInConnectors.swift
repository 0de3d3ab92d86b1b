import Foundation
import ConnectorKit
import Host
import Logging
import Sandbox
import ZoomConnector

/// The composition root's choices: which connectors are compiled in, and the sandbox that
/// `switchyard serve` starts for `sandbox` tenants. The `switchyard` executable builds its
/// host from here; tests and benchmarks that start the same host do too. The Host library
/// itself links neither a connector nor the simulators.
public enum BuiltInConnectors {
    /// The connectors compiled into `switchyard`.
    public static let providers: [any ConnectorProvider] = [ZoomConnector.provider]

    /// A registry of every built-in connector.
    public static var registry: ConnectorRegistry { ConnectorRegistry(providers) }
}

extension SwitchyardHost {
    /// The host as `switchyard serve` runs it: the built-in connectors (plus `connectors`
    /// given), and the embedded sandbox for `sandbox` tenants.
    public static func standard(
        settings: HostSettings, logger: Logger, connectors: ConnectorRegistry = BuiltInConnectors.registry,
        environment: [String: String] = ProcessInfo.processInfo.environment, handlesSignals: Bool = true
    ) -> SwitchyardHost {
        SwitchyardHost(
            settings: settings, logger: logger, connectors: connectors, simulators: EmbeddedSandboxLauncher(),
            environment: environment, handlesSignals: handlesSignals)
    }
}

extension RunningHost {
    /// The embedded simulators, when this host started them in-process.
    public var sandbox: SandboxServer? { (simulators as? EmbeddedSandbox)?.server }
}

extension StandaloneSync {
    /// `switchyard sync --standalone` with the built-in connectors and the sandbox at `settings.sandboxURL`.
    public static func standard(settings: HostSettings, logger: Logger) -> StandaloneSync {
        StandaloneSync(
            settings: settings, logger: logger, connectors: BuiltInConnectors.registry,
            sandboxBaseURLs: settings.sandboxURL.map { SandboxServer.baseURLs(origin: $0) } ?? [:])
    }
}
