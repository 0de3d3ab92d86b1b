import ConnectorKit

/// Validates a connector entry of a business unit: its `type` picks the connector, whose
/// own ``ConfigSpec`` then validates the remaining keys.
struct ConnectorEntryValidator: Sendable {
    let registry: ConnectorRegistry

    func validate(_ node: ConfigNode, validator: ConfigValidator, issues: inout [ConfigIssue])
        -> ConfigValue?
    {
        guard case .mapping(let entries) = node.kind else {
            issues.append(
                ConfigIssue(
                    "a connector expects a mapping with a 'type' key, found \(node.foundDescription)",
                    at: node.location))
            return nil
        }
        guard let typeEntry = node.entry("type") else {
            issues.append(
                ConfigIssue(
                    "missing required key 'type' in a connector; known types: \(registry.typeNames.joined(separator: ", "))",
                    at: node.location))
            return nil
        }
        guard case .scalar(let typeName, _) = typeEntry.value.kind else {
            issues.append(
                ConfigIssue(
                    "'type' expects a connector type name, found \(typeEntry.value.foundDescription)",
                    at: typeEntry.value.location))
            return nil
        }
        guard let descriptor = registry.descriptor(named: typeName) else {
            var message = "unknown connector type \(ConfigText.quoted(typeName))"
            if let suggestion = Suggestion.closest(to: typeName, in: registry.typeNames) {
                message += "; did you mean '\(suggestion)'?"
            }
            message += " (known types: \(registry.typeNames.joined(separator: ", ")))"
            issues.append(ConfigIssue(message, at: typeEntry.value.location))
            return nil
        }
        let rest = ConfigNode(.mapping(entries.filter { $0.key != "type" }), at: node.location)
        guard
            var object = validator.validateObject(
                rest, spec: descriptor.configSpec, context: "the \(typeName) connector",
                issues: &issues)
        else { return nil }
        object.values["type"] = .string(typeName)
        object.locations["type"] = typeEntry.value.location
        return .object(object)
    }
}
