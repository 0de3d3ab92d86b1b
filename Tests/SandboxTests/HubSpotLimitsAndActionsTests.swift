import SwitchyardJSON
import Foundation
import Hummingbird
import Logging
import Sandbox
import Synchronization
import Testing

@Suite("HubSpot simulator: rate limits, faults, workflow actions")
struct HubSpotLimitsAndActionsTests {
    @Test func tenSecondWindowAnswers429WithHeadersAndPolicyName() async throws {
        let clock = ManualClock(HubSpotFixture.start)
        let limits = HubSpotRateLimits(tenSecondlyRolling: 3, daily: 1000, searchPerSecond: 2)
        try await HubSpotFixture.withSimulator(rateLimits: limits, clock: clock) { simulator, client in
            for expected in ["2", "1", "0"] {
                let reply = try await client.get("/crm/v3/objects/contacts")
                #expect(reply.status == 200)
                #expect(reply.header("X-HubSpot-RateLimit-Remaining") == expected)
            }
            let limited = try await client.get("/crm/v3/objects/contacts")
            #expect(limited.status == 429)
            #expect(limited.json["errorType"] == "RATE_LIMIT")
            #expect(limited.json["policyName"] == "TEN_SECONDLY_ROLLING")
            #expect(limited.json["status"] == "error")
            #expect(limited.json["message"] == "You have reached your ten_secondly_rolling limit.")
            #expect(limited.header("X-HubSpot-RateLimit-Max") == "3")
            #expect(limited.header("X-HubSpot-RateLimit-Remaining") == "0")
            #expect(limited.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "10000")
            #expect(limited.header("X-HubSpot-RateLimit-Daily") == "1000")
            #expect(limited.header("X-HubSpot-RateLimit-Daily-Remaining") == "997")
            clock.advance(seconds: 10)
            #expect(try await client.get("/crm/v3/objects/contacts").status == 200)
            let counters = simulator.requestLog.counters
            #expect(counters.byStatus["429"] == 1)
        }
    }

    @Test func searchHasItsOwnPerSecondLimit() async throws {
        let clock = ManualClock(HubSpotFixture.start)
        let limits = HubSpotRateLimits(tenSecondlyRolling: 100, daily: 1000, searchPerSecond: 2)
        try await HubSpotFixture.withSimulator(rateLimits: limits, clock: clock) { _, client in
            let search = #"{"filterGroups":[],"properties":[],"limit":1,"after":"0","sorts":[]}"#
            #expect(try await client.post("/crm/v3/objects/contacts/search", search).status == 200)
            #expect(try await client.post("/crm/v3/objects/contacts/search", search).status == 200)
            let limited = try await client.post("/crm/v3/objects/contacts/search", search)
            #expect(limited.status == 429)
            #expect(limited.json["policyName"] == "SECONDLY")
            #expect(try await client.get("/crm/v3/objects/contacts").status == 200)
            clock.advance(seconds: 1)
            #expect(try await client.post("/crm/v3/objects/contacts/search", search).status == 200)
        }
    }

