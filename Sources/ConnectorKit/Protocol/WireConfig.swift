import Foundation

/// A config as it travels in `configure`: plain JSON values, a secret as `{"secret": "<value>"}`.
///
/// This is the one place a secret's value is written out, so it is a dedicated type rather than
/// a `Codable` form of ``ConfigObject`` (whose secrets must stay redacted everywhere else).
/// Its `description` is redacted.
public struct WireConfig: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The values, secrets revealed.
    public var values: [String: ConfigValue]

    /// Wraps a validated config for sending.
    public init(_ object: ConfigObject) {
        self.values = object.values
    }

    /// Decodes untyped values: a `{"secret": …}` stays an object until ``configObject(spec:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard case .object(let object) = try container.decode(WireValue.self).value else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "config must be a JSON object")
        }
        self.values = object.values
    }

    /// Encodes the values, revealing secrets.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(WireValue(.object(ConfigObject(values: values, location: WireConfig.location))))
    }

    /// The config typed by `spec`: `{"secret": …}` values of `secret` fields become ``Secret``s
    /// (their reference names the field), everything else is kept as sent.
    public func configObject(spec: ConfigSpec) throws(ConfigAccessError) -> ConfigObject {
        try Self.typed(values, spec: spec, path: "")
    }

    /// `<config with N fields>`: never the values.
    public var description: String { "<config with \(values.count) fields>" }

    static let location = SourceLocation(file: "configure", line: 1, column: 1)

    private static func typed(_ values: [String: ConfigValue], spec: ConfigSpec, path: String) throws(ConfigAccessError)
        -> ConfigObject
    {
        var result = values
        for field in spec.fields {
            guard let value = values[field.name] else { continue }
            result[field.name] = try typed(value, kind: field.kind, path: path + field.name)
        }
        return ConfigObject(values: result, location: location)
    }

    private static func typed(_ value: ConfigValue, kind: ConfigKind, path: String) throws(ConfigAccessError) -> ConfigValue {
        switch (kind, value) {
        case (.secret, .object(let object)):
            guard object.values.count == 1, case .string(let secret)? = object.values["secret"] else {
                throw ConfigAccessError(key: path, expected: "a secret ({\"secret\": \"…\"})", location: location)
            }
            return .secret(Secret(value: secret, reference: "configure:\(path)"))
        case (.secret, .string(let secret)):
            return .secret(Secret(value: secret, reference: "configure:\(path)"))
        case (.object(let spec), .object(let object)):
            return .object(try typed(object.values, spec: spec, path: path + "."))
        case (.list(let element), .list(let items)), (.choiceOrList(_, let element), .list(let items)):
            var typedItems: [ConfigValue] = []
            for (index, item) in items.enumerated() {
                typedItems.append(try typed(item, kind: element, path: "\(path)[\(index)]"))
            }
            return .list(typedItems)
        case (.dictionary(_, let element), .object(let object)):
            var typedValues: [String: ConfigValue] = [:]
            for (key, item) in object.values {
                typedValues[key] = try typed(item, kind: element, path: "\(path).\(key)")
            }
            return .object(ConfigObject(values: typedValues, location: location))
        default:
            return value
        }
    }
}

/// The JSON form of a ``ConfigValue`` on the wire (secrets revealed as `{"secret": …}`).
/// Used for `configure` configs and descriptor defaults; never for logs or APIs.
struct WireValue: Codable, Sendable {
    var value: ConfigValue

    init(_ value: ConfigValue) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let flag = try? container.decode(Bool.self) {
            value = .boolean(flag)
        } else if let number = try? container.decode(Int.self) {
            value = .integer(number)
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let items = try? container.decode([WireValue].self) {
            value = .list(items.map(\.value))
        } else if let object = try? container.decode([String: WireValue].self) {
            value = .object(ConfigObject(values: object.mapValues(\.value), location: WireConfig.location))
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a string, whole number, boolean, list, object or null")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null: try container.encodeNil()
        case .boolean(let flag): try container.encode(flag)
        case .integer(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .secret(let secret): try container.encode(["secret": secret.reveal()])
        case .list(let items): try container.encode(items.map(WireValue.init))
        case .object(let object): try container.encode(object.values.mapValues(WireValue.init))
        }
    }
}
