import Foundation
import HubSpot
import Testing

/// A HubSpot contact record as JSON.
func contactJSON(id: String, email: String, extra: [String: Any] = [:], isNew: Bool? = nil)
    -> [String: Any]
{
    var properties: [String: Any] = ["email": email, "hs_object_id": id, "firstname": NSNull()]
    properties.merge(extra) { _, new in new }
    var object: [String: Any] = [
        "id": id, "properties": properties, "archived": false,
        "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00Z",
    ]
    if let isNew { object["new"] = isNew }
    return object
}

func batchAnswer(status: Int, results: [[String: Any]], errors: [[String: Any]] = [])
    -> ScriptedResponse
{
    var body: [String: Any] = [
        "status": "COMPLETE", "results": results,
        "startedAt": "2026-01-01T00:00:00.000Z", "completedAt": "2026-01-01T00:00:01.000Z",
    ]
    if !errors.isEmpty {
        body["errors"] = errors
        body["numErrors"] = errors.count
    }
    return .json(status, body)
}

@Suite("Contacts")
struct ContactsTests {
    @Test("250 contacts are upserted by email in 3 requests of at most 100")
    func upsertChunks() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            guard request.method == "POST", request.path == "/crm/v3/objects/contacts/batch/upsert" else {
                return .error(
                    404, category: "OBJECT_NOT_FOUND", message: "unexpected \(request.method) \(request.path)"
                )
            }
            if let missing = ScriptedResponse.missingFields(["inputs"], in: request.json) {
                return missing
            }
            for input in request.inputs {
                if let missing = ScriptedResponse.missingFields(
                    ["id", "properties"], in: input, where: "input")
                {
                    return missing
                }
            }
            let results = request.inputs.map { input in
                contactJSON(
                    id: "c-\(input["id"] as? String ?? "")", email: input["id"] as? String ?? "", isNew: true)
            }
            return batchAnswer(status: 200, results: results)
        }
        let contacts = (0..<250).map {
            ContactUpsert(email: "person\($0)@example.com", properties: ["firstname": "P\($0)"])
        }
        let result = try await server.run { client, _ in
            try await client.contacts.batchUpsertByEmail(contacts)
        }

        let requests = server.requests
        #expect(requests.map(\.inputs.count) == [100, 100, 50])
        let first = try #require(requests.first?.inputs.first)
        #expect(first["id"] as? String == "person0@example.com")
        #expect(first["idProperty"] as? String == "email")
        #expect((first["properties"] as? [String: String])?["firstname"] == "P0")
        #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer \(testToken)" })
        #expect(result.results.count == 250)
        #expect(result.results.first?.isNew == true)
        #expect(result.results.first?.properties["firstname"] == nil)  // null property dropped
        #expect(result.isComplete)
    }

    @Test("Duplicate emails in one upsert are merged (HubSpot rejects duplicate ids)")
    func upsertMergesDuplicates() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            batchAnswer(
                status: 200,
                results: request.inputs.map { contactJSON(id: "1", email: $0["id"] as? String ?? "") })
        }
        _ = try await server.run { client, _ in
            try await client.contacts.batchUpsertByEmail([
                ContactUpsert(email: "Ada@Example.com", properties: ["firstname": "Ada"]),
                ContactUpsert(email: "ada@example.com ", properties: ["lastname": "Lovelace"]),
            ])
        }
        let inputs = try #require(server.requests.first).inputs
        #expect(inputs.count == 1)
        #expect(
            inputs.first?["properties"] as? [String: String] == [
                "firstname": "Ada", "lastname": "Lovelace",
            ])
    }

    @Test("A 207 multi-status answer keeps the successes and reports per-item errors")
    func multiStatus() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { _, _ in
            batchAnswer(
                status: 207,
                results: [
                    contactJSON(id: "1", email: "a@example.com"),
                    contactJSON(id: "2", email: "b@example.com"),
                ],
                errors: [
                    [
                        "status": "error", "category": "VALIDATION_ERROR",
                        "message": "Email address bad@ is invalid",
                        "context": ["ids": ["bad@"]], "errors": [], "links": [:], "subCategory": [:],
                    ]
                ])
        }
        let result = try await server.run { client, _ in
            try await client.contacts.batchUpsertByEmail(
                ["a@example.com", "b@example.com", "bad@"].map { ContactUpsert(email: $0, properties: [:]) }
            )
        }
        #expect(result.results.map(\.id) == ["1", "2"])
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.category == "VALIDATION_ERROR")
        #expect(result.errors.first?.inputIds == ["bad@"])
        #expect(!result.isComplete)
    }

    @Test("A request failing as a whole is reported with its inputs; other chunks still succeed")
    func wholeChunkFailure() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, index in
            if index == 0 {
                return .error(400, category: "VALIDATION_ERROR", message: "Invalid input JSON")
            }
            return batchAnswer(
                status: 200,
                results: request.inputs.map { contactJSON(id: "x", email: $0["id"] as? String ?? "") })
        }
        let contacts = (0..<150).map { ContactUpsert(email: "p\($0)@example.com") }
        let result = try await server.run { client, _ in
            try await client.contacts.batchUpsertByEmail(contacts)
        }
        #expect(result.results.count == 50)
        #expect(result.failedRequests.count == 1)
        #expect(result.failedRequests.first?.inputIds.count == 100)
        #expect(result.failedRequests.first?.error.category == "VALIDATION_ERROR")
    }

    @Test("Batch read by email sends idProperty, properties, propertiesWithHistory and archived")
    func batchRead() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            if let missing = ScriptedResponse.missingFields(
                ["inputs", "properties", "propertiesWithHistory"], in: request.json)
            {
                return missing
            }
            return batchAnswer(
                status: 207, results: [contactJSON(id: "7", email: "a@example.com")],
                errors: [
                    [
                        "status": "error", "category": "OBJECT_NOT_FOUND",
                        "message": "Could not get some CONTACT objects",
                        "context": ["ids": ["gone@example.com"]],
                    ]
                ])
        }
        let result = try await server.run { client, _ in
            try await client.contacts.batchReadByEmail(
                ["a@example.com", "gone@example.com"], properties: ["email", "firstname"])
        }
        let request = try #require(server.requests.first)
        #expect(request.path == "/crm/v3/objects/contacts/batch/read")
        #expect(request.queryValues("archived") == ["false"])
        #expect(request.json["idProperty"] as? String == "email")
        #expect(request.json["properties"] as? [String] == ["email", "firstname"])
        #expect(request.json["propertiesWithHistory"] as? [String] == [])
        #expect(result.results.map(\.id) == ["7"])
        #expect(result.errors.first?.inputIds == ["gone@example.com"])
    }

    @Test("Search by secondary email sends every required search field and keeps exact matches only")
    func searchBySecondaryEmail() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            if let missing = ScriptedResponse.missingFields(
                ["after", "filterGroups", "limit", "properties", "sorts"], in: request.json)
            {
                return missing
            }
            return .json(
                200,
                [
                    "total": 2,
                    "results": [
                        contactJSON(
                            id: "1", email: "ada@primary.example",
                            extra: ["hs_additional_emails": "other@x.example;ada@example.com"]),
                        contactJSON(
                            id: "2", email: "eve@example.com", extra: ["hs_additional_emails": "xada@example.com"]
                        ),
                    ],
                ])
        }
        let matches = try await server.run { client, _ in
            try await client.contacts.findBySecondaryEmail("Ada@Example.com")
        }
        let request = try #require(server.requests.first)
        #expect(request.path == "/crm/v3/objects/contacts/search")
        let json = request.json
        let filter = try #require(
            ((json["filterGroups"] as? [[String: Any]])?.first?["filters"] as? [[String: Any]])?.first)
        #expect(filter["propertyName"] as? String == "hs_additional_emails")
        #expect(filter["operator"] as? String == "CONTAINS_TOKEN")
        #expect(filter["value"] as? String == "Ada@Example.com")
        #expect(json["after"] as? String == "0")
        #expect(json["sorts"] as? [String] == [])
        #expect((json["properties"] as? [String])?.contains("hs_additional_emails") == true)
        #expect(matches.map(\.id) == ["1"])
    }

    @Test("Get returns nil for a deleted contact (404) and escapes the id in the path")
    func getMissing() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { _, _ in
            .error(404, category: "OBJECT_NOT_FOUND", message: "resource not found")
        }
        let contact = try await server.run { client, _ in
            try await client.contacts.get(id: "a/b", properties: ["email", "firstname"])
        }
        #expect(contact == nil)
        let request = try #require(server.requests.first)
        #expect(request.path == "/crm/v3/objects/contacts/a%2Fb")
        #expect(request.queryValues("properties") == ["email", "firstname"])
        #expect(server.requests.count == 1)
    }
}
