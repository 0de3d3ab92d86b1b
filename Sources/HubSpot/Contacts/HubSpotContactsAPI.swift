import Foundation

/// Contacts (`/crm/v3/objects/contacts`). Get it from ``HubSpotClient/contacts``.
public struct HubSpotContactsAPI: Sendable {
    let client: HubSpotClient
    private static let base = "/crm/v3/objects/contacts"

    /// Creates or updates contacts by primary email (`POST …/batch/upsert`, `idProperty=email`).
    ///
    /// Splits the input into requests of at most 100 and merges duplicates of the same
    /// email (case-insensitive; later properties win). A 207 answer's per-item errors are
    /// returned next to the successes.
    public func batchUpsertByEmail(_ contacts: [ContactUpsert]) async throws -> HubSpotBatchResult<
        HubSpotObject
    > {
        let inputs = Self.mergeByEmail(contacts).map {
            ObjectBatchInput(id: $0.email, idProperty: "email", properties: $0.properties)
        }
        return try await client.runBatches(inputs, id: \.id) { chunk in
            var request = HubSpotRequest(
                operation: "contacts.batchUpsert", method: .post, path: Self.base + "/batch/upsert")
            try request.setBody(HubSpotBatchInput(inputs: chunk))
            return try await client.send(request, as: HubSpotBatchResponse<HubSpotObject>.self)
        }
    }

    /// Reads contacts by primary email (`POST …/batch/read`, `idProperty=email`).
    ///
    /// Emails that match no contact come back as per-item errors (`OBJECT_NOT_FOUND`).
    /// - Parameters:
    ///   - emails: primary emails.
    ///   - properties: properties to return.
    ///   - archived: `true` to read archived (deleted) contacts instead.
    public func batchReadByEmail(_ emails: [String], properties: [String], archived: Bool = false)
        async throws
        -> HubSpotBatchResult<HubSpotObject>
    {
        try await batchRead(
            ids: emails, idProperty: "email", properties: properties, archived: archived)
    }

    /// Reads contacts by contact id (`POST …/batch/read`).
    public func batchReadById(_ ids: [String], properties: [String], archived: Bool = false)
        async throws
        -> HubSpotBatchResult<HubSpotObject>
    {
        try await batchRead(ids: ids, idProperty: nil, properties: properties, archived: archived)
    }

    private func batchRead(ids: [String], idProperty: String?, properties: [String], archived: Bool)
        async throws
        -> HubSpotBatchResult<HubSpotObject>
    {
        let unique = Array(Set(ids)).sorted()
        return try await client.runBatches(unique, id: { $0 }) { chunk in
            var request = HubSpotRequest(
                operation: "contacts.batchRead", method: .post, path: Self.base + "/batch/read")
            request.query = [("archived", archived ? "true" : "false")]
            try request.setBody(
                ObjectBatchReadInput(
                    idProperty: idProperty, inputs: chunk.map { .init(id: $0) }, properties: properties,
                    propertiesWithHistory: []))
            return try await client.send(request, as: HubSpotBatchResponse<HubSpotObject>.self)
        }
    }

    /// Updates contacts by id (`POST …/batch/update`), in requests of at most 100.
    public func batchUpdate(_ updates: [ContactUpdate]) async throws -> HubSpotBatchResult<
        HubSpotObject
    > {
        let inputs = updates.map {
            ObjectBatchInput(id: $0.id, idProperty: nil, properties: $0.properties)
        }
        return try await client.runBatches(inputs, id: \.id) { chunk in
            var request = HubSpotRequest(
                operation: "contacts.batchUpdate", method: .post, path: Self.base + "/batch/update")
            try request.setBody(HubSpotBatchInput(inputs: chunk))
            return try await client.send(request, as: HubSpotBatchResponse<HubSpotObject>.self)
        }
    }

