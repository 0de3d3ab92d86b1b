import SwitchyardJSON
import Foundation

/// The expected shape of one JSON value in a request body, transcribed from HubSpot's
/// OpenAPI specs (types and `required` lists), used to reject requests the way HubSpot does.
///
/// Scalars are coerced like HubSpot's JSON binding does (a number is accepted where a
/// string is expected, a numeric string where an integer is expected); objects and arrays
/// are never coerced.
indirect enum FieldSchema: Sendable {
    case string
    case integer
    case number
    case boolean
    /// An ISO-8601 date-time string (or epoch milliseconds).
    case dateTime
    /// A string restricted to the listed values (case-sensitive).
    case enumeration([String])
    case array(FieldSchema)
    /// An object with arbitrary keys whose values all have the given schema.
    case map(FieldSchema)
    case object(ObjectSchema)
    /// Anything (free-form JSON).
    case any

    /// HubSpot's name of the type, used in error messages.
    var typeName: String {
        switch self {
        case .string, .enumeration: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .dateTime: "date-time"
        case .array: "array"
        case .map, .any: "object"
        case .object(let schema): schema.name
        }
    }
}

/// A named object schema: its fields and which of them are required.
struct ObjectSchema: Sendable {
    /// The schema's name in the spec (appears in HubSpot's error messages).
    let name: String
    let fields: [String: FieldSchema]
    let required: Set<String>

    /// Creates a schema; a field name ending in `*` is required (the `*` is dropped).
    init(_ name: String, _ fields: [String: FieldSchema]) {
        self.name = name
        var plain: [String: FieldSchema] = [:]
        var required: Set<String> = []
        for (key, schema) in fields {
            if key.hasSuffix("*") {
                let bare = String(key.dropLast())
                plain[bare] = schema
                required.insert(bare)
            } else {
                plain[key] = schema
            }
        }
        self.fields = plain
        self.required = required
    }
}

/// One way a request body breaks its schema.
struct SchemaViolation: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case missing(schema: String, fields: [String])
        case wrongType(expected: String, found: String)
        case notInEnum(value: String, allowed: [String])
    }

    /// Where: `inputs[0].propertiesWithHistory`, or empty for the body itself.
    var path: String
    var kind: Kind

    /// HubSpot's wording of the problem.
    var message: String {
        switch kind {
        case .missing(let schema, let fields):
            "Invalid input JSON: Cannot build \(schema), some of required attributes are not set [\(fields.joined(separator: ", "))]"
        case .wrongType(let expected, let found):
            "Invalid input JSON: Cannot deserialize value of type `\(expected)` from \(found) value"
                + (path.isEmpty ? "" : " (through reference chain: \(path))")
        case .notInEnum(let value, let allowed):
            "Invalid input JSON: Cannot deserialize value from String \"\(value)\": not one of the values accepted: [\(allowed.joined(separator: ", "))]"
                + (path.isEmpty ? "" : " (through reference chain: \(path))")
        }
    }

    /// The `errors[]` entries of HubSpot's error body for this violation.
    var details: [HubSpotErrorDetail] {
        switch kind {
        case .missing(_, let fields):
            fields.map { field in
                HubSpotErrorDetail(
                    message: "\(field) is required",
                    in: path.isEmpty ? field : "\(path).\(field)",
                    code: "REQUIRED"
                )
            }
        case .wrongType(let expected, _):
            [HubSpotErrorDetail(message: "must be of type \(expected)", in: path, code: "INVALID_TYPE")]
        case .notInEnum(_, let allowed):
            [
                HubSpotErrorDetail(
                    message: "must be one of [\(allowed.joined(separator: ", "))]", in: path,
                    code: "INVALID_ENUM_VALUE")
            ]
        }
    }
}

extension FieldSchema {
    /// Checks `value` and returns every violation found (empty when valid).
    func violations(of value: JSONValue, at path: String = "") -> [SchemaViolation] {
        func wrong() -> [SchemaViolation] {
            [SchemaViolation(path: path, kind: .wrongType(expected: typeName, found: value.jsonKind))]
        }
        switch self {
        case .any:
            return []
        case .string:
            return value.stringValue == nil ? wrong() : []
        case .integer:
            return value.int64Value == nil ? wrong() : []
        case .number:
            switch value {
            case .integer, .double: return []
            case .string(let text): return Double(text) == nil ? wrong() : []
            default: return wrong()
            }
        case .boolean:
            return value.boolValue == nil ? wrong() : []
        case .dateTime:
            if case .integer = value { return [] }
            guard case .string(let text) = value, HubSpotTime.parse(text) != nil else { return wrong() }
            return []
        case .enumeration(let allowed):
            guard let text = value.stringValue else { return wrong() }
            return allowed.contains(text)
                ? [] : [SchemaViolation(path: path, kind: .notInEnum(value: text, allowed: allowed))]
        case .array(let element):
            guard case .array(let elements) = value else { return wrong() }
            return elements.enumerated().flatMap { index, item in
                item.isNull ? [] : element.violations(of: item, at: "\(path)[\(index)]")
            }
        case .map(let element):
            guard case .object(let members) = value else { return wrong() }
            return members.keys.sorted().flatMap { key in
                members[key].map { $0.isNull ? [] : element.violations(of: $0, at: path.dotted(key)) } ?? []
            }
        case .object(let schema):
            guard case .object(let members) = value else { return wrong() }
            var found: [SchemaViolation] = []
            let missing = schema.required.filter { members[$0] == nil || members[$0] == .null }.sorted()
            if !missing.isEmpty {
                found.append(
                    SchemaViolation(path: path, kind: .missing(schema: schema.name, fields: missing)))
            }
            for key in schema.fields.keys.sorted() {
                guard let fieldSchema = schema.fields[key], let member = members[key], !member.isNull else {
                    continue
                }
                found += fieldSchema.violations(of: member, at: path.dotted(key))
            }
            return found
        }
    }
}

extension String {
    fileprivate func dotted(_ key: String) -> String {
        isEmpty ? key : "\(self).\(key)"
    }
}

extension JSONValue {
    /// How Jackson names the kind of a JSON value in its messages.
    var jsonKind: String {
        switch self {
        case .null: "null"
        case .bool: "Boolean"
        case .integer: "Integer"
        case .double: "Floating-point"
        case .string: "String"
        case .array: "Array"
        case .object: "Object"
        }
    }
}
