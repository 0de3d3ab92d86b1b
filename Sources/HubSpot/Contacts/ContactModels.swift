/// A contact to create or update by its primary email (batch upsert, `idProperty=email`).
public struct ContactUpsert: Sendable, Equatable {
    /// The contact's primary email; HubSpot matches existing contacts by it.
    public var email: String
    /// Property values to write, e.g. `firstname`, `lastname`.
    public var properties: [String: String]

    /// - Parameters:
    ///   - email: the primary email.
    ///   - properties: property values to write.
    public init(email: String, properties: [String: String] = [:]) {
        self.email = email
        self.properties = properties
    }
}

/// A property update of an existing contact, by contact id.
public struct ContactUpdate: Sendable, Equatable {
    /// The contact id.
    public var id: String
    /// Property values to write.
    public var properties: [String: String]

    /// - Parameters:
    ///   - id: the contact id.
    ///   - properties: property values to write.
    public init(id: String, properties: [String: String]) {
        self.id = id
        self.properties = properties
    }
}

/// `SimplePublicObjectBatchInputUpsert` / `SimplePublicObjectBatchInput`: `id` and
/// `properties` are required; `idProperty` names the unique property `id` refers to.
struct ObjectBatchInput: Encodable, Sendable {
    var id: String
    var idProperty: String?
    var properties: [String: String]
}

/// `BatchReadInputSimplePublicObjectId`: `inputs`, `properties` and
/// `propertiesWithHistory` are all required by the spec.
struct ObjectBatchReadInput: Encodable, Sendable {
    struct ObjectId: Encodable, Sendable {
        var id: String
    }

    var idProperty: String?
    var inputs: [ObjectId]
    var properties: [String]
    var propertiesWithHistory: [String]
}

/// `SimplePublicObjectInput`: a property update.
struct ObjectPropertiesInput: Encodable, Sendable {
    var properties: [String: String]
}
