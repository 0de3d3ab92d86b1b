import Foundation
import Sandbox
import Testing

@Suite("HubSpot simulator: timeline, calls, users")
struct HubSpotTimelineAndCallsTests {
    static let developer = "?hapikey=\(HubSpotFixture.developerKey)"

    /// Creates the registration template and returns its id.
    static func createTemplate(_ client: HubSpotTestClient) async throws -> String {
        let reply = try await client.authorized(nil).post(
            "/integrators/timeline/v3/\(HubSpotFixture.appID)/event-templates\(developer)",
            """
            {"name":"Zoom webinar registration","objectType":"contacts","headerTemplate":"Registered for {{webinarName}}",
             "tokens":[{"name":"webinarName","label":"Webinar","type":"string","options":[]},
                       {"name":"webinarId","label":"Webinar id","type":"number","options":[]}]}
            """)
        #expect(reply.status == 201)
        return try #require(reply.json["id"]?.stringValue)
    }

    @Test func timelineEventsAreIdempotentByID() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let templateID = try await Self.createTemplate(client)
            let event = """
                {"eventTemplateId":"\(templateID)","id":"reg-81234567890-ada","email":"ada@example.com",
                 "tokens":{"webinarName":"Launch","webinarId":"81234567890"}}
                """
            let first = try await client.post("/integrators/timeline/v3/events", event)
            #expect(first.status == 201)
            #expect(first.json["objectType"] == "contacts")
            let second = try await client.post("/integrators/timeline/v3/events", event)
            #expect(second.status == 409)
            #expect(second.json["category"] == "OBJECT_ALREADY_EXISTS")
            let batch = try await client.post(
                "/integrators/timeline/v3/events/batch/create", #"{"inputs":[\#(event)]}"#)
            #expect(batch.status == 207)
            #expect(batch.json["errors", 0, "status"] == "error")
            let read = try await client.get(
                "/integrators/timeline/v3/events/\(templateID)/reg-81234567890-ada")
            #expect(read.json["tokens", "webinarName"] == "Launch")
            let portal = try #require(simulator.snapshot(portalID: HubSpotFixture.portalID))
            #expect(portal.timelineEvents.count == 1)
            #expect(portal.timelineEvents.first?.objectID == portal.contact(email: "ada@example.com")?.id)
        }
    }

    @Test func timelineEventByUnknownEmailCreatesTheContactAndChecksTokens() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let templateID = try await Self.createTemplate(client)
            let created = try await client.post(
                "/integrators/timeline/v3/events",
                #"{"eventTemplateId":"\#(templateID)","id":"e1","email":"walk-in@example.com","tokens":{"webinarName":"Launch"}}"#
            )
            #expect(created.status == 201)
            let badToken = try await client.post(
                "/integrators/timeline/v3/events",
                #"{"eventTemplateId":"\#(templateID)","id":"e2","email":"ada@example.com","tokens":{"webinarId":"not-a-number"}}"#
            )
            #expect(badToken.status == 400)
            let noID = try await client.post(
                "/integrators/timeline/v3/events",
                #"{"eventTemplateId":"\#(templateID)","email":"ada@example.com","tokens":{}}"#)
            #expect(noID.status == 400)
            #expect(noID.json["errors", 0, "in"] == "id")
            let portal = try #require(simulator.snapshot(portalID: HubSpotFixture.portalID))
            #expect(portal.contact(email: "walk-in@example.com") != nil)
            #expect(portal.timelineEvents.map(\.id) == ["e1"])
            #expect(portal.timelineTemplates.first?.tokens.map(\.name) == ["webinarName", "webinarId"])
        }
    }

    @Test func callsAreCreatedWithAssociationsToContacts() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let contactID = try #require(
                simulator.snapshot(portalID: HubSpotFixture.portalID)?.contacts.first?.id)
            let association =
                #"[{"to":{"id":"\#(contactID)"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":194}]}]"#
            let call = try await client.post(
                "/crm/v3/objects/calls",
                """
                {"properties":{"hs_timestamp":"2025-06-15T16:00:00Z","hs_call_title":"Launch webinar recording",
                 "hs_call_recording_url":"https://zoom.example/rec/1","hs_call_body":"WEBVTT transcript"},
                 "associations":\(association)}
                """)
            #expect(call.status == 201)
            let callID = try #require(call.json["id"]?.stringValue)
            let read = try await client.get(
                "/crm/v3/objects/calls/\(callID)?associations=contacts&properties=hs_call_recording_url")
            #expect(read.json["associations", "contacts", "results", 0, "id"] == .string(contactID))
            #expect(read.json["properties", "hs_call_recording_url"] == "https://zoom.example/rec/1")
            let missingAssociations = try await client.post(
                "/crm/v3/objects/calls", #"{"properties":{"hs_timestamp":"2025-06-15T16:00:00Z"}}"#)
            #expect(missingAssociations.status == 400)
            let noTimestamp = try await client.post(
                "/crm/v3/objects/calls", #"{"properties":{},"associations":[]}"#)
            #expect(noTimestamp.json["errors", 0, "code"] == "REQUIRED_PROPERTY")
            let unknownContact = try await client.post(
                "/crm/v3/objects/calls/batch/create",
                #"{"inputs":[{"properties":{"hs_timestamp":"1750003200000"},"associations":[{"to":{"id":"999999"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":194}]}]}]}"#
            )
            #expect(unknownContact.status == 207)
            let portal = try #require(simulator.snapshot(portalID: HubSpotFixture.portalID))
            #expect(portal.calls.count == 1)
            #expect(portal.calls.first?.associations["contacts"]?.map(\.toObjectID) == [contactID])
            #expect(portal.contacts.first?.associations["calls"]?.map(\.toObjectID) == [callID])
        }
    }

    @Test func usersOnBothPathsAndBusinessUnits() async throws {
        try await HubSpotFixture.withSimulator { _, client in
            let settings = try await client.get("/settings/v3/users/")
            #expect(settings.status == 200)
            #expect(
                settings.json["results"]?.arrayValue.compactMap { $0["email"]?.stringValue } == [
                    "admin@northwind.example", "sales@northwind.example",
                ])
            let crm = try await client.get("/crm/v3/objects/users?properties=hs_email")
            #expect(crm.json["results", 1, "properties", "hs_email"] == "sales@northwind.example")
            let alias = try await client.get("/settings/users/v3")
            #expect(alias.status == 200)
            #expect(alias.json["results"]?.arrayValue.count == 2)
            let units = try await client.get("/business-units/v3/business-units/user/501")
            #expect(
                units.json == [
                    "results": [["id": "0", "name": "Account"], ["id": "3411", "name": "EMEA"]]
                ])
            #expect(try await client.get("/business-units/v3/business-units/user/999").status == 404)
        }
    }
}
