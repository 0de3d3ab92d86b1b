import Foundation

/// The JSON HubSpot posts to a custom workflow action's `actionUrl` (the fields Switchyard
/// reads): `callbackId`, `origin.portalId`, the enrolled `object` with the properties the
/// definition requested, and the `inputFields` (contact tokens already resolved by HubSpot).
struct WorkflowActionPayload: Decodable, Sendable {
    struct Origin: Decodable, Sendable {
        var portalId: Int
        var actionDefinitionId: Int64?
    }

    struct EnrolledObject: Decodable, Sendable {
        var objectId: String
        var objectType: String
        var properties: [String: String]

        enum CodingKeys: String, CodingKey { case objectId, objectType, properties }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            objectId = try container.decodeLoose(.objectId) ?? ""
            objectType = try container.decodeIfPresent(String.self, forKey: .objectType) ?? "CONTACT"
            properties = try container.decodeIfPresent([String: LooseString].self, forKey: .properties)?.compactMapValues(\.value) ?? [:]
        }
    }

    var callbackId: String
    var origin: Origin
    var object: EnrolledObject
    var inputFields: [String: String]

    enum CodingKeys: String, CodingKey { case callbackId, origin, object, inputFields, fields }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        callbackId = try container.decode(String.self, forKey: .callbackId)
        origin = try container.decode(Origin.self, forKey: .origin)
        object = try container.decode(EnrolledObject.self, forKey: .object)
        let inputs =
            try container.decodeIfPresent([String: LooseString].self, forKey: .inputFields)
            ?? container.decodeIfPresent([String: LooseString].self, forKey: .fields) ?? [:]
        inputFields = inputs.compactMapValues(\.value)
    }

    /// Reads only the portal a body claims to come from (before its signature is verified).
    static func claimedPortalID(of body: Data) -> Int? {
        struct Claim: Decodable {
            struct Origin: Decodable { var portalId: Int? }
            var origin: Origin?
        }
        return (try? JSONDecoder().decode(Claim.self, from: body))?.origin?.portalId
    }
}

/// A JSON value read as text: strings as they are, numbers and booleans in their JSON form,
/// null as nil (HubSpot sends ids as numbers and property values as strings).
struct LooseString: Decodable, Sendable {
    var value: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = nil
        } else if let text = try? container.decode(String.self) {
            value = text
        } else if let integer = try? container.decode(Int64.self) {
            value = String(integer)
        } else if let number = try? container.decode(Double.self) {
            value = String(number)
        } else if let flag = try? container.decode(Bool.self) {
            value = String(flag)
        } else {
            value = nil
        }
    }
}

extension KeyedDecodingContainer {
    fileprivate func decodeLoose(_ key: Key) throws -> String? {
        try decodeIfPresent(LooseString.self, forKey: key)?.value
    }
}
