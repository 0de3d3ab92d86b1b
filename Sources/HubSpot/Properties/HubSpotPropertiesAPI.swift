/// Properties and property groups (`/crm/v3/properties/{objectType}`). Get it from
/// ``HubSpotClient/properties``.
public struct HubSpotPropertiesAPI: Sendable {
    let client: HubSpotClient

    private static func path(_ objectType: String, _ suffix: String = "") -> String {
        "/crm/v3/properties/" + HubSpotRequest.segment(objectType) + suffix
    }

    /// All properties of an object type (`GET /crm/v3/properties/{objectType}`).
    public func list(objectType: String = "contacts") async throws -> [PropertySummary] {
        let request = HubSpotRequest(
            operation: "properties.list", method: .get, path: Self.path(objectType))
        return try await client.send(request, as: HubSpotPage<PropertySummary>.self).results
    }

    /// Creates a property (`POST /crm/v3/properties/{objectType}`); 409 if it exists.
    public func create(_ property: PropertyDefinition, objectType: String = "contacts") async throws
        -> PropertySummary
    {
        var request = HubSpotRequest(
            operation: "properties.create", method: .post, path: Self.path(objectType))
        try request.setBody(property)
        return try await client.send(request, as: PropertySummary.self)
    }

    /// All property groups of an object type (`GET …/groups`).
    public func listGroups(objectType: String = "contacts") async throws -> [PropertyGroupDefinition] {
        let request = HubSpotRequest(
            operation: "properties.listGroups", method: .get, path: Self.path(objectType, "/groups"))
        return try await client.send(request, as: HubSpotPage<PropertyGroupDefinition>.self).results
    }

    /// Creates a property group (`POST …/groups`); 409 if it exists.
    public func createGroup(_ group: PropertyGroupDefinition, objectType: String = "contacts")
        async throws
    {
        var request = HubSpotRequest(
            operation: "properties.createGroup", method: .post, path: Self.path(objectType, "/groups"))
        try request.setBody(group)
        try await client.send(request)
    }

    /// Makes sure a group and its properties exist, creating what is missing.
    ///
    /// Idempotent: reads the existing properties first and creates only the missing
    /// ones; a 409 (created concurrently by someone else) counts as "already exists".
    /// Existing properties are not modified.
    public func ensure(
        group: PropertyGroupDefinition, properties: [PropertyDefinition],
        objectType: String = "contacts"
    )
        async throws -> PropertyEnsureReport
    {
        var report = PropertyEnsureReport(groupCreated: false, created: [], existing: [])
        let groups = try await listGroups(objectType: objectType)
        if !groups.contains(where: { $0.name == group.name }) {
            do {
                try await createGroup(group, objectType: objectType)
                report.groupCreated = true
            } catch let error as HubSpotError where error.isConflict {}
        }
        let existing = Set(try await list(objectType: objectType).map(\.name))
        for property in properties {
            if existing.contains(property.name) {
                report.existing.append(property.name)
                continue
            }
            do {
                _ = try await create(property, objectType: objectType)
                report.created.append(property.name)
            } catch let error as HubSpotError where error.isConflict {
                report.existing.append(property.name)
            }
        }
        return report
    }
}
