/// Validates ``ConfigNode``s against a ``ConfigSpec``, collecting every issue at once.
public struct ConfigValidator: Sendable {
    /// Validates a node for an ``ConfigKind/external(_:)`` kind: returns the value, or nil
    /// with issues appended.
    public typealias ExternalValidator =
        @Sendable (_ node: ConfigNode, _ validator: ConfigValidator, _ issues: inout [ConfigIssue]) ->
        ConfigValue?

    /// Resolves `secret` fields.
    public var secrets: any SecretResolving
    /// Validators for ``ConfigKind/external(_:)`` kinds, by name.
    public var externals: [String: ExternalValidator]

    /// Creates a validator.
    public init(secrets: any SecretResolving, externals: [String: ExternalValidator] = [:]) {
        self.secrets = secrets
        self.externals = externals
    }

    /// Validates a mapping against `spec`; `context` names it in messages (e.g. "the webinar-export connector").
    public func validateObject(
        _ node: ConfigNode,
        spec: ConfigSpec,
        context: String,
        issues: inout [ConfigIssue]
    ) -> ConfigObject? {
        guard case .mapping(let entries) = node.kind else {
            issues.append(
                ConfigIssue(
                    "\(context) expects a mapping, found \(node.foundDescription)", at: node.location))
            return nil
        }
        var values: [String: ConfigValue] = [:]
        var locations: [String: SourceLocation] = [:]
        var seen: Set<String> = []
        var valid = true
        let known = spec.fields.map(\.name)
        for entry in entries {
            guard seen.insert(entry.key).inserted else {
                issues.append(
                    ConfigIssue("duplicate key \(ConfigText.quoted(entry.key)) in \(context)", at: entry.keyLocation))
                valid = false
                continue
            }
            guard let field = spec.field(entry.key) else {
                var message = "unknown key \(ConfigText.quoted(entry.key)) in \(context)"
                if let suggestion = Suggestion.closest(to: entry.key, in: known) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += "; expected one of: " + known.joined(separator: ", ")
                }
                issues.append(ConfigIssue(message, at: entry.keyLocation))
                valid = false
                continue
            }
            locations[entry.key] = entry.value.location
            if let value = validate(entry.value, kind: field.kind, name: entry.key, issues: &issues) {
                values[entry.key] = value
            } else {
                valid = false
            }
        }
        for field in spec.fields where values[field.name] == nil && !seen.contains(field.name) {
            switch field.presence {
            case .required:
                let message =
                    "missing required key '\(field.name)' in \(context) (\(field.kind.expectation): \(field.doc))"
                issues.append(ConfigIssue(message, at: node.location))
                valid = false
            case .optional(let defaultValue?):
                values[field.name] = defaultValue
            case .optional(nil):
                break
            }
        }
        return valid ? ConfigObject(values: values, locations: locations, location: node.location) : nil
    }

    /// Validates one value of a given kind; `name` is the key it was found under.
    public func validate(
        _ node: ConfigNode, kind: ConfigKind, name: String, issues: inout [ConfigIssue]
    ) -> ConfigValue? {
        func fail() -> ConfigValue? {
            issues.append(
                ConfigIssue(
                    "'\(name)' expects \(kind.expectation), found \(node.foundDescription)", at: node.location
                ))
            return nil
        }
        switch kind {
        case .object(let spec):
            return validateObject(node, spec: spec, context: "'\(name)'", issues: &issues).map(
                ConfigValue.object)
        case .list(let element):
            guard case .sequence(let items) = node.kind else { return fail() }
            return validateList(items, element: element, name: name, issues: &issues)
        case .choiceOrList(let words, let element):
            if case .sequence(let items) = node.kind {
                return validateList(items, element: element, name: name, issues: &issues)
            }
            guard case .scalar(let text, _) = node.kind, words.contains(text) else { return fail() }
            return .string(text)
        case .dictionary(let rule, let valueKind):
            return validateDictionary(node, rule: rule, valueKind: valueKind, name: name, issues: &issues)
        case .external(let externalName):
            guard let external = externals[externalName] else { return fail() }
            return external(node, self, &issues)
        case .secret:
            guard case .scalar(let text, _) = node.kind else { return fail() }
            do {
                return .secret(try secrets.resolve(text))
            } catch {
                issues.append(ConfigIssue("'\(name)': \(error.message)", at: node.location))
                return nil
            }
        default:
            if case .scalar(let text, _) = node.kind, ConfigText.containsSecretReference(text) {
                issues.append(
                    ConfigIssue(
                        "'\(name)' takes \(kind.expectation), not a secret reference; only secret fields (tokens, secrets, "
                            + "keys) take ${env:…} or ${file:…}",
                        at: node.location))
                return nil
            }
            guard case .scalar(let text, let quoted) = node.kind,
                let value = Self.scalar(text, quoted: quoted, kind: kind)
            else { return fail() }
            return value
        }
    }

    private func validateList(
        _ items: [ConfigNode], element: ConfigKind, name: String, issues: inout [ConfigIssue]
    ) -> ConfigValue? {
        let before = issues.count
        let values = items.enumerated().compactMap { index, item in
            validate(item, kind: element, name: "\(name)[\(index)]", issues: &issues)
        }
        return issues.count == before ? .list(values) : nil
    }

    private func validateDictionary(
        _ node: ConfigNode,
        rule: KeyRule,
        valueKind: ConfigKind,
        name: String,
        issues: inout [ConfigIssue]
    ) -> ConfigValue? {
        guard case .mapping(let entries) = node.kind else {
            issues.append(
                ConfigIssue(
                    "'\(name)' expects a mapping of \(rule.description), found \(node.foundDescription)",
                    at: node.location))
            return nil
        }
        let before = issues.count
        var values: [String: ConfigValue] = [:]
        var locations: [String: SourceLocation] = [:]
        for entry in entries {
            guard rule.accepts(entry.key) else {
                issues.append(
                    ConfigIssue(
                        "'\(name)' expects keys that are \(rule.description), found \(ConfigText.quoted(entry.key))",
                        at: entry.keyLocation))
                continue
            }
            locations[entry.key] = entry.value.location
            if let value = validate(
                entry.value, kind: valueKind, name: "\(name).\(entry.key)", issues: &issues)
            {
                values[entry.key] = value
            }
        }
        guard issues.count == before else { return nil }
        return .object(ConfigObject(values: values, locations: locations, location: node.location))
    }

    /// Converts a scalar for the simple kinds; nil when it does not fit.
    static func scalar(_ text: String, quoted: Bool, kind: ConfigKind) -> ConfigValue? {
        switch kind {
        case .string:
            return .string(text)
        case .identifier:
            let valid =
                !text.isEmpty && !text.hasPrefix("-")
                && text.allSatisfy { ($0.isASCII && $0.isLowercase && $0.isLetter) || $0.isASCIIDigit || $0 == "-" }
            return valid ? .string(text) : nil
        case .integer(let range):
            guard !quoted, let number = Int(text), range?.contains(number) ?? true else { return nil }
            return .integer(number)
        case .boolean:
            guard !quoted else { return nil }
            switch text {
            case "true", "True", "TRUE": return .boolean(true)
            case "false", "False", "FALSE": return .boolean(false)
            default: return nil
            }
        case .email:
            return EmailAddress.isValid(text) ? .string(text) : nil
        case .domain:
            return EmailAddress.isValidDomain(text) ? .string(text.lowercased()) : nil
        case .url(let keywords):
            if keywords.contains(text) { return .string(text) }
            return text.hasPrefix("http://") || text.hasPrefix("https://") ? .string(text) : nil
        case .enumeration(let words):
            return words.contains(text) ? .string(text) : nil
        default:
            return nil
        }
    }
}
