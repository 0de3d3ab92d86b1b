extension ConfigSpec {
    /// Renders the spec as indented plain-text documentation, one field per entry:
    /// name, type, required or default, doc line and example. Nested mappings are indented.
    public func documentation(level: Int = 0) -> String {
        var lines: [String] = []
        let indent = String(repeating: "  ", count: level)
        for field in fields {
            var head = "\(indent)\(field.name): \(field.kind.expectation)"
            switch field.presence {
            case .required: head += " (required)"
            case .optional(let value?): head += " (default: \(value.displayText))"
            case .optional(nil): head += " (optional)"
            }
            lines.append(head)
            lines.append("\(indent)    \(field.doc)")
            if let example = field.example {
                lines.append("\(indent)    example: \(example)")
            }
            if let nested = field.kind.nestedSpec {
                lines.append(nested.documentation(level: level + 2))
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension ConfigKind {
    /// The spec of nested mappings (for documentation), looking through lists and dictionaries.
    var nestedSpec: ConfigSpec? {
        switch self {
        case .object(let spec): spec
        case .list(let element), .choiceOrList(_, let element), .dictionary(_, let element):
            element.nestedSpec
        default: nil
        }
    }
}
