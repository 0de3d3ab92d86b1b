import Foundation
import HubSpot
import Testing

@Suite("Marketing events")
struct MarketingEventTests {
    @Test(
        "Attendance inputs carry email, interactionDateTime, properties and contactProperties; joinedAt/leftAt only for attend"
    )
    func attendanceInputs() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            for input in request.inputs {
                if let missing = ScriptedResponse.missingFields(
                    ["contactProperties", "email", "interactionDateTime", "properties"], in: input,
                    where: "input")
                {
                    return missing
                }
            }
            return batchAnswer(
                status: 200,
                results: request.inputs.enumerated().map { ["email": $1["email"] ?? "", "vid": $0 + 100] })
        }
        let joined = Date(timeIntervalSince1970: 1_767_225_600)
        let attendee = MarketingEventSubscriber(
            email: "ada@example.com", interactionDateTime: joined, joinedAt: joined,
            leftAt: joined.addingTimeInterval(3600))
        let results = try await server.run { client, _ in
            [
                try await client.marketingEvents.recordParticipation(
                    externalEventId: "8812345", externalAccountId: "zoom-acct", state: .attend,
                    subscribers: [attendee]),
                try await client.marketingEvents.recordParticipation(
                    externalEventId: "8812345", externalAccountId: "zoom-acct", state: .register,
                    subscribers: [attendee]),
            ]
        }
        let attend = try #require(server.requests.first)
        #expect(attend.path == "/marketing/v3/marketing-events/attendance/8812345/attend/email-create")
        #expect(attend.queryValues("externalAccountId") == ["zoom-acct"])
        let input = try #require(attend.inputs.first)
        #expect(input["interactionDateTime"] as? Int64 == 1_767_225_600_000)
        #expect(
            input["properties"] as? [String: String] == [
                "joinedAt": "2026-01-01T00:00:00.000Z", "leftAt": "2026-01-01T01:00:00.000Z",
            ])
        #expect(input["contactProperties"] as? [String: String] == [:])
        #expect(
            server.requests.last?.path
                == "/marketing/v3/marketing-events/attendance/8812345/register/email-create")
        #expect(server.requests.last?.inputs.first?["properties"] as? [String: String] == [:])
        #expect(results.map { $0.results.first?.vid } == [100, 100])
    }

    @Test("Marketing event upsert sends every required field, customProperties included")
    func marketingEventUpsert() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            for input in request.inputs {
                let required = [
                    "customProperties", "eventName", "eventOrganizer", "externalAccountId", "externalEventId",
                ]
                if let missing = ScriptedResponse.missingFields(required, in: input, where: "input") {
                    return missing
                }
            }
            return batchAnswer(
                status: 200,
                results: request.inputs.map {
                    [
                        "id": "me-1", "eventName": $0["eventName"] ?? "", "eventOrganizer": "Zoom",
                        "customProperties": [], "createdAt": "2026-01-01T00:00:00Z",
                        "updatedAt": "2026-01-01T00:00:00Z",
                    ]
                })
        }
        let event = MarketingEventInput(
            externalAccountId: "zoom-acct", externalEventId: "8812345", eventName: "Launch",
            eventOrganizer: "Northwind",
            startDateTime: Date(timeIntervalSince1970: 1_767_225_600),
            eventUrl: "https://zoom.us/j/8812345", eventType: "WEBINAR")
        let result = try await server.run { client, _ in
            try await client.marketingEvents.upsert([event])
        }
        let input = try #require(server.requests.first?.inputs.first)
        #expect(server.requests.first?.path == "/marketing/v3/marketing-events/events/upsert")
        #expect((input["customProperties"] as? [Any])?.isEmpty == true)
        #expect(input["startDateTime"] as? String == "2026-01-01T00:00:00.000Z")
        #expect(input["endDateTime"] == nil)
        #expect(result.results.first?.id == "me-1")
    }

    @Test(
        "Completing a marketing event sends both dates and the external account id; counters are read")
    func marketingEventLifecycle() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            if request.path.hasSuffix("/complete"),
                let missing = ScriptedResponse.missingFields(
                    ["endDateTime", "startDateTime"], in: request.json)
            {
                return missing
            }
            if request.path.contains("/participations/") {
                return .json(200, ["attended": 3, "cancelled": 1, "noShows": 2, "registered": 5])
            }
            return .json(
                200,
                [
                    "eventName": "Launch", "eventOrganizer": "Northwind", "customProperties": [],
                    "eventCompleted": true,
                ])
        }
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let counters = try await server.run { client, _ in
            let completed = try await client.marketingEvents.complete(
                externalEventId: "8812345", externalAccountId: "zoom-acct", startDateTime: start,
                endDateTime: start.addingTimeInterval(3600))
            #expect(completed.eventCompleted == true)
            return try await client.marketingEvents.participationCounters(
                externalAccountId: "zoom-acct", externalEventId: "8812345")
        }
        let complete = try #require(server.requests.first)
        #expect(complete.path == "/marketing/v3/marketing-events/events/8812345/complete")
        #expect(complete.queryValues("externalAccountId") == ["zoom-acct"])
        #expect(complete.json["endDateTime"] as? String == "2026-01-01T01:00:00.000Z")
        #expect(
            server.requests.last?.path
                == "/marketing/v3/marketing-events/participations/zoom-acct/8812345")
        #expect(counters.registered == 5 && counters.attended == 3 && counters.noShows == 2)
    }

}
