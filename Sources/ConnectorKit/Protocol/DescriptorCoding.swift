import Foundation

// The descriptor's JSON form (protocol document §3): what a plugin sends in its handshake.

extension ConnectorDescriptor: Codable {
    private enum CodingKeys: String, CodingKey {
        case typeName, displayName, version, summary, configSpec, capabilities, actions, routingKeyField
        case webhookRoutingKeyPaths, hubSpotProfile
    }

    /// Decodes a descriptor; `actions` and `webhookRoutingKeyPaths` default to empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            typeName: try container.decode(String.self, forKey: .typeName),
            displayName: try container.decode(String.self, forKey: .displayName),
            version: try container.decode(String.self, forKey: .version),
            summary: try container.decode(String.self, forKey: .summary),
            configSpec: try container.decode(ConfigSpec.self, forKey: .configSpec),
            capabilities: try container.decode(Set<ConnectorCapability>.self, forKey: .capabilities),
            actions: try container.decodeIfPresent([ActionDescriptor].self, forKey: .actions) ?? [],
            routingKeyField: try container.decodeIfPresent(String.self, forKey: .routingKeyField),
            webhookRoutingKeyPaths: try container.decodeIfPresent([String].self, forKey: .webhookRoutingKeyPaths) ?? [],
            hubSpotProfile: try container.decode(HubSpotProfile.self, forKey: .hubSpotProfile))
    }

    /// Encodes the descriptor; capabilities sorted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .typeName)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(version, forKey: .version)
        try container.encode(summary, forKey: .summary)
        try container.encode(configSpec, forKey: .configSpec)
        try container.encode(capabilities.sorted(), forKey: .capabilities)
        try container.encode(actions, forKey: .actions)
        try container.encodeIfPresent(routingKeyField, forKey: .routingKeyField)
        try container.encode(webhookRoutingKeyPaths, forKey: .webhookRoutingKeyPaths)
        try container.encode(hubSpotProfile, forKey: .hubSpotProfile)
    }
}

extension ConfigSpec: Codable {
    private enum CodingKeys: String, CodingKey { case fields }

    /// Decodes `{"fields": […]}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try container.decode([ConfigField].self, forKey: .fields))
    }

    /// Encodes `{"fields": […]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fields, forKey: .fields)
    }
}

extension ConfigField: Codable {
    private enum CodingKeys: String, CodingKey { case name, kind, required, `default`, doc, example }

    /// Decodes a field: `required`, or optional with an optional `default`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
        let defaultValue = try container.decodeIfPresent(WireValue.self, forKey: .default)?.value
        self.init(
            try container.decode(String.self, forKey: .name),
            try container.decode(ConfigKind.self, forKey: .kind),
            required ? .required : .optional(default: defaultValue == .null ? nil : defaultValue),
            doc: try container.decodeIfPresent(String.self, forKey: .doc) ?? "",
            example: try container.decodeIfPresent(String.self, forKey: .example))
    }

    /// Encodes a field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(isRequired, forKey: .required)
        if case .optional(let value?) = presence {
            try container.encode(WireValue(value), forKey: .default)
        }
        try container.encode(doc, forKey: .doc)
        try container.encodeIfPresent(example, forKey: .example)
    }
}

extension ConfigKind: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, min, max, keywords, values, choices, element, fields, keys, value
    }

    /// Decodes `{"type": …, …}` (document §3, "Config spec").
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "string": self = .string
        case "identifier": self = .identifier
        case "integer":
            let min = try container.decodeIfPresent(Int.self, forKey: .min)
            let max = try container.decodeIfPresent(Int.self, forKey: .max)
            guard min != nil || max != nil else {
                self = .integer(nil)
                return
            }
            let lower = min ?? Int.min
            let upper = max ?? Int.max
            guard lower <= upper else {
                throw DecodingError.dataCorruptedError(
                    forKey: .max, in: container, debugDescription: "integer max \(upper) is below its min \(lower)")
            }
            self = .integer(lower...upper)
        case "boolean": self = .boolean
        case "email": self = .email
        case "domain": self = .domain
        case "url": self = .url(keywords: try container.decodeIfPresent([String].self, forKey: .keywords) ?? [])
        case "secret": self = .secret
        case "enumeration": self = .enumeration(try container.decode([String].self, forKey: .values))
        case "choiceOrList":
            self = .choiceOrList(
                try container.decode([String].self, forKey: .choices), try container.decode(ConfigKind.self, forKey: .element))
        case "list": self = .list(try container.decode(ConfigKind.self, forKey: .element))
        case "object": self = .object(ConfigSpec(try container.decode([ConfigField].self, forKey: .fields)))
        case "dictionary":
            self = .dictionary(
                keyRule: try container.decode(KeyRule.self, forKey: .keys), try container.decode(ConfigKind.self, forKey: .value))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription:
                    "unknown config kind '\(type)' (expected string, identifier, integer, boolean, email, domain, url, secret, enumeration, choiceOrList, list, object or dictionary)"
            )
        }
    }

    /// Encodes `{"type": …, …}`. An ``external(_:)`` kind is the host's own and has no wire form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .string: try container.encode("string", forKey: .type)
        case .identifier: try container.encode("identifier", forKey: .type)
        case .integer(let range):
            try container.encode("integer", forKey: .type)
            if let range, range.lowerBound != Int.min { try container.encode(range.lowerBound, forKey: .min) }
            if let range, range.upperBound != Int.max { try container.encode(range.upperBound, forKey: .max) }
        case .boolean: try container.encode("boolean", forKey: .type)
        case .email: try container.encode("email", forKey: .type)
        case .domain: try container.encode("domain", forKey: .type)
        case .url(let keywords):
            try container.encode("url", forKey: .type)
            try container.encode(keywords, forKey: .keywords)
        case .secret: try container.encode("secret", forKey: .type)
        case .enumeration(let words):
            try container.encode("enumeration", forKey: .type)
            try container.encode(words, forKey: .values)
        case .choiceOrList(let words, let element):
            try container.encode("choiceOrList", forKey: .type)
            try container.encode(words, forKey: .choices)
            try container.encode(element, forKey: .element)
        case .list(let element):
            try container.encode("list", forKey: .type)
            try container.encode(element, forKey: .element)
        case .object(let spec):
            try container.encode("object", forKey: .type)
            try container.encode(spec.fields, forKey: .fields)
        case .dictionary(let rule, let value):
            try container.encode("dictionary", forKey: .type)
            try container.encode(rule, forKey: .keys)
            try container.encode(value, forKey: .value)
        case .external(let name):
            throw EncodingError.invalidValue(
                self,
                .init(
                    codingPath: encoder.codingPath,
                    debugDescription: "the host-internal config kind '\(name)' cannot be sent to a connector"))
        }
    }
}

extension KeyRule: Codable {
    private enum CodingKeys: String, CodingKey { case description, pattern }

    /// Decodes `{"description": …, "pattern": …}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(String.self, forKey: .description), pattern: try container.decode(String.self, forKey: .pattern))
    }

    /// Encodes `{"description": …, "pattern": …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(description, forKey: .description)
        try container.encode(pattern, forKey: .pattern)
    }
}
