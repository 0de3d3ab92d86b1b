import SwitchyardJSON
import Foundation

/// HubSpot's default association types between the object types the simulator serves.
enum AssociationTypes {
    /// (source, target) → HUBSPOT_DEFINED type id.
    static let defined: [String: Int] = ["calls->contacts": 194, "contacts->calls": 193]

    static func typeID(from source: String, to target: String) -> Int? {
        defined["\(source)->\(target)"]
    }

    /// The target object type of a HUBSPOT_DEFINED type id created from `source`.
    static func target(from source: String, typeID: Int) -> String? {
        defined.first { key, value in value == typeID && key.hasPrefix("\(source)->") }
            .map { String($0.key.split(separator: ">").last ?? "") }
    }
}

extension PortalState {
    /// Validates the `associations` of a create input and resolves them to links.
    func resolveAssociations(_ inputs: [JSONValue], from source: String) throws(HubSpotAPIError)
        -> [String: [HubSpotAssociation]]
    {
        var links: [String: [HubSpotAssociation]] = [:]
        for input in inputs {
            let toID = input["to"]?["id"]?.stringValue ?? ""
            for type in input["types"]?.arrayValue ?? [] {
                let category = type["associationCategory"]?.stringValue ?? ""
                let typeID = Int(type["associationTypeId"]?.int64Value ?? -1)
                guard category == "HUBSPOT_DEFINED",
                    let target = AssociationTypes.target(from: source, typeID: typeID)
                else {
                    throw HubSpotAPIError.validation(
                        "association type id \(typeID) (\(category)) doesn't exist between \(source) and the target object",
                        errors: [
                            HubSpotErrorDetail(
                                message: "invalid association type", in: "associations", code: "INVALID_ASSOCIATION"
                            )
                        ])
                }
                guard objects[target]?.active[toID] != nil else {
                    throw HubSpotAPIError.validation(
                        "One or more associations are invalid: \(target.dropLast()) \(toID) does not exist",
                        errors: [
                            HubSpotErrorDetail(
                                message: "\(target) \(toID) not found", in: "associations", code: "OBJECT_NOT_FOUND"
                            )
                        ])
                }
                links[target, default: []].append(
                    HubSpotAssociation(toObjectID: toID, category: category, typeID: typeID))
            }
        }
        return links
    }

    /// Creates an object after validating its properties and associations, and writes the
    /// reverse associations on the targets.
    mutating func createObject(
        _ objectType: String, properties: [String: String], associationInputs: [JSONValue], now: Date
    ) throws(HubSpotAPIError) -> HubSpotObject {
        let errors =
            validateWrite(objectType, properties) + requiredPropertyErrors(objectType, properties)
        guard errors.isEmpty else {
            throw HubSpotAPIError.invalidProperties(errors, portalID: credentials.portalID)
        }
        if objectType == "contacts", let email = properties["email"],
            let existing = contact(byEmail: email)
        {
            throw HubSpotAPIError.conflict(
                "Contact already exists. Existing ID: \(existing.contact.id)",
                context: ["id": [existing.contact.id]])
        }
        let links = try resolveAssociations(associationInputs, from: objectType)
        let object = insertObject(objectType, properties: properties, associations: links, now: now)
        for (target, targetLinks) in links {
            for link in targetLinks {
                guard var other = objects[target]?.active[link.toObjectID] else { continue }
                let reverse = HubSpotAssociation(
                    toObjectID: object.id, category: "HUBSPOT_DEFINED",
                    typeID: AssociationTypes.typeID(from: target, to: objectType) ?? 0)
                other.associations[objectType, default: []].append(reverse)
                objects[target]?.put(other)
            }
        }
        return object
    }

    /// Properties HubSpot requires on create (`hs_timestamp` on engagements such as calls).
    func requiredPropertyErrors(_ objectType: String, _ properties: [String: String])
        -> [PropertyValueError]
    {
        guard objectType == "calls", (properties["hs_timestamp"] ?? "").isEmpty else { return [] }
        return [
            PropertyValueError(
                name: "hs_timestamp", code: "REQUIRED_PROPERTY", message: "hs_timestamp is required")
        ]
    }

    /// Batch upsert of contacts by `idProperty` (`email`, a unique property, or the record id).
    ///
    /// An email that is another contact's secondary email (`hs_additional_emails`) resolves to
    /// that contact, as HubSpot's identity resolution does: the contact is updated and its
    /// primary email is left unchanged. Archived contacts do not match (a new contact is created).
    mutating func upsertContacts(_ inputs: [JSONValue], now: Date) -> (
        results: [JSONValue], errors: [JSONValue]
    ) {
        var results: [JSONValue] = []
        var errors: [JSONValue] = []
        for input in inputs {
            let id = input["id"]?.stringValue ?? ""
            let idProperty = input["idProperty"]?.stringValue ?? "hs_object_id"
            var changes = input["properties"]?.stringMap ?? [:]
            let rendering = ObjectRendering.afterWrite(objectType: "contacts", written: changes.keys)
            var problems = validateWrite("contacts", changes)
            if idProperty == "email", !EmailAddressCheck.isValid(id) {
                problems.append(
                    PropertyValueError(
                        name: "email", code: "INVALID_EMAIL", message: "Email address \(id) is invalid"))
            }
            guard problems.isEmpty else {
                errors.append(itemError(problems, id: id))
                continue
            }
            if let existing = object("contacts", id: id, idProperty: idProperty, archived: false) {
                if idProperty == "email", changes["email"]?.lowercased() == id.lowercased() {
                    changes["email"] = nil
                }
                if let updated = updateObject("contacts", id: existing.id, changes: changes, now: now) {
                    results.append(rendering.render(updated, isNew: false))
                }
            } else if idProperty == "email" {
                changes["email"] = changes["email"] ?? id
                results.append(
                    rendering.render(insertObject("contacts", properties: changes, now: now), isNew: true))
            } else if idProperty != "hs_object_id",
                properties["contacts"]?[idProperty]?.hasUniqueValue == true
            {
                changes[idProperty] = id
                results.append(
                    rendering.render(insertObject("contacts", properties: changes, now: now), isNew: true))
            } else {
                errors.append(
                    standardError(
                        category: "OBJECT_NOT_FOUND",
                        message: "Could not find contact with \(idProperty) \(id)",
                        context: ["ids": [id]]))
            }
        }
        return (results, errors)
    }

    /// The per-input error of a batch answer for refused property values.
    func itemError(_ problems: [PropertyValueError], id: String) -> JSONValue {
        var error = standardError(
            category: "VALIDATION_ERROR",
            message: HubSpotAPIError.propertyValuesMessage(problems, portalID: credentials.portalID),
            context: ["propertyName": problems.map(\.name), "ids": [id]],
            errors: HubSpotAPIError.propertyErrorDetails(problems))
        if case .object(var members) = error {
            members["id"] = .string(id)
            error = .object(members)
        }
        return error
    }
}
