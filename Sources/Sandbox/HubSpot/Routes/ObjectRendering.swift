import SwitchyardJSON
import Foundation

/// Renders CRM objects the way HubSpot's v3 object endpoints answer (`SimplePublicObject`,
/// `SimplePublicObjectWithAssociations`, `SimplePublicUpsertObject`).
struct ObjectRendering {
    let objectType: String
    /// Requested properties (empty: the object type's defaults).
    var properties: [String] = []
    /// Requested properties with history.
    var propertiesWithHistory: [String] = []
    /// Requested association types (`contacts`, `calls`), nil for none.
    var associations: [String]? = nil

    /// The rendering of a write's answer: HubSpot returns "a copy of the object" — the default
    /// properties plus every property the request wrote (`calls.json`/`contacts.json`, Create).
    static func afterWrite(objectType: String, written: some Sequence<String>) -> ObjectRendering {
        ObjectRendering(
            objectType: objectType,
            properties: Array(Set(DefaultProperties.defaultReadProperties(for: objectType)).union(written)))
    }

    func render(_ object: HubSpotObject, isNew: Bool? = nil) -> JSONValue {
        let names =
            properties.isEmpty
            ? DefaultProperties.defaultReadProperties(for: objectType)
            : Array(Set(properties + DefaultProperties.alwaysReturned(for: objectType))).sorted()
        var values: [String: JSONValue] = [:]
        for name in names {
            values[name] = .optional(object.properties[name])
        }
        var members: [String: JSONValue] = [
            "id": .string(object.id),
            "properties": .object(values),
            "createdAt": .string(HubSpotTime.format(object.createdAt)),
            "updatedAt": .string(HubSpotTime.format(object.updatedAt)),
            "archived": .bool(object.archivedAt != nil),
        ]
        if let archivedAt = object.archivedAt {
            members["archivedAt"] = .string(HubSpotTime.format(archivedAt))
        }
        if let isNew {
            members["new"] = .bool(isNew)
        }
        if !propertiesWithHistory.isEmpty {
            var history: [String: JSONValue] = [:]
            for name in propertiesWithHistory {
                history[name] = .array(
                    object.properties[name].map { value in
                        [
                            [
                                "value": .string(value), "timestamp": .string(HubSpotTime.format(object.updatedAt)),
                                "sourceType": "API",
                            ]
                        ]
                    } ?? [])
            }
            members["propertiesWithHistory"] = .object(history)
        }
        if let associations {
            var rendered: [String: JSONValue] = [:]
            for type in associations {
                let links = object.associations[type] ?? []
                guard !links.isEmpty else { continue }
                rendered[type] = [
                    "results": .array(
                        links.map { link in
                            [
                                "id": .string(link.toObjectID),
                                "type": .string(Self.associationLabel(from: objectType, to: type)),
                            ]
                        })
                ]
            }
            if !rendered.isEmpty { members["associations"] = .object(rendered) }
        }
        return .object(members)
    }

    /// HubSpot's name of the default association type between two object types.
    static func associationLabel(from source: String, to target: String) -> String {
        "\(source.dropLast())_to_\(target.dropLast())"
    }
}

/// The envelope of a batch answer (`BatchResponse…`): 200/201 without errors, 207 with.
func batchResponse(results: [JSONValue], errors: [JSONValue], startedAt: Date, completedAt: Date)
    -> JSONValue
{
    var members: [String: JSONValue] = [
        "status": "COMPLETE",
        "results": .array(results),
        "startedAt": .string(HubSpotTime.format(startedAt)),
        "completedAt": .string(HubSpotTime.format(completedAt)),
    ]
    if !errors.isEmpty {
        members["errors"] = .array(errors)
        members["numErrors"] = .integer(Int64(errors.count))
    }
    return .object(members)
}
