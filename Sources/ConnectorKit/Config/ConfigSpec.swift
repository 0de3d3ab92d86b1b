/// The declaration of a configuration: every field once, with its type, default and doc.
///
/// Validation (``ConfigValidator``), documentation (``documentation(level:)``) and examples
/// all derive from this one declaration, in the manner of Redpanda Connect's plugin specs.
public struct ConfigSpec: Sendable, Hashable {
    /// The fields, in the order they are documented.
    public var fields: [ConfigField]

    /// Creates a spec.
    public init(_ fields: [ConfigField]) {
        self.fields = fields
    }

    /// The field named `name`.
    public func field(_ name: String) -> ConfigField? {
        fields.first { $0.name == name }
    }
}

/// One configuration field.
public struct ConfigField: Sendable, Hashable {
    /// Whether a field must be present, or what it is when absent.
    public enum Presence: Sendable, Hashable {
        /// The field must be given.
        case required
        /// The field may be omitted; `default` is used then (nil: the field is simply absent).
        case optional(default: ConfigValue?)
    }

    /// Key in the YAML mapping.
    public var name: String
    /// Accepted type.
    public var kind: ConfigKind
    /// Required, or optional with a default.
    public var presence: Presence
    /// One line saying what the field is for.
    public var doc: String
    /// An example value as it would be written in YAML.
    public var example: String?

    /// Creates a field.
    public init(
        _ name: String, _ kind: ConfigKind, _ presence: Presence, doc: String, example: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.presence = presence
        self.doc = doc
        self.example = example
    }

    /// Whether the field must be given.
    public var isRequired: Bool {
        if case .required = presence { return true }
        return false
    }
}

/// The type of a configuration value.
public indirect enum ConfigKind: Sendable, Hashable {
    /// Any string.
    case string
    /// An identifier: lower-case ASCII letters, digits and dashes, starting with a letter or digit.
    case identifier
    /// A whole number, optionally bounded.
    case integer(ClosedRange<Int>? = nil)
    /// `true` or `false`.
    case boolean
    /// An email address.
    case email
    /// A DNS domain name such as `example.com`.
    case domain
    /// An `http(s)://` URL, or one of the listed keywords (such as `sandbox`).
    case url(keywords: [String])
    /// A secret reference: `${env:NAME}`, `${env:NAME:-demo default}` or `${file:relative/path}`.
    case secret
    /// One of a fixed set of words.
    case enumeration([String])
    /// One of a fixed set of words, or a list of values of a kind (e.g. `none`, `all` or a list of emails).
    case choiceOrList([String], ConfigKind)
    /// A list of values of one kind.
    case list(ConfigKind)
    /// A nested mapping with its own fields.
    case object(ConfigSpec)
    /// A mapping from keys (described, and checked by `keyRule`) to values of one kind.
    case dictionary(keyRule: KeyRule, ConfigKind)
    /// A value validated elsewhere, by the validator registered under this name
    /// (the tenant loader uses it for connectors, whose spec depends on their `type`).
    case external(String)

    /// What a human should write, used in "expected …" messages and documentation.
    public var expectation: String {
        switch self {
        case .string: "a string"
        case .identifier: "an identifier (lower-case letters, digits and dashes)"
        case .integer(let range?): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .integer(nil): "a whole number"
        case .boolean: "true or false"
        case .email: "an email address"
        case .domain: "a domain name such as example.com"
        case .url(let keywords) where keywords.isEmpty: "an http(s) URL"
        case .url(let keywords):
            "an http(s) URL or " + keywords.map { "'\($0)'" }.joined(separator: " or ")
        case .secret: "a secret reference such as ${env:NAME} or ${file:path}"
        case .enumeration(let words): "one of " + words.joined(separator: ", ")
        case .choiceOrList(let words, let element):
            words.joined(separator: ", ") + ", or a list of \(element.pluralExpectation)"
        case .list(let element): "a list of \(element.pluralExpectation)"
        case .object: "a mapping"
        case .dictionary(let rule, let value):
            "a mapping from \(rule.description) to \(value.expectation)"
        case .external(let name): "a \(name)"
        }
    }

    var pluralExpectation: String {
        switch self {
        case .email: "email addresses"
        case .domain: "domain names"
        case .string: "strings"
        case .object: "mappings"
        default: "values (\(expectation))"
        }
    }
}

/// A rule for the keys of a ``ConfigKind/dictionary(keyRule:_:)``: a description for people and
/// a regular expression every key must match as a whole.
///
/// The pattern travels in connector descriptors (`{"description": …, "pattern": …}`), so keep to
/// the syntax regex dialects share (character classes, `+`, `*`, `?`, groups, alternation).
public struct KeyRule: Sendable, Hashable, CustomStringConvertible {
    /// How the keys are described to a human, e.g. "webinar ids (digits only)".
    public var description: String
    /// The regular expression a key must match as a whole (no anchors needed).
    public var pattern: String

    /// Creates a rule.
    public init(_ description: String, pattern: String) {
        self.description = description
        self.pattern = pattern
    }

    /// Whether the pattern compiles; a rule whose pattern does not accepts no key.
    public var isValidPattern: Bool { (try? Regex(pattern)) != nil }

    /// Whether a key is acceptable: the whole key matches ``pattern``.
    public func accepts(_ key: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: key)) != nil
    }

    /// Any key.
    public static let anyKey = KeyRule("keys", pattern: #"[\s\S]*"#)
    /// Keys made of digits only (ids).
    public static func digits(_ what: String) -> KeyRule {
        KeyRule("\(what) (digits only)", pattern: "[0-9]+")
    }
}

extension Character {
    /// Whether this is one of `0`–`9`.
    public var isASCIIDigit: Bool { isASCII && isNumber }
}