    /// Reads one contact (`GET …/{contactId}`); `nil` when it does not exist (404).
    public func get(id: String, properties: [String], archived: Bool = false) async throws
        -> HubSpotObject?
    {
        var request = HubSpotRequest(
            operation: "contacts.get", method: .get, path: Self.base + "/" + HubSpotRequest.segment(id))
        request.addQuery("properties", values: properties)
        request.query.append(("archived", archived ? "true" : "false"))
        return try await client.sendOrNil(request, as: HubSpotObject.self)
    }

    /// Updates one contact's properties (`PATCH …/{contactId}`).
    public func update(id: String, properties: [String: String]) async throws -> HubSpotObject {
        var request = HubSpotRequest(
            operation: "contacts.update", method: .patch,
            path: Self.base + "/" + HubSpotRequest.segment(id))
        try request.setBody(ObjectPropertiesInput(properties: properties))
        return try await client.send(request, as: HubSpotObject.self)
    }

    /// Archives (deletes) one contact (`DELETE …/{contactId}`).
    public func archive(id: String) async throws {
        let request = HubSpotRequest(
            operation: "contacts.archive", method: .delete,
            path: Self.base + "/" + HubSpotRequest.segment(id))
        try await client.send(request)
    }

    /// Runs one page of a contact search (`POST …/search`; CRM search rate limit).
    public func search(_ search: HubSpotSearchRequest) async throws -> HubSpotSearchPage {
        try await client.search(search, path: Self.base + "/search", operation: "contacts.search")
    }

    /// The contact whose primary email is `email`, if any (search `email EQ`).
    public func findByPrimaryEmail(
        _ email: String, properties: [String] = ["email", "firstname", "lastname"]
    ) async throws
        -> HubSpotObject?
    {
        let filter = HubSpotSearchFilter(propertyName: "email", operator: "EQ", value: email)
        let page = try await search(
            HubSpotSearchRequest(
                filterGroups: [.init(filters: [filter])], properties: properties, limit: 1))
        return page.results.first
    }

    /// Contacts that have `email` as a secondary email (search `hs_additional_emails
    /// CONTAINS_TOKEN`, then an exact, case-insensitive check of the returned list).
    ///
    /// A registration made with such an email must not create a contact nor a timeline event.
    public func findBySecondaryEmail(_ email: String, properties: [String] = ["email"]) async throws
        -> [HubSpotObject]
    {
        let filter = HubSpotSearchFilter(
            propertyName: "hs_additional_emails", operator: "CONTAINS_TOKEN", value: email)
        let wanted = Array(Set(properties + ["hs_additional_emails"])).sorted()
        let page = try await search(
            HubSpotSearchRequest(filterGroups: [.init(filters: [filter])], properties: wanted, limit: 10))
        let needle = email.lowercased()
        return page.results.filter { contact in
            (contact.properties["hs_additional_emails"] ?? "").split(separator: ";")
                .contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == needle }
        }
    }

    /// Merges inputs with the same email (case-insensitive), keeping the first spelling
    /// and order; later property values win. HubSpot rejects a batch with duplicate ids.
    static func mergeByEmail(_ contacts: [ContactUpsert]) -> [ContactUpsert] {
        var order: [String] = []
        var merged: [String: ContactUpsert] = [:]
        for contact in contacts {
            let email = trimmed(contact.email)
            let key = email.lowercased()
            if var existing = merged[key] {
                existing.properties.merge(contact.properties) { _, new in new }
                merged[key] = existing
            } else {
                order.append(key)
                merged[key] = ContactUpsert(email: email, properties: contact.properties)
            }
        }
        return order.compactMap { merged[$0] }
    }

    /// `text` without leading and trailing whitespace; a text that starts and ends with a
    /// non-space ASCII character is returned as is (Foundation's trimming is slow on Linux).
    private static func trimmed(_ text: String) -> String {
        func isPlain(_ byte: UInt8?) -> Bool { byte.map { $0 < 0x80 && $0 != 0x20 && $0 != 0x09 } ?? false }
        guard isPlain(text.utf8.first), isPlain(text.utf8.last) else { return text.trimmingCharacters(in: .whitespaces) }
        return text
    }
}
