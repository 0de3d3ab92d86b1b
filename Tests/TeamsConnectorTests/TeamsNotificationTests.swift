import ConnectorKit
import Foundation
import Testing

@testable import TeamsConnector

@Suite("Teams connector: change notifications and subscriptions")
struct TeamsNotificationTests {
    static var clientState: String {
        TeamsNotifications.clientState(secret: Secret(value: "client-secret-value", reference: "x"), tenantID: TeamsTest.tenant)
    }

    static func delivery(clientState: String?, resource: String, lifecycle: String? = nil, tenant: String = TeamsTest.tenant) -> Data {
        var item: [String: Any] = [
            "subscriptionId": "sub-1", "subscriptionExpirationDateTime": "2026-11-21T10:00:00Z", "changeType": "created",
            "resource": resource, "tenantId": tenant,
            "resourceData": ["@odata.type": "#microsoft.graph.virtualEventRegistration", "id": "reg-9"],
        ]
        if let clientState { item["clientState"] = clientState }
        if let lifecycle { item["lifecycleEvent"] = lifecycle }
        return (try? JSONSerialization.data(withJSONObject: ["value": [item]])) ?? Data()
    }

    @Test("the validationToken handshake is answered with the token in plain text")
    func handshake() async throws {
        let teams = try TeamsTest.connector(FakeGraph())
        let request = WebhookRequest(
            headers: ["Content-Type": "text/plain"], body: Data(), receivedAt: Date(), query: ["validationToken": "Validation: token <1>"])
        #expect(
            try await teams.verifyWebhook(request)
                == .challenge(responseBody: Data("Validation: token <1>".utf8), contentType: "text/plain"))
    }

    @Test("a notification with this connection's clientState is accepted; a wrong, missing or foreign one is refused")
    func clientStateChecks() async throws {
        let teams = try TeamsTest.connector(FakeGraph())
        let resource = "solutions/virtualEvents/webinars/\(CannedGraph.webinarID)/registrations/reg-9"
        let good = WebhookRequest(headers: [:], body: Self.delivery(clientState: Self.clientState, resource: resource), receivedAt: Date())
        guard case .accepted(let envelope) = try await teams.verifyWebhook(good) else {
            Issue.record("expected accepted")
            return
        }
        #expect(envelope.routingKey == TeamsTest.tenant)
        #expect(Self.clientState.count == 64 && !Self.clientState.contains("client-secret-value"))
        for (body, reason) in [
            (Self.delivery(clientState: "guess", resource: resource), WebhookRejection.Reason.badSignature),
            (Self.delivery(clientState: nil, resource: resource), .missingSignature),
            (Self.delivery(clientState: Self.clientState, resource: resource, tenant: "other-tenant"), .badSignature),
            (Data("not json".utf8), .malformed),
        ] {
            await #expect(throws: WebhookRejection.self) {
                try await teams.verifyWebhook(WebhookRequest(headers: [:], body: body, receivedAt: Date()))
            }
            do {
                _ = try await teams.verifyWebhook(WebhookRequest(headers: [:], body: body, receivedAt: Date()))
            } catch let rejection as WebhookRejection {
                #expect(rejection.reason == reason)
            }
        }
    }

    @Test("notifications touch their webinar, in either resource form; lifecycle 'missed' reconciles it")
    func decoding() async throws {
        let teams = try TeamsTest.connector(FakeGraph())
        for resource in [
            "solutions/virtualEvents/webinars/\(CannedGraph.webinarID)/registrations/reg-9",
            "solutions/virtualEvents/webinars('\(CannedGraph.webinarID)')/sessions('s1')",
            "solutions/virtualEvents/webinars/\(CannedGraph.webinarID)/getAttendanceReports",
        ] {
            let events = try await teams.decodeWebhook(Self.delivery(clientState: Self.clientState, resource: resource))
            #expect(events == [.webinarTouched(webinarID: CannedGraph.webinarID)], "\(resource)")
        }
        let missed = Self.delivery(
            clientState: Self.clientState, resource: "solutions/virtualEvents/webinars/\(CannedGraph.webinarID)/registrations",
            lifecycle: "missed")
        #expect(try await teams.decodeWebhook(missed) == [.webinarTouched(webinarID: CannedGraph.webinarID)])
    }

    @Test("subscriptions: three per followed webinar with clientState and a day's lifetime, renewed before they expire")
    func subscriptions() async throws {
        let graph = CannedGraph.graph()
        graph.json("GET /subscriptions", #"{"value":[]}"#)
        graph.on("POST /subscriptions") { request in
            var body = (try? JSONSerialization.jsonObject(with: request.body ?? Data()) as? [String: Any]) ?? [:]
            body["id"] = "sub-\(abs((body["resource"] as? String ?? "").hashValue))"
            return .init(status: 201, body: (try? JSONSerialization.data(withJSONObject: body)) ?? Data())
        }
        graph.on("PATCH /subscriptions/") { _ in .init(status: 200, body: Data("{}".utf8)) }
        let clock = TestDate()
        clock.advance(86_400 * 2)  // the canned webinar (20 Nov 2026) is upcoming
        let teams = try TeamsTest.connector(graph, now: { clock.now })
        let url = "https://switchyard.example/webhooks/teams"
        let first = try await teams.maintainSubscriptions(SubscriptionRequest(notificationURL: url))
        #expect(first.created == 3 && first.active == 3 && first.problems.isEmpty)
        let posted = graph.requests("POST /subscriptions").compactMap {
            try? JSONSerialization.jsonObject(with: $0.body ?? Data()) as? [String: Any]
        }
        #expect(
            Set(posted.compactMap { $0["resource"] as? String }) == [
                "solutions/virtualEvents/webinars/\(CannedGraph.webinarID)/registrations",
                "solutions/virtualEvents/webinars/\(CannedGraph.webinarID)/sessions",
                "solutions/virtualEvents/webinars/\(CannedGraph.webinarID)/getAttendanceReports",
            ])
        #expect(posted.allSatisfy { $0["clientState"] as? String == Self.clientState && $0["notificationUrl"] as? String == url })
        #expect(posted.allSatisfy { $0["lifecycleNotificationUrl"] as? String == url })
        let expiry = try #require(GraphDate.parse(posted.first?["expirationDateTime"] as? String))
        #expect(expiry.timeIntervalSince(clock.now) <= 86_400)
        #expect(first.nextDueAt.map { $0 < expiry } == true)

        let again = try await teams.maintainSubscriptions(SubscriptionRequest(notificationURL: url))
        #expect(again.created == 0 && again.renewed == 0 && again.active == 3)
        clock.advance(20 * 3600)
        let renewed = try await teams.maintainSubscriptions(SubscriptionRequest(notificationURL: url))
        #expect(renewed.renewed == 3 && renewed.created == 0)
        #expect(graph.requests("PATCH /subscriptions/").count == 3)
    }
}
