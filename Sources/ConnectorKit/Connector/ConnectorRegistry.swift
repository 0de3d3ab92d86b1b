import Foundation

/// Builds instances of one connector type and describes it.
///
/// Two kinds exist: ``NativeConnectorProvider`` for a Swift type in this process, and the
/// host's plugin provider for a connector process declared by a manifest. The host and the
/// tenant loader see only this protocol, so a connector added by config is used exactly
/// like a built-in one.
public protocol ConnectorProvider: Sendable {
    /// The connector's descriptor (for a plugin process: as its handshake declared it).
    var descriptor: ConnectorDescriptor { get }

    /// Builds an instance from validated config (secrets resolved) and the host's context.
    func makeConnector(config: ConfigObject, context: ConnectorContext) async throws -> any Connector
}

/// A ``ConnectorProvider`` for a ``NativeConnector`` type, run in the host's process.
public struct NativeConnectorProvider<Native: NativeConnector>: ConnectorProvider {
    /// Creates the provider.
    public init(_ type: Native.Type = Native.self) {}

    /// The type's descriptor.
    public var descriptor: ConnectorDescriptor { Native.descriptor }

    /// A new instance of the type.
    public func makeConnector(config: ConfigObject, context: ConnectorContext) async throws -> any Connector {
        try Native(config: config, context: context)
    }
}

/// The connectors a host knows, by their `type` name.
public struct ConnectorRegistry: Sendable {
    private let providers: [String: any ConnectorProvider]
    private let descriptorsByName: [String: ConnectorDescriptor]

    /// Creates a registry; a later provider with the same type name replaces an earlier one.
    public init(_ providers: [any ConnectorProvider]) {
        var byName: [String: any ConnectorProvider] = [:]
        for provider in providers {
            byName[provider.descriptor.typeName] = provider
        }
        self.providers = byName
        self.descriptorsByName = byName.mapValues(\.descriptor)
    }

    /// A registry of Swift connector types run in this process.
    public init(native types: [any NativeConnector.Type]) {
        self.init(types.map { $0.provider })
    }

    /// This registry plus `others` (which replace same-named types).
    public func adding(_ others: [any ConnectorProvider]) -> ConnectorRegistry {
        ConnectorRegistry(Array(providers.values) + others)
    }

    /// The provider registered under `name`.
    public func provider(named name: String) -> (any ConnectorProvider)? {
        providers[name]
    }

    /// The descriptor of the type registered under `name`.
    public func descriptor(named name: String) -> ConnectorDescriptor? {
        descriptorsByName[name]
    }

    /// Every registered type name, sorted.
    public var typeNames: [String] { descriptorsByName.keys.sorted() }

    /// Every descriptor, sorted by type name.
    public var descriptors: [ConnectorDescriptor] {
        typeNames.compactMap { descriptorsByName[$0] }
    }
}

extension NativeConnector {
    /// A provider that builds this type in-process.
    public static var provider: any ConnectorProvider { NativeConnectorProvider(Self.self) }
}
