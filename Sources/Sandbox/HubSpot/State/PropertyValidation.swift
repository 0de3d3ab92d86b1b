import SwitchyardJSON
import Foundation

/// Why one property value was refused (HubSpot's property-validation result).
struct PropertyValueError: Sendable, Equatable {
    /// Property name.
    var name: String
    /// HubSpot's code: `PROPERTY_DOESNT_EXIST`, `READ_ONLY_VALUE`, `INVALID_EMAIL`, `INVALID_OPTION`, ….
    var code: String
    var message: String
}

extension PortalState {
    /// Checks property values about to be written to an object of `objectType`.
    func validateWrite(_ objectType: String, _ values: [String: String]) -> [PropertyValueError] {
        let definitions = properties[objectType] ?? [:]
        return values.keys.sorted().compactMap { name in
            let value = values[name] ?? ""
            guard let definition = definitions[name] else {
                return PropertyValueError(
                    name: name, code: "PROPERTY_DOESNT_EXIST", message: "Property \"\(name)\" does not exist")
            }
            if definition.readOnlyValue {
                return PropertyValueError(
                    name: name, code: "READ_ONLY_VALUE",
                    message: "\"\(name)\" is a read only property; its value cannot be set.")
            }
            guard !value.isEmpty else { return nil }
            if name == "email", !EmailAddressCheck.isValid(value) {
                return PropertyValueError(
                    name: name, code: "INVALID_EMAIL", message: "Email address \(value) is invalid")
            }
            switch definition.type {
            case "enumeration" where !definition.options.isEmpty:
                let allowed = Set(definition.options.map(\.value))
                let chosen =
                    definition.fieldType == "checkbox"
                    ? value.split(separator: ";").map(String.init) : [value]
                if let bad = chosen.first(where: { !allowed.contains($0) }) {
                    return PropertyValueError(
                        name: name, code: "INVALID_OPTION",
                        message:
                            "\(bad) was not one of the allowed options: \(definition.options.map(\.value).sorted())"
                    )
                }
            case "number" where Double(value) == nil:
                return PropertyValueError(
                    name: name, code: "INVALID_INTEGER", message: "\(value) is not a valid number")
            case "date", "datetime":
                if HubSpotTime.parse(value) == nil {
                    return PropertyValueError(
                        name: name, code: "INVALID_DATE",
                        message: "\(value) is not a valid date (epoch milliseconds or ISO 8601)")
                }
            case "bool" where value != "true" && value != "false":
                return PropertyValueError(
                    name: name, code: "INVALID_BOOLEAN", message: "\(value) is not a valid boolean")
            default:
                break
            }
            return nil
        }
    }
}

/// HubSpot's acceptance test for an email address (one `@`, a dotted domain, no spaces).
enum EmailAddressCheck {
    static func isValid(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !email.contains(where: \.isWhitespace) else {
            return false
        }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty } && (labels.last?.count ?? 0) >= 2
    }
}

extension HubSpotAPIError {
    /// HubSpot's 400 for refused property values: the results are embedded as JSON text in
    /// the message, as HubSpot does.
    static func invalidProperties(_ errors: [PropertyValueError], portalID: Int, id: String? = nil)
        -> HubSpotAPIError
    {
        HubSpotAPIError(
            .badRequest, category: "VALIDATION_ERROR",
            message: propertyValuesMessage(errors, portalID: portalID),
            errors: propertyErrorDetails(errors),
            context: id.map { ["propertyName": errors.map(\.name), "ids": [$0]] })
    }

    static func propertyValuesMessage(_ errors: [PropertyValueError], portalID: Int) -> String {
        let results: [JSONValue] = errors.map { error in
            [
                "isValid": false, "message": .string(error.message), "error": .string(error.code),
                "name": .string(error.name),
                "localizedErrorMessage": .string(error.message), "portalId": .integer(Int64(portalID)),
            ]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text =
            (try? encoder.encode(JSONValue.array(results))).map { String(decoding: $0, as: UTF8.self) }
            ?? "[]"
        return "Property values were not valid: \(text)"
    }

    static func propertyErrorDetails(_ errors: [PropertyValueError]) -> [HubSpotErrorDetail] {
        errors.map {
            HubSpotErrorDetail(message: $0.message, code: $0.code, context: ["propertyName": [$0.name]])
        }
    }
}

/// One entry of the `errors` array of a 207 batch response (the spec's `StandardError`).
func standardError(
    category: String, message: String, context: [String: [String]] = [:],
    errors: [HubSpotErrorDetail] = [],
    subCategory: String? = nil
) -> JSONValue {
    var members: [String: JSONValue] = [
        "status": "error", "category": .string(category), "message": .string(message),
        "context": .object(context.mapValues(JSONValue.strings)),
        "errors": .array(errors.map(\.jsonValue)),
        "links": .object([:]),
    ]
    if let subCategory { members["subCategory"] = .string(subCategory) }
    return .object(members)
}
