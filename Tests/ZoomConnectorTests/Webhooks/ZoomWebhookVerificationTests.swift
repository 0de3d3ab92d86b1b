import ConnectorKit
import Crypto
import Foundation
import Testing
import ZoomConnector

@Suite("Zoom webhook verification")
struct ZoomWebhookVerificationTests {
    private let arrival = Date(timeIntervalSince1970: 1_775_059_200)

    private func connector() throws -> ZoomConnector {
        try ZoomTestConfig.connector(port: 9)  // never contacted
    }

    private func request(_ body: Data, signedAt: Date, secret: String = WebhookFixtures.secret)
        -> WebhookRequest
    {
        WebhookRequest(
            headers: WebhookFixtures.headers(body, at: signedAt, secret: secret), body: body,
            receivedAt: arrival)
    }

    @Test("a correctly signed, fresh delivery is accepted with its event, account and delivery key")
    func goodSignature() async throws {
        let body = WebhookFixtures.registration("webinar.registration_created")
        let verification = try await connector().verifyWebhook(
            request(body, signedAt: arrival.addingTimeInterval(-30)))
        guard case .accepted(let envelope) = verification else {
            Issue.record("expected an accepted delivery, got \(verification)")
            return
        }
        #expect(envelope.eventType == "webinar.registration_created")
        #expect(envelope.routingKey == "acct-1")
        #expect(envelope.occurredAt == Date(timeIntervalSince1970: 1_775_059_200))
        let expectedKey = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        #expect(envelope.deliveryKey.hasSuffix(expectedKey))
    }

    @Test("a replay inside the window carries the same delivery key; other content does not")
    func replayDeduplicates() async throws {
        let body = WebhookFixtures.registration("webinar.registration_created")
        let zoom = try connector()
        let first = try await zoom.verifyWebhook(request(body, signedAt: arrival.addingTimeInterval(-60)))
        let replay = try await zoom.verifyWebhook(request(body, signedAt: arrival.addingTimeInterval(-10)))
        let other = try await zoom.verifyWebhook(
            request(WebhookFixtures.registration("webinar.registration_approved"), signedAt: arrival))
        guard case .accepted(let a) = first, case .accepted(let b) = replay,
            case .accepted(let c) = other
        else {
            Issue.record("all three deliveries should be accepted")
            return
        }
        #expect(a.deliveryKey == b.deliveryKey)
        #expect(a.deliveryKey != c.deliveryKey)
    }

    @Test("a wrong secret, a changed body or a missing header is refused")
    func badSignatures() async throws {
        let zoom = try connector()
        let body = WebhookFixtures.created
        let wrongSecret = await #expect(throws: WebhookRejection.self) {
            try await zoom.verifyWebhook(request(body, signedAt: arrival, secret: "someone-else"))
        }
        #expect(wrongSecret?.reason == .badSignature)

        var tampered = request(body, signedAt: arrival)
        tampered.body = WebhookFixtures.deleted()
        let changed = await #expect(throws: WebhookRejection.self) { try await zoom.verifyWebhook(tampered) }
        #expect(changed?.reason == .badSignature)

        var unsigned = request(body, signedAt: arrival)
        unsigned.headers["x-zm-signature"] = nil
        let missing = await #expect(throws: WebhookRejection.self) { try await zoom.verifyWebhook(unsigned) }
        #expect(missing?.reason == .missingSignature)

