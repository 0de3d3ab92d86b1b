/// A validated configuration value. Defaults are filled in; types are checked.
public indirect enum ConfigValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case secret(Secret)
    case list([ConfigValue])
    case object(ConfigObject)
    case null

    /// The value as YAML-like text for documentation of defaults. Secrets stay redacted.
    public var displayText: String {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .boolean(let flag): String(flag)
        case .secret(let secret): secret.description
        case .list(let items): "[" + items.map(\.displayText).joined(separator: ", ") + "]"
        case .object: "{…}"
        case .null: "null"
        }
    }
}

/// A validated mapping: values by key, and where each value was written.
public struct ConfigObject: Sendable, Hashable {
    /// Values by key (defaults included).
    public var values: [String: ConfigValue]
    /// Where each key given in the file was written (defaults have none).
    public var locations: [String: SourceLocation]
    /// Where the mapping starts.
    public var location: SourceLocation

    /// Creates an object.
    public init(
        values: [String: ConfigValue], locations: [String: SourceLocation] = [:],
        location: SourceLocation
    ) {
        self.values = values
        self.locations = locations
        self.location = location
    }

    /// The value for `key`, or nil when absent or null.
    public subscript(key: String) -> ConfigValue? {
        guard let value = values[key], value != .null else { return nil }
        return value
    }

    /// A string field.
    public func string(_ key: String) throws(ConfigAccessError) -> String {
        guard case .string(let text)? = self[key] else { throw mismatch(key, "a string") }
        return text
    }

    /// An optional string field.
    public func optionalString(_ key: String) throws(ConfigAccessError) -> String? {
        guard let value = self[key] else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, "a string") }
        return text
    }

    /// An integer field.
    public func integer(_ key: String) throws(ConfigAccessError) -> Int {
        guard case .integer(let number)? = self[key] else { throw mismatch(key, "a whole number") }
        return number
    }

    /// A boolean field.
    public func boolean(_ key: String) throws(ConfigAccessError) -> Bool {
        guard case .boolean(let flag)? = self[key] else { throw mismatch(key, "true or false") }
        return flag
    }

    /// A secret field.
    public func secret(_ key: String) throws(ConfigAccessError) -> Secret {
        guard case .secret(let secret)? = self[key] else { throw mismatch(key, "a secret") }
        return secret
    }

    /// An optional secret field.
    public func optionalSecret(_ key: String) throws(ConfigAccessError) -> Secret? {
        guard let value = self[key] else { return nil }
        guard case .secret(let secret) = value else { throw mismatch(key, "a secret") }
        return secret
    }

    /// A list field (empty when absent).
    public func list(_ key: String) throws(ConfigAccessError) -> [ConfigValue] {
        guard let value = self[key] else { return [] }
        guard case .list(let items) = value else { throw mismatch(key, "a list") }
        return items
    }

    /// A list of strings (empty when absent).
    public func strings(_ key: String) throws(ConfigAccessError) -> [String] {
        var result: [String] = []
        for item in try list(key) {
            guard case .string(let text) = item else { throw mismatch(key, "a list of strings") }
            result.append(text)
        }
        return result
    }

    /// A nested mapping field.
    public func object(_ key: String) throws(ConfigAccessError) -> ConfigObject {
        guard case .object(let object)? = self[key] else { throw mismatch(key, "a mapping") }
        return object
    }

    /// A list of mappings (empty when absent).
    public func objects(_ key: String) throws(ConfigAccessError) -> [ConfigObject] {
        var result: [ConfigObject] = []
        for item in try list(key) {
            guard case .object(let object) = item else { throw mismatch(key, "a list of mappings") }
            result.append(object)
        }
        return result
    }

    private func mismatch(_ key: String, _ expected: String) -> ConfigAccessError {
        ConfigAccessError(key: key, expected: expected, location: locations[key] ?? location)
    }
}

/// A validated configuration was read as a type its spec does not declare — a programming
/// error in a connector, reported with the position of the value.
public struct ConfigAccessError: Error, Sendable, CustomStringConvertible {
    /// The key read.
    public var key: String
    /// What the reader expected.
    public var expected: String
    /// Where the value (or its mapping) is.
    public var location: SourceLocation

    /// Creates an error.
    public init(key: String, expected: String, location: SourceLocation) {
        self.key = key
        self.expected = expected
        self.location = location
    }

    /// `file:line:column: 'key' was read as X, which its spec does not declare`.
    public var description: String {
        "\(location): '\(key)' was read as \(expected), which the config spec does not declare"
    }
}
