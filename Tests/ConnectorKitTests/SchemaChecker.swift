import Foundation

/// A JSON value for schema checks.
indirect enum JSON: Decodable, Equatable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSON]), object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    static func parse(_ data: Data) throws -> JSON { try JSONDecoder().decode(JSON.self, from: data) }

    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}

/// A checker for the subset of JSON Schema 2020-12 the protocol's schemas use: `$ref` (within
/// and across the folder's files), `type`, `const`, `enum`, `required`, `properties`,
/// `additionalProperties`, `items`, `oneOf`, `anyOf`, `not`, `minimum`, `maximum`, `minItems`, `pattern`.
struct SchemaChecker {
    let folder: URL
    private var files: [String: JSON] = [:]

    init(folder: URL) throws {
        self.folder = folder
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".schema.json") {
            files[name] = try JSON.parse(Data(contentsOf: folder.appendingPathComponent(name)))
        }
    }

    var fileNames: [String] { files.keys.sorted() }

    /// Problems of `value` against `#/$defs/{definition}` of `file` (or the file's root when nil).
    func problems(_ value: JSON, file: String, definition: String? = nil) -> [String] {
        let ref = definition.map { "\(file)#/$defs/\($0)" } ?? "\(file)#"
        return check(value, against: .object(["$ref": .string(ref)]), file: file, path: "$")
    }

    private func resolve(_ ref: String, from file: String) -> (JSON, String)? {
        let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let target = parts[0].isEmpty ? file : String(parts[0])
        guard var node = files[target] else { return nil }
        if parts.count > 1 {
            for component in parts[1].split(separator: "/") {
                guard case .object(let object) = node, let next = object[String(component)] else { return nil }
                node = next
            }
        }
        return (node, target)
    }

    private func typeMatches(_ value: JSON, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .int), ("string", .string), ("array", .array), ("object", .object): true
        case ("number", .int), ("number", .double): true
        default: false
        }
    }

    private func check(_ value: JSON, against schema: JSON, file: String, path: String) -> [String] {
        guard case .object(let keywords) = schema else { return [] }
        var problems: [String] = []
        if case .string(let ref)? = keywords["$ref"] {
            guard let (target, targetFile) = resolve(ref, from: file) else { return ["\(path): unresolvable $ref \(ref)"] }
            problems += check(value, against: target, file: targetFile, path: path)
        }
        switch keywords["type"] {
        case .string(let type)? where !typeMatches(value, type): return ["\(path): expected \(type), found \(value)"]
        case .array(let types)?:
            let names = types.compactMap { if case .string(let name) = $0 { name } else { nil } }
            if !names.contains(where: { typeMatches(value, $0) }) { return ["\(path): expected one of \(names), found \(value)"] }
        default: break
        }
        if let constant = keywords["const"], constant != value { problems.append("\(path): expected \(constant), found \(value)") }
        if case .array(let options)? = keywords["enum"], !options.contains(value) {
            problems.append("\(path): \(value) is not one of \(options)")
        }
        if case .object(let object) = value {
            if case .array(let required)? = keywords["required"] {
                for case .string(let key) in required where object[key] == nil { problems.append("\(path): missing required '\(key)'") }
            }
            let properties: [String: JSON]
            if case .object(let declared)? = keywords["properties"] { properties = declared } else { properties = [:] }
            for (key, item) in object {
                if let schema = properties[key] {
                    problems += check(item, against: schema, file: file, path: "\(path).\(key)")
                } else if let additional = keywords["additionalProperties"] {
                    if additional == .bool(false) { problems.append("\(path): unexpected key '\(key)'") }
                    problems += check(item, against: additional, file: file, path: "\(path).\(key)")
                }
            }
        }
        if case .array(let items) = value {
            if let schema = keywords["items"] {
                for (index, item) in items.enumerated() { problems += check(item, against: schema, file: file, path: "\(path)[\(index)]") }
            }
            if case .int(let minimum)? = keywords["minItems"], items.count < minimum {
                problems.append("\(path): fewer than \(minimum) items")
            }
        }
        if let number = value.number {
            if let minimum = keywords["minimum"]?.number, number < minimum { problems.append("\(path): \(number) < \(minimum)") }
            if let maximum = keywords["maximum"]?.number, number > maximum { problems.append("\(path): \(number) > \(maximum)") }
        }
        if case .string(let text) = value, case .string(let pattern)? = keywords["pattern"] {
            if (try? Regex(pattern).firstMatch(in: text)) == nil { problems.append("\(path): '\(text)' does not match \(pattern)") }
        }
        if case .array(let options)? = keywords["oneOf"] {
            let matching = options.filter { check(value, against: $0, file: file, path: path).isEmpty }.count
            if matching != 1 { problems.append("\(path): matches \(matching) of oneOf's \(options.count) schemas, expected exactly 1") }
        }
        if case .array(let options)? = keywords["anyOf"],
            !options.contains(where: { check(value, against: $0, file: file, path: path).isEmpty })
        {
            problems.append("\(path): matches none of anyOf")
        }
        if let negated = keywords["not"], check(value, against: negated, file: file, path: path).isEmpty {
            problems.append("\(path): matches a schema it must not")
        }
        return problems
    }
}