        var garbled = request(body, signedAt: arrival)
        garbled.headers["x-zm-signature"] = "v0=zz"
        let notHex = await #expect(throws: WebhookRejection.self) { try await zoom.verifyWebhook(garbled) }
        #expect(notHex?.reason == .badSignature)
    }

    @Test("a delivery signed more than five minutes from its arrival is refused (stale or replayed)")
    func staleAndReplayed() async throws {
        let zoom = try connector()
        let body = WebhookFixtures.created
        // A captured delivery, replayed ten minutes later with its original headers.
        let stale = await #expect(throws: WebhookRejection.self) {
            try await zoom.verifyWebhook(request(body, signedAt: arrival.addingTimeInterval(-600)))
        }
        #expect(stale?.reason == .staleTimestamp)
        let future = await #expect(throws: WebhookRejection.self) {
            try await zoom.verifyWebhook(request(body, signedAt: arrival.addingTimeInterval(301)))
        }
        #expect(future?.reason == .staleTimestamp)
        // Just inside the window is fine.
        _ = try await zoom.verifyWebhook(request(body, signedAt: arrival.addingTimeInterval(-299)))
    }

    @Test("URL validation is answered with plainToken and its HMAC, only when signed")
    func urlValidation() async throws {
        let zoom = try connector()
        let body = WebhookFixtures.urlValidation
        let verification = try await zoom.verifyWebhook(request(body, signedAt: arrival))
        guard case .challenge(let response, _) = verification else {
            Issue.record("expected a challenge answer, got \(verification)")
            return
        }
        let answer = try JSONDecoder().decode([String: String].self, from: response)
        #expect(answer["plainToken"] == "qgg8vlvZRS6UYooatFL8Aw")
        let expected = HMAC<SHA256>.authenticationCode(
            for: Data("qgg8vlvZRS6UYooatFL8Aw".utf8),
            using: SymmetricKey(data: Data(WebhookFixtures.secret.utf8))
        ).map { String(format: "%02x", $0) }.joined()
        #expect(answer["encryptedToken"] == expected)

        let forged = await #expect(throws: WebhookRejection.self) {
            try await zoom.verifyWebhook(request(body, signedAt: arrival, secret: "attacker"))
        }
        #expect(forged?.reason == .badSignature)
    }

    @Test("the claimed account id is read from payload.account_id only")
    func claimedRoutingKey() async {
        #expect(ZoomConnector.descriptor.claimedRoutingKey(ofWebhookBody: WebhookFixtures.created) == "acct-1")
        #expect(ZoomConnector.descriptor.claimedRoutingKey(ofWebhookBody: WebhookFixtures.urlValidation) == nil)
        #expect(ZoomConnector.descriptor.claimedRoutingKey(ofWebhookBody: Data("not json".utf8)) == nil)
        // Read by a byte walk: nested objects, arrays, escapes and other account_id keys are skipped.
        let tricky = Data(
            (#"{"object":{"account_id":"not-this","x":[1,{"y":"}\"]"}]},"event":"webinar.updated","#
                + #" "payload" : {"object":{"account_id":"nor-this"},"n":-1.5e3,"b":true, "account_id" : "acct-9"}}"#).utf8)
        #expect(ZoomConnector.descriptor.claimedRoutingKey(ofWebhookBody: tricky) == "acct-9")
        let escaped = Data(#"{"payload":{"account_id":"a\u0062c"}}"#.utf8)
        #expect(ZoomConnector.descriptor.claimedRoutingKey(ofWebhookBody: escaped) == "abc")
    }

    @Test("an authentic event naming another account is refused")
    func foreignAccount() async throws {
        let body = Data(
            String(decoding: WebhookFixtures.created, as: UTF8.self)
                .replacingOccurrences(of: "\"account_id\":\"acct-1\"", with: "\"account_id\":\"acct-9\"")
                .utf8)
        let rejection = await #expect(throws: WebhookRejection.self) {
            try await connector().verifyWebhook(request(body, signedAt: arrival))
        }
        #expect(rejection?.reason == .malformed)
    }

    @Test("the envelope reads the same whether the byte walk or JSONDecoder reads it: escaped keys, extra fields, broken JSON")
    func envelopeForms() async throws {
        let zoom = try connector()
        // An escaped key is left to JSONDecoder, which reads it as the plain one.
        let escaped = Data(
            #"{"\u0065vent":"webinar.updated","event_ts":1775059200000,"payload":{"account_id":"acct-1","object":{"id":1}}}"#.utf8)
        guard case .accepted(let fromDecoder) = try await zoom.verifyWebhook(request(escaped, signedAt: arrival)) else {
            Issue.record("an escaped key should still be read")
            return
        }
        #expect(fromDecoder.eventType == "webinar.updated")
        #expect(fromDecoder.occurredAt == Date(timeIntervalSince1970: 1_775_059_200))
        // Fields the envelope does not need, nested arrays and nulls are skipped.
        let extra = Data(
            (#"{"x":[1,{"y":null}],"event":"webinar.updated","payload":{"object":{"id":"1"},"#
                + #""plainToken":null,"account_id":"acct-1"},"event_ts":null}"#).utf8)
        guard case .accepted(let walked) = try await zoom.verifyWebhook(request(extra, signedAt: arrival)) else {
            Issue.record("extra fields should be skipped")
            return
        }
        #expect(walked.eventType == "webinar.updated")
        #expect(walked.occurredAt == nil)
        // A signed body that is not one JSON document is refused, as before.
        for broken in [#"{"event":"webinar.updated","payload":{"account_id":"acct-1"}} x"#, #"{"event":"webinar.updated","#] {
            let rejection = await #expect(throws: WebhookRejection.self) {
                try await zoom.verifyWebhook(request(Data(broken.utf8), signedAt: arrival))
            }
            #expect(rejection?.reason == .malformed)
        }
    }

    @Test("spaces and tabs around the signature are ignored; inside it they are not")
    func paddedHeaders() async throws {
        let body = WebhookFixtures.created
        var headers = WebhookFixtures.headers(body, at: arrival)
        headers["X-Zm-Signature"] = " \t" + (headers["X-Zm-Signature"] ?? "") + "  "
        let padded = try await connector().verifyWebhook(WebhookRequest(headers: headers, body: body, receivedAt: arrival))
        guard case .accepted = padded else {
            Issue.record("expected the padded delivery to be accepted, got \(padded)")
            return
        }
        headers["X-Zm-Signature"] = headers["X-Zm-Signature"]?.replacingOccurrences(of: "v0=", with: "v0= ")
        await #expect(throws: WebhookRejection.self) {
            try await connector().verifyWebhook(WebhookRequest(headers: headers, body: body, receivedAt: arrival))
        }
        headers["X-Zm-Signature"] = "   "
        await #expect(throws: WebhookRejection.self) {
            try await connector().verifyWebhook(WebhookRequest(headers: headers, body: body, receivedAt: arrival))
        }
    }
}
