import ConnectorKit

/// A config built from a spec's defaults and plausible values, for `switchyard connector check`:
/// every URL points at a loopback endpoint answering 401 (so nothing reaches a real service and
/// calls fail fast), secrets get the check's secret value (so stderr can be searched for it).
struct ExampleConfig {
    let secret: String
    /// Where URL fields point (a loopback endpoint that refuses every request).
    let url: String

    func values(for spec: ConfigSpec) -> [String: ConfigValue] {
        var values: [String: ConfigValue] = [:]
        for field in spec.fields {
            if case .url = field.kind {
                values[field.name] = .string(url)
            } else if case .optional(let value?) = field.presence {
                values[field.name] = value
            } else if field.isRequired {
                values[field.name] = value(for: field.kind, example: field.example)
            }
        }
        return values
    }

    func value(for kind: ConfigKind, example: String?) -> ConfigValue {
        if let example, kind.accepts(.string(example)) { return .string(example) }
        switch kind {
        case .string, .identifier: return .string("check")
        case .integer(let range): return .integer(range.map { max($0.lowerBound, min(1, $0.upperBound)) } ?? 1)
        case .boolean: return .boolean(false)
        case .email: return .string("check@example.com")
        case .domain: return .string("example.com")
        case .url(let keywords): return .string(keywords.first ?? "https://example.com")
        case .secret: return .secret(Secret(value: secret, reference: "${env:SWITCHYARD_CHECK_SECRET}"))
        case .enumeration(let words): return .string(words.first ?? "")
        case .choiceOrList(let words, _): return words.first.map(ConfigValue.string) ?? .list([])
        case .list: return .list([])
        case .object(let spec):
            return .object(ConfigObject(values: values(for: spec), location: SourceLocation(file: "check", line: 1, column: 1)))
        case .dictionary: return .object(ConfigObject(values: [:], location: SourceLocation(file: "check", line: 1, column: 1)))
        case .external: return .null
        }
    }

    /// An input value for an action's field during checks.
    static func actionInput(_ name: String) -> String {
        switch name {
        case "email": "check@example.com"
        case "webinar_id": "0"
        default: "check"
        }
    }
}
