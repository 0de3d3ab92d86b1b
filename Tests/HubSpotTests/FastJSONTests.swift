import Foundation
import Testing

@testable import HubSpot

/// The hand-written bodies and readers of the batch endpoints (`HubSpotFastJSON.swift`) must say
/// exactly what Foundation's coders say: the same bytes out, the same values in.
@Suite("Batch JSON written and read by hand")
struct FastJSONTests {
    /// The body `setBody` writes by hand, next to `HubSpotJSON.encoder()`'s.
    func bodies<Input: HubSpotBodyWritable & Sendable>(_ inputs: [Input]) throws -> (fast: String, foundation: String) {
        var request = HubSpotRequest(operation: "test", method: .post, path: "/test")
        try request.setBody(HubSpotBatchInput(inputs: inputs))
        let foundation = try HubSpotJSON.encoder().encode(HubSpotBatchInput(inputs: inputs))
        return (String(decoding: request.body ?? Data(), as: UTF8.self), String(decoding: foundation, as: UTF8.self))
    }

    static let awkward = "Zoë \"Quote\" \\ back/slash\ttab\u{1}ctl 日本"

    @Test("Contact upserts and reads: the same JSON as JSONEncoder, escapes and non-ASCII included")
    func contactBodies() throws {
        let upserts = try bodies([
            ObjectBatchInput(
                id: "ada@example.com", idProperty: "email", properties: ["lastname": Self.awkward, "firstname": "Ada", "a": ""]),
            ObjectBatchInput(id: "51", idProperty: nil, properties: [:]),
        ])
        #expect(upserts.fast == upserts.foundation)
        let reads = try bodies([
            ObjectBatchReadInput(
                idProperty: "email", inputs: [.init(id: "a@example.com"), .init(id: Self.awkward)],
                properties: ["email", "hs_additional_emails"],
                propertiesWithHistory: []),
            ObjectBatchReadInput(idProperty: nil, inputs: [], properties: [], propertiesWithHistory: ["x"]),
        ])
        #expect(reads.fast == reads.foundation)
    }

    @Test("Timeline events and participations: the same JSON as JSONEncoder")
    func eventBodies() throws {
        let events = try bodies([
            TimelineEventInput(
                id: "registration-1-a", eventTemplateId: "1001", tokens: ["webinarName": Self.awkward, "webinarId": "1"],
                email: "a@example.com", timestamp: Date(timeIntervalSince1970: 1_767_225_600.25)),
            TimelineEventInput(id: "attendance-1-b", eventTemplateId: "1002", tokens: [:], objectId: "51"),
            TimelineEventInput(
                id: "old", eventTemplateId: "1", tokens: ["x": "y"], timestamp: Date(timeIntervalSince1970: -86_400 * 400 + 0.5)),
        ])
        #expect(events.fast == events.foundation)
        let subscriber = MarketingEventSubscriber(
            email: "b@example.com", interactionDateTime: Date(timeIntervalSince1970: 1_767_225_600),
            joinedAt: Date(timeIntervalSince1970: 1_767_225_600), leftAt: Date(timeIntervalSince1970: 1_767_229_200.123),
            contactProperties: ["firstname": Self.awkward])
        let participations = try bodies([
            MarketingEventEmailSubscriberInput(subscriber, state: .attend),
            MarketingEventEmailSubscriberInput(subscriber, state: .register),
        ])
        #expect(participations.fast == participations.foundation)
        let call = CallInput(
            timestamp: Date(timeIntervalSince1970: 1_767_225_600), title: Self.awkward, recordingURL: "https://zoom.us/rec/1",
            duration: .seconds(3600), contactIds: ["51", "52"], traceId: "t1")
        let calls = try bodies([CallCreateInput(call, batch: true), CallCreateInput(call, batch: false)])
        #expect(calls.fast == calls.foundation)
        var single = HubSpotRequest(operation: "test", method: .post, path: "/test")
        try single.setBody(CallCreateInput(call, batch: false))
        #expect(single.body == (try HubSpotJSON.encoder().encode(CallCreateInput(call, batch: false))))
    }

    @Test("Batch answers: the same values as JSONDecoder; answers with per-item errors are left to it")
    func answers() throws {
        let objects = Data(
            """
            {"status":"COMPLETE","results":[{"id":"51","properties":{"email":"a@example.com","firstname":null,"lastname":"Zo\\u00eb \\"Q\\""},
            "createdAt":"2026-01-01T00:00:00.250Z","updatedAt":1767225600000,"archived":false,"new":true,"extra":{"n":[1,2.5,null]}},
            {"id":"52","properties":{},"archived":true}],"startedAt":"2026-01-01T00:00:00Z"}
            """.utf8)
        let fast = try #require(HubSpotJSON.fastRead(HubSpotBatchResponse<HubSpotObject>.self, from: objects))
        let foundation = try HubSpotJSON.decoder().decode(HubSpotBatchResponse<HubSpotObject>.self, from: objects)
        #expect(fast.results == foundation.results)
        #expect(fast.status == foundation.status)
        #expect(fast.results.first?.properties == ["email": "a@example.com", "lastname": "Zoë \"Q\""])

        let events = Data(#"{"results":[{"id":"e1","eventTemplateId":"1","objectType":"contacts","objectId":"51","tokens":{}}]}"#.utf8)
        let fastEvents = try #require(HubSpotJSON.fastRead(HubSpotBatchResponse<TimelineEventResult>.self, from: events))
        #expect(
            fastEvents.results == (try HubSpotJSON.decoder().decode(HubSpotBatchResponse<TimelineEventResult>.self, from: events)).results)

        let subscribers = Data(#"{"results":[{"email":"a@example.com","vid":51}]}"#.utf8)
        let fastSubscribers = try #require(
            HubSpotJSON.fastRead(HubSpotBatchResponse<MarketingEventSubscriberResult>.self, from: subscribers))
        #expect(fastSubscribers.results == [MarketingEventSubscriberResult(email: "a@example.com", vid: 51)])

        let withErrors = Data(
            #"{"status":"COMPLETE","results":[],"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"gone","context":{"ids":["x"]}}]}"#
                .utf8)
        #expect(HubSpotJSON.fastRead(HubSpotBatchResponse<HubSpotObject>.self, from: withErrors) == nil)
        let numberProperty = Data(#"{"results":[{"id":"1","properties":{"n":5}}]}"#.utf8)
        #expect(HubSpotJSON.fastRead(HubSpotBatchResponse<HubSpotObject>.self, from: numberProperty) == nil)
    }
}
