import Foundation
import HubSpot
import Testing

/// HubSpot's request signatures against the published test vectors: the v2 examples of
/// HubSpot's "Validating requests" documentation and the v3 vector of HubSpot's official
/// Python client (`tests/spec/utils/test_signature.py`).
@Suite("HubSpot request signatures (v2, v3)")
struct RequestSignatureTests {
    static let secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
    static let uri = "https://www.example.com/webhook_uri"

    @Test("v2: the documented GET and POST examples")
    func v2PublishedVectors() throws {
        #expect(
            HubSpotRequestSignature.v2(clientSecret: Self.secret, method: "GET", uri: Self.uri, body: Data())
                == "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e")
        let body = Data(#"{"example_field":"example_value"}"#.utf8)
        #expect(
            HubSpotRequestSignature.v2(clientSecret: Self.secret, method: "POST", uri: Self.uri, body: body)
                == "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900")
        let headers = [
            "x-hubspot-signature": "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900",
            "x-hubspot-signature-version": "v2",
        ]
        let version = try HubSpotRequestSignature.verify(
            headers: headers, method: "POST", uri: Self.uri, body: body, clientSecret: Self.secret)
        #expect(version == .v2)
        #expect(throws: HubSpotSignatureRejection.self) {
            try HubSpotRequestSignature.verify(
                headers: headers, method: "POST", uri: Self.uri, body: body, clientSecret: Self.secret, acceptingV2Only: false)
        }
    }

    @Test("v3: the official client's vector, verified inside the 5-minute window")
    func v3PublishedVector() throws {
        let body = Data("{'example_field':'example_value'}".utf8)
        let signature = "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw="
        #expect(
            HubSpotRequestSignature.v3(clientSecret: Self.secret, method: "POST", uri: Self.uri, body: body, timestamp: "15000000")
                == signature)
        let headers = ["x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": "15000000"]
        let version = try HubSpotRequestSignature.verify(
            headers: headers, method: "POST", uri: Self.uri, body: body, clientSecret: Self.secret,
            now: Date(timeIntervalSince1970: 15_000 + 120))
        #expect(version == .v3)
    }

    @Test("a wrong secret, a changed body, a changed URL and a stale timestamp are refused")
    func refusals() throws {
        let body = Data(#"{"callbackId":"ap-1-2-3"}"#.utf8)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let timestamp = String(Int64(now.timeIntervalSince1970 * 1000))
        let signed = [
            "x-hubspot-signature-v3": HubSpotRequestSignature.v3(
                clientSecret: "right", method: "POST", uri: Self.uri, body: body, timestamp: timestamp),
            "x-hubspot-request-timestamp": timestamp,
        ]
        #expect(
            try HubSpotRequestSignature.verify(
                headers: signed, method: "POST", uri: Self.uri, body: body, clientSecret: "right", now: now) == .v3)

        func reason(_ headers: [String: String], body: Data = body, uri: String = Self.uri, secret: String = "right", at: Date = now)
            -> HubSpotSignatureRejection.Reason?
        {
            do {
                _ = try HubSpotRequestSignature.verify(
                    headers: headers, method: "POST", uri: uri, body: body, clientSecret: secret, now: at)
                return nil
            } catch {
                return error.reason
            }
        }
        #expect(reason(signed, secret: "wrong") == .badSignature)
        #expect(reason(signed, body: Data(#"{"callbackId":"ap-1-2-4"}"#.utf8)) == .badSignature)
        #expect(reason(signed, uri: "https://www.example.com/other") == .badSignature)
        #expect(reason(signed, at: now.addingTimeInterval(301)) == .staleTimestamp)
        #expect(reason(signed, at: now.addingTimeInterval(-301)) == .staleTimestamp)
        #expect(reason([:]) == .unsigned)

        let v2 = [
            "x-hubspot-signature": HubSpotRequestSignature.v2(clientSecret: "right", method: "POST", uri: Self.uri, body: body),
            "x-hubspot-signature-version": "v2",
        ]
        #expect(reason(v2) == nil)
        #expect(reason(v2, secret: "wrong") == .badSignature)
        #expect(reason(v2, body: Data("{}".utf8)) == .badSignature)
        var v1 = v2
        v1["x-hubspot-signature-version"] = "v1"
        #expect(reason(v1) == .badSignature)
        // A bad v3 signature is refused even when the v2 one matches.
        var both = v2
        both["x-hubspot-signature-v3"] = "AAAA"
        both["x-hubspot-request-timestamp"] = timestamp
        #expect(reason(both) == .badSignature)
    }

    @Test("v3 signs the URI with HubSpot's documented characters decoded")
    func decodedURI() {
        let body = Data()
        let encoded = HubSpotRequestSignature.v3(
            clientSecret: "s", method: "POST", uri: "https://h.example/a?x=1%3A2%2C3", body: body, timestamp: "1")
        let plain = HubSpotRequestSignature.v3(
            clientSecret: "s", method: "POST", uri: "https://h.example/a?x=1:2,3", body: body, timestamp: "1")
        #expect(encoded == plain)
    }
}
