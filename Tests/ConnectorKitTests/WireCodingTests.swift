import Foundation
import Testing

@testable import ConnectorKit

@Suite("Connector protocol wire forms")
struct WireCodingTests {
    private func roundTrip<T: Codable>(_ value: T) throws -> T {
        try ConnectorWire.decode(T.self, from: ConnectorWire.encode(value))
    }

    @Test("dates are written in UTC, with milliseconds only when present, and read with or without fractions or offsets")
    func dates() throws {
        #expect(WireDate.format(WireFixtures.date) == "2026-12-06T10:00:00Z")
        #expect(WireDate.format(WireFixtures.later) == "2026-12-06T11:00:00.250Z")
        #expect(WireDate.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(WireDate.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(WireDate.parse("2026-12-06T10:00:00Z") == WireFixtures.date)
        #expect(WireDate.parse("2026-12-06T11:00:00.25Z") == WireFixtures.later)
        #expect(WireDate.parse("2026-12-06T12:00:00+02:00") == WireFixtures.date)
        #expect(WireDate.parse("2026-12-06T10:00:00.000000Z") == WireFixtures.date)
        for bad in ["2026-12-06", "2026-12-06T10:00:00", "2026-13-06T10:00:00Z", "yesterday", "2026-12-06T10:00:00Zjunk"] {
            #expect(WireDate.parse(bad) == nil, "\(bad)")
        }
        #expect(throws: DecodingError.self) { try ConnectorWire.decode([Date].self, from: Data(#"["soon"]"#.utf8)) }
    }

    @Test("a descriptor with every config kind survives the wire unchanged")
    func descriptorRoundTrip() throws {
        #expect(try roundTrip(WireFixtures.descriptor) == WireFixtures.descriptor)
        let handshake = HandshakeResult(protocolVersion: 1, descriptor: WireFixtures.descriptor)
        #expect(try roundTrip(handshake).descriptor == WireFixtures.descriptor)
    }

