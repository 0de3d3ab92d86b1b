/// The connectors a host knows, by their `type` name.
public struct ConnectorRegistry: Sendable {
    private let types: [String: any Connector.Type]

    /// Creates a registry from connector types; a later type with the same name replaces an earlier one.
    public init(_ connectorTypes: [any Connector.Type]) {
        var types: [String: any Connector.Type] = [:]
        for type in connectorTypes {
            types[type.descriptor.typeName] = type
        }
        self.types = types
    }

    /// The connector type registered under `name`.
    public func connectorType(named name: String) -> (any Connector.Type)? {
        types[name]
    }

    /// Every registered type name, sorted.
    public var typeNames: [String] { types.keys.sorted() }

    /// Every descriptor, sorted by type name.
    public var descriptors: [ConnectorDescriptor] {
        typeNames.compactMap { types[$0]?.descriptor }
    }
}
