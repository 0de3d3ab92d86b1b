import ConnectorKit
import Crypto
import Foundation
import SwitchyardJSON

/// Verifies Zoom webhook deliveries and answers Zoom's endpoint URL validation.
///
/// A delivery is authentic when `x-zm-signature` is `v0=` followed by the hex HMAC-SHA256,
/// keyed with the app's secret token, of `v0:{x-zm-request-timestamp}:{raw body}`, and its
/// timestamp is within five minutes of its arrival (so a captured delivery cannot be replayed
/// later). The signature is compared in constant time.
struct ZoomWebhookVerifier: Sendable {
    /// The accepted distance between the signed timestamp and the arrival time.
    static let window: TimeInterval = 5 * 60

    let secretToken: Secret
    let accountID: String
    /// HMAC-SHA256 keyed with the secret token, made once: each check starts from a copy (the
    /// digest states inside are copy-on-write) instead of hashing the key into the pads again.
    /// Never mutated after `init`, so sharing it between threads is safe.
    private nonisolated(unsafe) let keyed: HMAC<SHA256>

    init(secretToken: Secret, accountID: String) {
        self.secretToken = secretToken
        self.accountID = accountID
        keyed = HMAC<SHA256>(key: SymmetricKey(data: Data(secretToken.reveal().utf8)))
    }

    private var key: SymmetricKey { SymmetricKey(data: Data(secretToken.reveal().utf8)) }

    struct Envelope: Decodable {
        struct Payload: Decodable {
            var accountId: String? = nil
            var plainToken: String? = nil

            enum CodingKeys: String, CodingKey {
                case accountId = "account_id"
                case plainToken
            }
        }

        var event: String
        var eventTs: Int64?
        var payload: Payload?

        enum CodingKeys: String, CodingKey {
            case event, payload
            case eventTs = "event_ts"
        }
    }

    /// Checks signature and freshness, then answers a URL validation or accepts the event.
    func verify(_ request: WebhookRequest) throws -> WebhookVerification {
        guard let signature = request.header("x-zm-signature"),
            let timestampText = request.header("x-zm-request-timestamp")
        else {
            throw WebhookRejection(
                .missingSignature, "x-zm-signature and x-zm-request-timestamp headers are required")
        }
        guard let timestamp = Int64(Self.trimmed(timestampText)) else {
            throw WebhookRejection(.staleTimestamp, "x-zm-request-timestamp is not a Unix time")
        }
        let signedAt = Date(timeIntervalSince1970: TimeInterval(timestamp))
        guard abs(request.receivedAt.timeIntervalSince(signedAt)) <= Self.window else {
            throw WebhookRejection(
                .staleTimestamp,
                "the delivery was signed at \(signedAt.formatted(.iso8601)), more than 5 minutes from its arrival (stale or replayed)"
            )
        }
        guard isValid(signature: signature, timestamp: timestampText, body: request.body) else {
            throw WebhookRejection(.badSignature, "x-zm-signature does not match the body")
        }
        guard let envelope = try? Envelope.read(request.body) else {
            throw WebhookRejection(.malformed, "the body is not a Zoom event (JSON with an 'event')")
        }
        if envelope.event == "endpoint.url_validation" {
            return .challenge(responseBody: try challengeResponse(envelope.payload?.plainToken))
        }
        let claimed = envelope.payload?.accountId ?? ""
        guard claimed == accountID else {
            throw WebhookRejection(
                .malformed, "the event names account '\(claimed)', but this connector serves '\(accountID)'"
            )
        }
        return .accepted(
            WebhookEnvelope(
                eventType: envelope.event, routingKey: accountID,
                occurredAt: envelope.eventTs.map { Date(timeIntervalSince1970: TimeInterval($0) / 1000) },
                deliveryKey: Self.deliveryKey(request.body)))
    }

    /// Whether `signature` is `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`.
    func isValid(signature: String, timestamp: String, body: Data) -> Bool {
        let text = Self.trimmed(signature)
        guard text.hasPrefix("v0="), let mac = HexEncoding.bytes(text.dropFirst(3)),
            mac.count == SHA256.byteCount
        else { return false }
        var hmac = keyed
        hmac.update(data: Data("v0:\(timestamp):".utf8))
        hmac.update(data: body)
        return hmac.finalize() == mac  // constant-time comparison (swift-crypto)
    }

    /// `text` without leading and trailing spaces and tabs (HTTP's optional whitespace), without
    /// Foundation's `trimmingCharacters` (a detour through `NSString` on Linux, per delivery).
    static func trimmed(_ text: String) -> Substring {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = text.utf8.firstIndex(where: { !isSpace($0) }), let last = text.utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return text[first...last]
    }

    /// The signature Zoom would send for `body` at `timestamp` (used by tests and tools).
    func signature(timestamp: String, body: Data) -> String {
        var message = Data("v0:\(timestamp):".utf8)
        message.append(body)
        return "v0=" + Self.hex(Data(HMAC<SHA256>.authenticationCode(for: message, using: key)))
    }

    /// `{"plainToken": p, "encryptedToken": hex HMAC-SHA256(secret, p)}`.
    private func challengeResponse(_ plainToken: String?) throws -> Data {
        guard let plainToken, !plainToken.isEmpty else {
            throw WebhookRejection(.malformed, "endpoint.url_validation without payload.plainToken")
        }
        let encrypted = Self.hex(
            Data(HMAC<SHA256>.authenticationCode(for: Data(plainToken.utf8), using: key)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(["plainToken": plainToken, "encryptedToken": encrypted])
    }

    /// SHA-256 of the body: the same delivery replayed has the same key.
    static func deliveryKey(_ body: Data) -> String {
        "zoom:" + SHA256.hash(data: body).withUnsafeBytes { HexEncoding.string($0, prefix: SHA256.byteCount) }
    }

    static func hex(_ data: Data) -> String {
        HexEncoding.string(data)
    }

    static func bytes(hex: String) -> Data? {
        HexEncoding.bytes(hex).map { Data($0) }
    }
}

extension ZoomWebhookVerifier.Envelope {
    /// The envelope of `body`, read by a byte walk over the whole document (so only valid JSON
    /// passes, as with `JSONDecoder`) without building a decoder per delivery; `JSONDecoder`
    /// when the walk cannot read it (an escaped key, a fractional `event_ts`, …), which either
    /// reads it or says what is wrong.
    static func read(_ body: Data) throws -> Self {
        if let envelope = try? JSONByteReader.read(body, { try read(&$0) }) { return envelope }
        return try JSONDecoder().decode(Self.self, from: body)
    }

    private static func read(_ reader: inout JSONByteReader) throws -> Self {
        var event: String?
        var eventTs: Int64?
        var payload: Payload?
        try reader.object { reader, key in
            if keyIs(key, "event") {
                event = try reader.string()
            } else if keyIs(key, "event_ts") {
                eventTs = try reader.optionalInt().map(Int64.init)
            } else if keyIs(key, "payload") {
                payload = try reader.null() ? nil : readPayload(&reader)
            } else {
                try reader.skip()
            }
        }
        guard let event else { throw JSONByteReader.Unreadable() }
        return Self(event: event, eventTs: eventTs, payload: payload)
    }

    private static func readPayload(_ reader: inout JSONByteReader) throws -> Payload {
        var payload = Payload()
        try reader.object { reader, key in
            if keyIs(key, "account_id") {
                payload.accountId = try reader.optionalString()
            } else if keyIs(key, "plainToken") {
                payload.plainToken = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        return payload
    }
}
