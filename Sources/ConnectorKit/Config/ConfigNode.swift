/// A parsed but not yet validated configuration value, with the position of every part.
///
/// The tenant loader turns YAML into `ConfigNode`s; ``ConfigSpec`` validates them into
/// ``ConfigValue``s. Keeping positions here lets every error name `file:line:column`.
public struct ConfigNode: Sendable, Hashable {
    /// The shape of a node.
    public indirect enum Kind: Sendable, Hashable {
        /// A scalar as written (`quoted` is true when the YAML author quoted it, which makes it a string).
        case scalar(String, quoted: Bool)
        /// A sequence of nodes.
        case sequence([ConfigNode])
        /// A mapping of keys (with their own positions) to nodes, in file order.
        case mapping([Entry])
        /// An explicit null (`~`, `null`, or an empty value).
        case null
    }

    /// One key of a mapping.
    public struct Entry: Sendable, Hashable {
        /// The key as written.
        public var key: String
        /// Where the key is.
        public var keyLocation: SourceLocation
        /// The value.
        public var value: ConfigNode

        /// Creates an entry.
        public init(key: String, keyLocation: SourceLocation, value: ConfigNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    /// The value.
    public var kind: Kind
    /// Where the value starts.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// What was found, by kind only (`text`, `quoted text`, `a number`, `true or false`, `a
    /// list`, …), used in "expected X, found Y" messages: an error never repeats a value of the
    /// file, which may be a secret pasted in the wrong place.
    public var foundDescription: String {
        switch kind {
        case .scalar(_, quoted: true): "quoted text"
        case .scalar(let text, quoted: false) where Int(text) != nil || Double(text) != nil: "a number"
        case .scalar(let text, quoted: false) where ["true", "false", "True", "False", "TRUE", "FALSE"].contains(text):
            "true or false"
        case .scalar: "text"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .null: "nothing (null)"
        }
    }

    /// The entry for `key` when this node is a mapping.
    public func entry(_ key: String) -> Entry? {
        guard case .mapping(let entries) = kind else { return nil }
        return entries.first { $0.key == key }
    }
}
