import Foundation

/// A CRM record as HubSpot returns it (`SimplePublicObject`, `SimplePublicUpsertObject`,
/// `SimplePublicObjectWithAssociations`): its id and the requested properties.
public struct HubSpotObject: Decodable, Sendable, Equatable {
    /// The record id (for contacts: the contact id, `hs_object_id`).
    public var id: String
    /// Property values by name; properties HubSpot returned as `null` are absent.
    public var properties: [String: String]
    /// When the record was created.
    public var createdAt: Date?
    /// When the record was last updated.
    public var updatedAt: Date?
    /// Whether the record is archived (deleted).
    public var archived: Bool
    /// For upserts: `true` when the record was created by this call, `false` when updated.
    public var isNew: Bool?

    /// Creates a record (tests and fakes).
    public init(
        id: String, properties: [String: String], createdAt: Date? = nil, updatedAt: Date? = nil,
        archived: Bool = false, isNew: Bool? = nil
    ) {
        self.id = id
        self.properties = properties
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.archived = archived
        self.isNew = isNew
    }

    enum CodingKeys: String, CodingKey {
        case id, properties, createdAt, updatedAt, archived
        case isNew = "new"
    }

    /// Decodes a record, dropping `null` property values.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        let raw = try container.decodeIfPresent([String: String?].self, forKey: .properties) ?? [:]
        properties = raw.compactMapValues { $0 }
        createdAt = try container.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try container.decodeIfPresent(Date.self, forKey: .updatedAt)
        archived = try container.decodeIfPresent(Bool.self, forKey: .archived) ?? false
        isNew = try container.decodeIfPresent(Bool.self, forKey: .isNew)
    }
}

/// An association from a new record to an existing one (`PublicAssociationsForObject`).
public struct HubSpotAssociation: Codable, Sendable, Equatable {
    /// The association type (`AssociationSpec`).
    public struct Kind: Codable, Sendable, Equatable {
        /// `HUBSPOT_DEFINED`, `USER_DEFINED`, `INTEGRATOR_DEFINED` or `WORK`.
        public var associationCategory: String
        /// The association type id, e.g. 194 for call → contact.
        public var associationTypeId: Int

        /// - Parameters:
        ///   - associationCategory: the category.
        ///   - associationTypeId: the type id.
        public init(associationCategory: String, associationTypeId: Int) {
            self.associationCategory = associationCategory
            self.associationTypeId = associationTypeId
        }

        /// HubSpot-defined call → contact association (type id 194).
        public static let callToContact = Kind(
            associationCategory: "HUBSPOT_DEFINED", associationTypeId: 194)
    }

    /// The target record (`PublicObjectId`).
    public struct Target: Codable, Sendable, Equatable {
        /// The target record's id.
        public var id: String
    }

    /// The target record.
    public var to: Target
    /// The association types to create (at least one).
    public var types: [Kind]

    /// - Parameters:
    ///   - id: the target record's id.
    ///   - types: the association types.
    public init(to id: String, types: [Kind]) {
        self.to = Target(id: id)
        self.types = types
    }
}

/// A page cursor (`Paging.next`).
struct HubSpotPaging: Decodable, Sendable {
    struct Next: Decodable, Sendable {
        var after: String
    }

    var next: Next?
}

/// One page of a list answer (`CollectionResponse…`).
struct HubSpotPage<Item: Decodable & Sendable>: Decodable, Sendable {
    var results: [Item]
    var paging: HubSpotPaging?
    var total: Int?
}

/// The `{"inputs": [...]}` envelope of batch requests.
struct HubSpotBatchInput<Input: Encodable & Sendable>: Encodable, Sendable {
    var inputs: [Input]
}