    @Test func injectedFaultsUseHubSpotShapesAndAreLogged() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            simulator.faults.update(FaultPlan(rateLimitBurst: 1))
            let limited = try await client.get("/crm/v3/objects/contacts")
            #expect(limited.status == 429)
            #expect(limited.json["policyName"] == "TEN_SECONDLY_ROLLING")
            simulator.faults.update(FaultPlan(serverErrorRate: 1))
            #expect(try await client.get("/crm/v3/objects/contacts").status == 502)
            let log = simulator.requestLog.all
            #expect(log.map(\.injectedFault) == ["rate_limited", "server_error"])
            let inspection = try await client.get("/_sandbox/hubspot/portals/\(HubSpotFixture.portalID)")
            #expect(inspection.status == 200)
            #expect(inspection.json["contacts", 0, "properties", "email"] == "ada@example.com")
        }
    }

    @Test func aShorterWindowIsEnforcedAndAnnouncedInTheIntervalHeader() async throws {
        let clock = ManualClock(HubSpotFixture.start)
        let limits = HubSpotRateLimits(tenSecondlyRolling: 1, intervalMilliseconds: 500)
        try await HubSpotFixture.withSimulator(rateLimits: limits, clock: clock) { _, client in
            #expect(try await client.get("/crm/v3/objects/contacts").status == 200)
            let limited = try await client.get("/crm/v3/objects/contacts")
            #expect(limited.status == 429)
            #expect(limited.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "500")
            clock.advance(seconds: 0.5)
            #expect(try await client.get("/crm/v3/objects/contacts").status == 200)
        }
    }

    @Test func aPortalsOwnFaultPlanReplacesTheSimulatorWidePlanForThatPortalOnly() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            simulator.seed(
                HubSpotPortalSeed(
                    credentials: HubSpotPortalCredentials(portalID: 99, accessToken: "pat-other"), users: [], businessUnits: [],
                    contacts: []))
            let other = client.authorized("pat-other")
            let put = try await client.send(
                .PUT, "/_sandbox/hubspot/portals/\(HubSpotFixture.portalID)/faults", json: #"{"serverErrorRate": 1}"#)
            #expect(put.status == 200)
            #expect(try await client.get("/crm/v3/objects/contacts").status == 502)
            #expect(try await other.get("/crm/v3/objects/contacts").status == 200)
            #expect(simulator.portalFaults.plan(portalID: HubSpotFixture.portalID) == FaultPlan(serverErrorRate: 1))
            simulator.portalFaults.update(.none, portalID: HubSpotFixture.portalID)
            #expect(try await client.get("/crm/v3/objects/contacts").status == 200)
            let unknown = try await client.send(.PUT, "/_sandbox/hubspot/portals/12345/faults", json: "{}")
            #expect(unknown.status == 404)
        }
    }

    static let definition = """
        {"actionUrl":"https://example.invalid/actions","published":true,"objectTypes":["CONTACT"],"functions":[],
         "inputFields":[{"isRequired":true,"typeDefinition":{"name":"webinarId","type":"string","options":[]}}],
         "labels":{"en":{"actionName":"Add contact to Zoom webinar"}}}
        """

    @Test func actionDefinitionsNeedTheDeveloperKeyAndFollowTheSpec() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let path =
                "/automation/v4/actions/\(HubSpotFixture.appID)?hapikey=\(HubSpotFixture.developerKey)"
            let developer = client.authorized(nil)
            let created = try await developer.post(path, Self.definition)
            #expect(created.status == 201)
            #expect(created.json["revisionId"] == "1")
            let incomplete = try await developer.post(path, #"{"actionUrl":"https://example.invalid"}"#)
            #expect(incomplete.status == 400)
            #expect(
                incomplete.json["message"]?.stringValue?.hasSuffix(
                    "[functions, inputFields, labels, objectTypes, published]") == true)
            let list = try await developer.get(path)
            #expect(list.json["results"]?.arrayValue.count == 1)
            #expect(simulator.snapshot(portalID: HubSpotFixture.portalID)?.actionDefinitions.count == 1)
        }
    }

    @Test func signedWorkflowActionIsVerifiableAndItsCallbackCompletionRecorded() async throws {
        let received = Mutex<(headers: [String: String], body: String)?>(nil)
        let router = Router()
        router.post("/actions/zoom-register") { request, context in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            received.withLock { $0 = (headers, String(buffer: body)) }
            return #"{"outputFields":{"hs_execution_state":"BLOCK"}}"#
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let receiver = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        try await withGracefulServices([receiver], logger: Logger(label: "receiver")) {
            var iterator = ports.makeAsyncIterator()
            let receiverPort = try #require(await iterator.next())
            try await HubSpotFixture.withSimulator { simulator, client in
                let url = "http://127.0.0.1:\(receiverPort)/actions/zoom-register"
                let delivery = try await simulator.sendWorkflowAction(
                    portalID: HubSpotFixture.portalID,
                    WorkflowActionRequest(
                        url: url, objectID: "1001", objectProperties: ["email": "ada@example.com"],
                        inputFields: ["webinarId": "81234567890"]))
                #expect(delivery.status == 200)
                let (headers, body) = try #require(received.withLock { $0 })
                let timestamp = try #require(headers["x-hubspot-request-timestamp"])
                #expect(
                    headers["x-hubspot-signature-v3"]
                        == HubSpotSignature.v3(
                            clientSecret: HubSpotFixture.clientSecret, method: "POST", uri: url, body: body,
                            timestamp: timestamp))
                #expect(
                    headers["x-hubspot-signature"]
                        == HubSpotSignature.v2(
                            clientSecret: HubSpotFixture.clientSecret, method: "POST", uri: url, body: body))
                #expect(
                    headers["x-hubspot-signature"]
                        != HubSpotSignature.v2(clientSecret: "wrong", method: "POST", uri: url, body: body))
                let payload = try JSONValue.parse(Data(body.utf8))
                #expect(payload["callbackId"] == .string(delivery.callbackID))
                #expect(payload["inputFields", "webinarId"] == "81234567890")
                #expect(payload["origin", "portalId"] == .integer(Int64(HubSpotFixture.portalID)))

                let completion = "/automation/v4/actions/callbacks/\(delivery.callbackID)/complete"
                let noTyped = try await client.post(
                    completion, #"{"outputFields":{"hs_execution_state":"SUCCESS"}}"#)
                #expect(noTyped.status == 400)
                let done = try await client.post(
                    completion, #"{"outputFields":{"hs_execution_state":"SUCCESS"},"typedOutputs":{}}"#)
                #expect(done.status == 204)
                let again = try await client.post(completion, #"{"outputFields":{},"typedOutputs":{}}"#)
                #expect(again.status == 404)
                let portal = try #require(simulator.snapshot(portalID: HubSpotFixture.portalID))
                #expect(portal.callbackCompletions.map(\.callbackID) == [delivery.callbackID])
                #expect(portal.callbackCompletions.first?.outputFields == ["hs_execution_state": "SUCCESS"])
                #expect(portal.pendingCallbacks.isEmpty)
            }
        }
    }
}