    @Test("config kinds have the documented {\"type\": …} shapes")
    func kindShapes() throws {
        let kinds = try WireFixtures.json(WireFixtures.spec) as? [String: Any]
        let fields = try #require(kinds?["fields"] as? [[String: Any]])
        func kind(_ name: String) -> NSDictionary? {
            (fields.first { $0["name"] as? String == name }?["kind"] as? [String: Any]).map { $0 as NSDictionary }
        }
        #expect(kind("retries") == ["type": "integer", "min": 0, "max": 5] as NSDictionary)
        #expect(kind("floor") == ["type": "integer", "min": 1] as NSDictionary)
        #expect(kind("api_base") == ["type": "url", "keywords": ["sandbox"]] as NSDictionary)
        #expect(kind("hosts") == ["type": "choiceOrList", "choices": ["all", "none"], "element": ["type": "email"]] as NSDictionary)
        #expect(
            kind("labels") == ["type": "dictionary", "keys": ["description": "keys", "pattern": #"[\s\S]*"#], "value": ["type": "string"]]
                as NSDictionary)
        let retries = try #require(fields.first { $0["name"] as? String == "retries" })
        #expect(retries["default"] as? Int == 3)
        #expect(retries["required"] as? Bool == false)
        #expect(throws: EncodingError.self) { try ConnectorWire.encode(ConfigKind.external("connector")) }
        #expect(throws: DecodingError.self) { try ConnectorWire.decode(ConfigKind.self, from: Data(#"{"type":"float"}"#.utf8)) }
    }

    @Test("key rules match whole keys by their pattern")
    func keyRules() {
        let digits = KeyRule.digits("webinar ids")
        #expect(digits.accepts("8123"))
        #expect(!digits.accepts("81a23"))
        #expect(!digits.accepts(""))
        #expect(KeyRule.anyKey.accepts("any key at all"))
        #expect(KeyRule("words", pattern: "[a-z]+").accepts("abc"))
        #expect(!KeyRule("words", pattern: "[a-z]+").accepts("abc1"))
        #expect(!KeyRule("broken", pattern: "[").isValidPattern)
        #expect(!KeyRule("broken", pattern: "[").accepts("["))
    }

    @Test("configure sends secrets as {\"secret\": value}; the SDK side types them back by the spec")
    func configureSecrets() throws {
        let params = ConfigureParams(
            instance: "t/1/0", config: WireConfig(WireFixtures.config),
            context: ConfigureContext(sandboxBaseURLs: ["fake": "http://127.0.0.1:1"]))
        let json = try #require(try WireFixtures.json(params) as? [String: Any])
        let config = try #require(json["config"] as? [String: Any])
        #expect(config["token"] as? [String: String] == ["secret": "s3cr3t-token"])
        #expect((json["context"] as? [String: Any])?["sandboxBaseURLs"] as? [String: String] == ["fake": "http://127.0.0.1:1"])
        #expect(!"\(params.config)".contains("s3cr3t"))

        let decoded = try roundTrip(params)
        let typed = try decoded.config.configObject(spec: WireFixtures.spec)
        #expect(try typed.secret("token").reveal() == "s3cr3t-token")
        #expect(!"\(try typed.secret("token"))".contains("s3cr3t"))
        let user = try #require(try typed.objects("users").first)
        #expect(try user.secret("key").reveal() == "user-key")
        #expect(try user.object("webinars")["123"] == .boolean(false))
        #expect(try typed.integer("retries") == 3)
        #expect(try typed.strings("hosts") == ["host@example.com"])
    }

    @Test("records: a full snapshot, every event type and webinar listings survive the wire")
    func records() throws {
        #expect(try roundTrip(SnapshotResult(snapshot: WireFixtures.snapshot)).snapshot == WireFixtures.snapshot)
        #expect(try roundTrip(DecodeWebhookResult(events: WireFixtures.events)).events == WireFixtures.events)
        #expect(try roundTrip(ListWebinarsResult(webinars: [WireFixtures.webinar])).webinars == [WireFixtures.webinar])
        let registered = try #require(try WireFixtures.json(WireFixtures.events[5]) as? [String: Any])
        #expect(registered["type"] as? String == "registered")
        #expect((registered["registration"] as? [String: Any])?["registeredAt"] as? String == "2026-12-06T10:00:00Z")
    }

    @Test("webinar support is {\"status\": …}; the older stored form still decodes")
    func webinarSupport() throws {
        #expect(try WireFixtures.json(Webinar.Support.supported) as? [String: String] == ["status": "supported"])
        #expect(
            try WireFixtures.json(Webinar.Support.unsupported(reason: "Zoom Events")) as? [String: String]
                == ["status": "unsupported", "reason": "Zoom Events"])
        let legacySupported = try JSONDecoder().decode(Webinar.Support.self, from: Data(#"{"supported":{}}"#.utf8))
        let legacyUnsupported = try JSONDecoder().decode(
            Webinar.Support.self, from: Data(#"{"unsupported":{"reason":"Zoom Events"}}"#.utf8))
        #expect(legacySupported == .supported)
        #expect(legacyUnsupported == .unsupported(reason: "Zoom Events"))
        let minimal = #"{"id":"1","topic":"T","hostID":"h","registrationRequired":false,"support":{"status":"supported"},"hostEmail":null}"#
        #expect(try ConnectorWire.decode(Webinar.self, from: Data(minimal.utf8)) == Webinar(id: "1", topic: "T", hostID: "h"))
    }

    @Test("webhook verification outcomes: accepted, challenge (base64 body), rejected")
    func verification() throws {
        let envelope = WebhookEnvelope(
            eventType: "registration.created", routingKey: "acme", occurredAt: WireFixtures.date, deliveryKey: "k1")
        let outcomes: [VerifyWebhookResult] = [
            .accepted(envelope), .challenge(body: Data("{\"ok\":1}".utf8), contentType: "application/json"),
            .rejected(WebhookRejection(.badSignature, "the signature does not match")),
        ]
        for outcome in outcomes { #expect(try roundTrip(outcome) == outcome) }
        let challenge = try #require(try WireFixtures.json(outcomes[1]) as? [String: String])
        #expect(challenge == ["outcome": "challenge", "body": "eyJvayI6MX0=", "contentType": "application/json"])
        #expect(throws: WebhookRejection.self) { try outcomes[2].verification() }
        let request = WebhookRequest(headers: ["X-Sig": "v0"], body: Data("hi".utf8), receivedAt: WireFixtures.date, query: ["a": "b"])
        let params = try roundTrip(VerifyWebhookParams(instance: "i", request: request))
        #expect(params.request.header("x-sig") == "v0")
        #expect(params.request.body == Data("hi".utf8))
        #expect(params.receivedAt == WireFixtures.date)
    }

    @Test("JSON-RPC envelopes: requests, notifications, responses and errors with data.kind")
    func envelopes() throws {
        let request = RPCRequest(id: .number(7), method: "snapshot", params: SnapshotParams(instance: "i", webinarId: "8"))
        let json = try #require(try WireFixtures.json(request) as? [String: Any])
        #expect(json["jsonrpc"] as? String == "2.0")
        #expect(json["id"] as? Int == 7)
        let head = try ConnectorWire.decode(RPCHead.self, from: ConnectorWire.encode(request))
        #expect(head.id == .number(7) && head.method == "snapshot" && !head.hasResult && head.error == nil)
        let cancel = try WireFixtures.json(RPCNotification(method: "cancel", params: CancelParams(id: .string("x")))) as? [String: Any]
        #expect(cancel?["id"] == nil)
        #expect((cancel?["params"] as? [String: Any])?["id"] as? String == "x")

        let failure = ConnectorError(.rateLimited, "slow down", sourceCode: 429, httpStatus: 429, retryAfterSeconds: 2.5)
        let response = RPCErrorResponse(id: .number(7), error: RPCError(failure))
        let decoded = try ConnectorWire.decode(RPCHead.self, from: ConnectorWire.encode(response))
        #expect(decoded.error?.connectorError == failure)
        #expect(decoded.error?.data?.kind == "rate_limited")
        let parse = try #require(
            try WireFixtures.json(RPCErrorResponse(id: nil, error: RPCError(code: -32700, message: "x"))) as? [String: Any])
        #expect(parse["id"] is NSNull)
        #expect(RPCError(code: -32601, message: "nope").connectorError.kind == .unavailable)
        let success = try ConnectorWire.decode(RPCResponse<EmptyResult>.self, from: Data(#"{"jsonrpc":"2.0","id":"a","result":{}}"#.utf8))
        #expect(success.id == .string("a"))
    }
}
