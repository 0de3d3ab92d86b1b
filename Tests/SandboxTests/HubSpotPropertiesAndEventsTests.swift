import Foundation
import Sandbox
import Testing

@Suite("HubSpot simulator: properties and marketing events")
struct HubSpotPropertiesAndEventsTests {
    static let property = """
        {"name":"zoom_webinar_registrations","label":"Total Zoom webinar registrations","type":"number",
         "fieldType":"number","groupName":"zoom"}
        """

    @Test func propertiesAndGroupsAnswer409OnDuplicates() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let group = try await client.post(
                "/crm/v3/properties/contacts/groups", #"{"name":"zoom","label":"Zoom"}"#)
            #expect(group.status == 201)
            #expect(group.json["archived"] == false)
            let groupAgain = try await client.post(
                "/crm/v3/properties/contacts/groups", #"{"name":"zoom","label":"Zoom"}"#)
            #expect(groupAgain.status == 409)
            #expect(groupAgain.json["category"] == "OBJECT_ALREADY_EXISTS")
            let created = try await client.post("/crm/v3/properties/contacts", Self.property)
            #expect(created.status == 201)
            #expect(created.json["hubspotDefined"] == false)
            let again = try await client.post("/crm/v3/properties/contacts", Self.property)
            #expect(again.status == 409)
            #expect(again.json["status"] == "error")
            #expect(
                again.json["message"] == "Property named 'zoom_webinar_registrations' already exists.")
            let read = try await client.get("/crm/v3/properties/contacts/zoom_webinar_registrations")
            #expect(read.json["type"] == "number")
            let all = try await client.get("/crm/v3/properties/contacts")
            #expect(
                all.json["results"]?.arrayValue.contains { $0["name"] == "zoom_webinar_registrations" }
                    == true)
            #expect(try await client.get("/crm/v3/properties/contacts/no_such_property").status == 404)
            let portal = try #require(simulator.snapshot(portalID: HubSpotFixture.portalID))
            #expect(
                portal.properties["contacts"]?.contains { $0.name == "zoom_webinar_registrations" } == true)
            // The new property can now be written, with number validation.
            let write = try await client.post(
                "/crm/v3/objects/contacts/batch/upsert",
                #"{"inputs":[{"id":"ada@example.com","idProperty":"email","properties":{"zoom_webinar_registrations":"three"}}]}"#
            )
            #expect(write.status == 207)
        }
    }

    @Test func propertyCreateWithoutRequiredFieldsIsRefused() async throws {
        try await HubSpotFixture.withSimulator { _, client in
            let reply = try await client.post("/crm/v3/properties/contacts", #"{"name":"x","label":"X"}"#)
            #expect(reply.status == 400)
            #expect(reply.json["message"]?.stringValue?.hasSuffix("[fieldType, groupName, type]") == true)
        }
    }

    static let event = """
        {"externalAccountId":"zoom-acct-1","externalEventId":"81234567890","eventName":"Launch webinar",
         "eventOrganizer":"Northwind","eventType":"WEBINAR","startDateTime":"2025-06-15T15:00:00.000Z",
         "endDateTime":"2025-06-15T16:00:00.000Z","customProperties":[]}
        """

    @Test func marketingEventCreateRequiresCustomProperties() async throws {
        try await HubSpotFixture.withSimulator { _, client in
            let reply = try await client.post(
                "/marketing/v3/marketing-events/events",
                #"{"externalAccountId":"a","externalEventId":"1","eventName":"n","eventOrganizer":"o"}"#)
            #expect(reply.status == 400)
            #expect(reply.json["errors", 0, "in"] == "customProperties")
        }
    }

    @Test func attendanceRegisterAttendCancelUpdatesCounters() async throws {
        let clock = ManualClock(HubSpotFixture.start)
        try await HubSpotFixture.withSimulator(clock: clock) { simulator, client in
            let created = try await client.post("/marketing/v3/marketing-events/events", Self.event)
            #expect(created.status == 200)
            #expect(created.json["objectId"]?.stringValue != nil)
            let path = "/marketing/v3/marketing-events/attendance/81234567890"
            let query = "/email-create?externalAccountId=zoom-acct-1"
            func input(_ email: String, _ properties: String = "{}") -> String {
                #"{"email":"\#(email)","interactionDateTime":1749999600000,"properties":\#(properties),"contactProperties":{"firstname":"New"}}"#
            }
            let register = try await client.post(
                path + "/register" + query,
                #"{"inputs":[\#(input("ada@example.com")),\#(input("newbie@example.com")),\#(input("leaver@example.com"))]}"#
            )
            #expect(register.status == 200)
            #expect(register.json["results"]?.arrayValue.count == 3)
            let attend = try await client.post(
                path + "/attend" + query,
                #"{"inputs":[\#(input("ada@example.com", #"{"joinedAt":"2025-06-15T15:00:00Z","leftAt":"2025-06-15T15:30:00Z"}"#))]}"#
            )
            #expect(attend.status == 200)
            let cancel = try await client.post(
                path + "/cancel" + query, #"{"inputs":[\#(input("leaver@example.com"))]}"#)
            #expect(cancel.status == 200)
            let refused = try await client.post(
                path + "/register" + query,
                #"{"inputs":[\#(input("x@example.com", #"{"joinedAt":"2025-06-15T15:00:00Z"}"#))]}"#)
            #expect(refused.json["numErrors"] == 1)

            let path2 = "/marketing/v3/marketing-events/participations/zoom-acct-1/81234567890"
            let during = try await client.get(path2)
            #expect(during.json == ["registered": 3, "attended": 1, "cancelled": 1, "noShows": 0])
            clock.advance(seconds: 7200)
            let after = try await client.get(path2)
            #expect(after.json == ["registered": 3, "attended": 1, "cancelled": 1, "noShows": 1])
            let read = try await client.get(
                "/marketing/v3/marketing-events/events/81234567890?externalAccountId=zoom-acct-1")
            #expect(read.json["attendees"] == 1)
            #expect(read.json["registrants"] == 3)
            let breakdown = try await client.get(
                "/marketing/v3/marketing-events/participations/zoom-acct-1/81234567890/breakdown?state=ATTENDED"
            )
            #expect(breakdown.json["total"] == 1)
            #expect(breakdown.json["results", 0, "properties", "attendanceDurationSeconds"] == 1800)
            #expect(breakdown.json["results", 0, "properties", "attendancePercentage"] == "50")

            let portal = try #require(simulator.snapshot(portalID: HubSpotFixture.portalID))
            #expect(portal.contact(email: "newbie@example.com")?.properties["firstname"] == "New")
            #expect(portal.contact(email: "ada@example.com")?.properties["firstname"] == "Ada")
            let participations = try #require(portal.marketingEvents.first?.participations)
            #expect(participations.map(\.state) == [.attended, .registered, .cancelled])
        }
    }

    @Test func eventUpdateCancelAndCompleteByExternalIDs() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            _ = try await client.post("/marketing/v3/marketing-events/events", Self.event)
            let base = "/marketing/v3/marketing-events/events/81234567890"
            let patch = try await client.send(
                .PATCH, base + "?externalAccountId=zoom-acct-1",
                json: #"{"eventName":"Renamed","customProperties":[]}"#)
            #expect(patch.json["eventName"] == "Renamed")
            let noAccount = try await client.post(base + "/cancel", "{}")
            #expect(noAccount.status == 400)
            let cancel = try await client.post(base + "/cancel?externalAccountId=zoom-acct-1", "{}")
            #expect(cancel.json["eventCancelled"] == true)
            let complete = try await client.post(
                base + "/complete?externalAccountId=zoom-acct-1",
                #"{"startDateTime":"2025-06-15T15:02:00Z","endDateTime":"2025-06-15T16:05:00Z"}"#)
            #expect(complete.json["eventCompleted"] == true)
            let event = try #require(
                simulator.snapshot(portalID: HubSpotFixture.portalID)?.marketingEvents.first)
            #expect(event.eventName == "Renamed")
            #expect(event.endDateTime == Date(timeIntervalSince1970: 1_750_003_500))
            #expect(try await client.get(base + "?externalAccountId=other").status == 404)
        }
    }
}
