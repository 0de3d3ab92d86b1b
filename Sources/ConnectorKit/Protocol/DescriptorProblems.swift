import Foundation

extension ConnectorDescriptor {
    /// What is wrong with the descriptor itself (names, versions, actions, routing), for
    /// conformance checks and the host's handshake; empty when it is well-formed.
    public var descriptorProblems: [String] {
        var problems: [String] = []
        if typeName.isEmpty || typeName.hasPrefix("-")
            || !typeName.allSatisfy({ ($0.isASCII && $0.isLowercase && $0.isLetter) || $0.isASCIIDigit || $0 == "-" })
        {
            problems.append("typeName '\(typeName)' must be lower-case letters, digits and dashes")
        }
        for (label, value) in [("displayName", displayName), ("version", version), ("summary", summary)] where value.isEmpty {
            problems.append("\(label) is empty")
        }
        if let routingKeyField {
            if let field = configSpec.field(routingKeyField) {
                if !field.isRequired {
                    problems.append("routingKeyField '\(routingKeyField)' names an optional field; it must be required")
                }
            } else {
                problems.append("routingKeyField '\(routingKeyField)' is not a field of the config spec")
            }
        }
        let actionNames = actions.map(\.name)
        if Set(actionNames).count != actionNames.count { problems.append("action names are not unique: \(actionNames)") }
        if capabilities.contains(.actions) && actions.isEmpty { problems.append("capability 'actions' is declared but no action is") }
        for action in actions where action.name.isEmpty { problems.append("an action has an empty name") }
        for workflow in hubSpotProfile.workflowActions where !actionNames.contains(workflow.action) {
            problems.append("workflow action '\(workflow.urlSegment)' calls action '\(workflow.action)', which is not declared")
        }
        return problems
    }

    /// Empty strings in the HubSpot profile (every name, label and template must be given).
    public var profileProblems: [String] {
        let profile = hubSpotProfile
        var values: [(String, String)] = [
            ("sourceName", profile.sourceName), ("propertyGroup.name", profile.propertyGroup.name),
            ("propertyGroup.label", profile.propertyGroup.label), ("timelineEventIDPrefix", profile.timelineEventIDPrefix),
            ("marketingEventOrganizer", profile.marketingEventOrganizer),
            ("recordingCall.titleTemplate", profile.recordingCall.titleTemplate),
            ("recordingCall.bodyTemplate", profile.recordingCall.bodyTemplate),
        ]
        let properties = profile.contactProperties
        for (role, property) in [
            ("averageAttendance", properties.averageAttendance), ("lastRegisteredWebinar", properties.lastRegisteredWebinar),
            ("totalRegistrations", properties.totalRegistrations), ("totalAttended", properties.totalAttended),
        ] {
            values += [
                ("contactProperties.\(role).name", property.name), ("contactProperties.\(role).label", property.label),
                ("contactProperties.\(role).description", property.description),
            ]
        }
        let templates = profile.timelineTemplates
        for (role, template) in [
            ("registration", templates.registration), ("attendance", templates.attendance), ("recording", templates.recording),
        ] {
            values += [
                ("timelineTemplates.\(role).name", template.name), ("timelineTemplates.\(role).headerTemplate", template.headerTemplate),
                ("timelineTemplates.\(role).detailTemplate", template.detailTemplate),
            ]
        }
        var problems = values.filter { $0.1.trimmingCharacters(in: .whitespaces).isEmpty }.map { "hubSpotProfile.\($0.0) is empty" }
        let names = properties.all.map(\.name)
        if Set(names).count != names.count { problems.append("hubSpotProfile's contact property names are not unique") }
        return problems
    }
}

extension ConfigSpec {
    /// What is wrong with the spec: duplicate or empty names, defaults that do not fit their
    /// kind, key patterns that do not compile, empty word lists; nested specs included.
    public func specProblems(path: String = "") -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for field in fields {
            let name = path + field.name
            if field.name.isEmpty { problems.append("a field\(path.isEmpty ? "" : " in \(path)") has an empty name") }
            if !seen.insert(field.name).inserted { problems.append("field '\(name)' is declared twice") }
            if field.doc.isEmpty { problems.append("field '\(name)' has no doc") }
            problems += field.kind.kindProblems(name)
            if case .optional(let value?) = field.presence, !field.kind.accepts(value) {
                problems.append("field '\(name)': its default \(value.displayText) is not \(field.kind.expectation)")
            }
        }
        return problems
    }
}

extension ConfigKind {
    /// Problems of the kind itself (empty word lists, bad patterns, bounds), for field `name`.
    func kindProblems(_ name: String) -> [String] {
        switch self {
        case .enumeration(let words) where words.isEmpty: ["field '\(name)': an enumeration needs at least one value"]
        case .choiceOrList(let words, let element):
            (words.isEmpty ? ["field '\(name)': choiceOrList needs at least one choice"] : []) + element.kindProblems(name + "[]")
        case .list(let element): element.kindProblems(name + "[]")
        case .object(let spec): spec.specProblems(path: name + ".")
        case .dictionary(let rule, let value):
            (rule.isValidPattern ? [] : ["field '\(name)': key pattern '\(rule.pattern)' is not a valid regular expression"])
                + value.kindProblems(name + ".*")
        case .external(let kind): ["field '\(name)': kind '\(kind)' is the host's own and cannot be declared by a connector"]
        default: []
        }
    }

    /// Whether a value (e.g. a default) fits this kind.
    public func accepts(_ value: ConfigValue) -> Bool {
        switch (self, value) {
        case (.integer(let range), .integer(let number)): return range?.contains(number) ?? true
        case (.boolean, .boolean): return true
        case (.secret, .secret): return true
        case (.string, .string), (.identifier, .string), (.email, .string), (.domain, .string), (.url, .string), (.enumeration, .string):
            guard case .string(let text) = value else { return false }
            return ConfigValidator.scalar(text, quoted: true, kind: self) != nil
        case (.choiceOrList(let words, _), .string(let text)): return words.contains(text)
        case (.choiceOrList(_, let element), .list(let items)), (.list(let element), .list(let items)):
            return items.allSatisfy(element.accepts)
        case (.object(let spec), .object(let object)):
            return object.values.allSatisfy { key, item in spec.field(key).map { $0.kind.accepts(item) } ?? false }
        case (.dictionary(let rule, let element), .object(let object)):
            return object.values.allSatisfy { key, item in rule.accepts(key) && element.accepts(item) }
        default: return false
        }
    }
}
