import Crypto
import Foundation

/// Why a request could not be verified as coming from HubSpot. Messages never contain the secret.
public struct HubSpotSignatureRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: String, Sendable, Equatable {
        /// Neither `X-HubSpot-Signature-v3` nor a v2 `X-HubSpot-Signature` was sent.
        case unsigned
        /// A signature was sent but does not match (wrong secret, changed body or URI).
        case badSignature = "bad_signature"
        /// `X-HubSpot-Request-Timestamp` is missing, unreadable or outside the allowed window.
        case staleTimestamp = "stale_timestamp"
        /// Only a v2 signature was sent where v3 is expected.
        case v2Only = "v2_only"
    }

    /// What was wrong.
    public var reason: Reason
    /// What happened and what to do.
    public var message: String

    /// The message.
    public var description: String { message }
}

/// HubSpot's request signatures (workflow actions, webhooks, CRM cards), as documented in
/// "Validating requests": v3 (`X-HubSpot-Signature-v3`) and v2 (`X-HubSpot-Signature` with
/// `X-HubSpot-Signature-Version: v2`), both keyed with the app's client secret.
public enum HubSpotRequestSignature {
    /// Which signature verified a request.
    public enum Version: String, Sendable, Equatable {
        case v2, v3
    }

    /// How old (or how far in the future) a v3 timestamp may be: HubSpot says 5 minutes.
    public static let maximumAge: TimeInterval = 300

    /// `X-HubSpot-Signature-v3`: base64 of HMAC-SHA256 over `method + uri + body + timestamp`,
    /// keyed with the client secret (timestamp in epoch milliseconds, as sent).
    public static func v3(clientSecret: String, method: String, uri: String, body: Data, timestamp: String) -> String {
        var message = Data((method + decodedURI(uri)).utf8)
        message.append(body)
        message.append(Data(timestamp.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(clientSecret.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// `X-HubSpot-Signature` version v2: hex SHA-256 of `clientSecret + method + uri + body`.
    public static func v2(clientSecret: String, method: String, uri: String, body: Data) -> String {
        var message = Data((clientSecret + method + uri).utf8)
        message.append(body)
        return SHA256.hash(data: message).map { String(format: "%02x", $0) }.joined()
    }

    /// Verifies a request: v3 when its header is present (a bad v3 signature is refused even if
    /// a v2 one would match), otherwise v2 unless `acceptingV2Only` is false. HubSpot adds v3 to
    /// every request it sends an app (keeping v2 for backward compatibility), and v2 signs no
    /// timestamp, so a v2-only request to an app may be a replay: refuse it there.
    ///
    /// - Parameters:
    ///   - headers: request headers by lower-cased name.
    ///   - method: the HTTP method, e.g. `POST`.
    ///   - uri: the full URL HubSpot called (scheme, host, path and query), as configured.
    ///   - body: the raw body.
    ///   - clientSecret: the app's client secret.
    ///   - now: the current time (for the v3 timestamp window).
    ///   - acceptingV2Only: whether a request signed only with v2 is accepted.
    /// - Returns: the version that verified it.
    public static func verify(
        headers: [String: String], method: String, uri: String, body: Data, clientSecret: String, now: Date = Date(),
        acceptingV2Only: Bool = true
    ) throws(HubSpotSignatureRejection) -> Version {
        if let signature = headers["x-hubspot-signature-v3"] {
            guard let timestamp = headers["x-hubspot-request-timestamp"], let millis = Double(timestamp) else {
                throw HubSpotSignatureRejection(
                    reason: .staleTimestamp,
                    message: "X-HubSpot-Signature-v3 came without a readable X-HubSpot-Request-Timestamp; the request was refused")
            }
            guard abs(now.timeIntervalSince1970 - millis / 1000) <= maximumAge else {
                throw HubSpotSignatureRejection(
                    reason: .staleTimestamp,
                    message:
                        "the request's X-HubSpot-Request-Timestamp is more than 5 minutes away from now (a replay, or a wrong clock); the request was refused"
                )
            }
            let expected = v3(clientSecret: clientSecret, method: method, uri: uri, body: body, timestamp: timestamp)
            guard constantTimeEqual(expected, signature) else { throw badSignature("X-HubSpot-Signature-v3") }
            return .v3
        }
        if let signature = headers["x-hubspot-signature"] {
            guard acceptingV2Only else {
                throw HubSpotSignatureRejection(
                    reason: .v2Only,
                    message:
                        "the request carries only a v2 X-HubSpot-Signature, which signs no timestamp; HubSpot sends X-HubSpot-Signature-v3 with every request to an app, so it was refused"
                )
            }
            guard headers["x-hubspot-signature-version"]?.lowercased() == "v2" else {
                throw HubSpotSignatureRejection(
                    reason: .badSignature,
                    message:
                        "X-HubSpot-Signature version '\(headers["x-hubspot-signature-version"] ?? "v1")' is not accepted (only v2 and v3 sign the method and URL); the request was refused"
                )
            }
            let expected = v2(clientSecret: clientSecret, method: method, uri: uri, body: body)
            guard constantTimeEqual(expected, signature.lowercased()) else { throw badSignature("X-HubSpot-Signature (v2)") }
            return .v2
        }
        throw HubSpotSignatureRejection(
            reason: .unsigned,
            message: "the request carries no HubSpot signature (X-HubSpot-Signature-v3 or X-HubSpot-Signature); it was refused")
    }

    private static func badSignature(_ header: String) -> HubSpotSignatureRejection {
        HubSpotSignatureRejection(
            reason: .badSignature,
            message:
                "\(header) does not match: the request was not signed with this tenant's app client secret, or its URL or body changed on the way; it was refused"
        )
    }

    /// The URI with the characters HubSpot decodes before signing v3 (`%3A` → `:`, `%2F` → `/`, …).
    static func decodedURI(_ uri: String) -> String {
        let decoded = [
            "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(", "%29": ")",
            "%2A": "*", "%2C": ",", "%3B": ";",
        ]
        guard uri.contains("%") else { return uri }
        var result = uri
        for (encoded, character) in decoded {
            result = result.replacingOccurrences(of: encoded, with: character, options: .caseInsensitive)
        }
        return result
    }

    private static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
