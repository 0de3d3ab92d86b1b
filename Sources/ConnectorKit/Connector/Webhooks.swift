import Foundation

/// A webhook delivery as the host received it: raw bytes, headers, arrival time.
public struct WebhookRequest: Sendable {
    /// Headers with lower-cased names.
    public var headers: [String: String]
    /// The raw body, exactly as received (signatures cover these bytes).
    public var body: Data
    /// When it arrived (the host's clock).
    public var receivedAt: Date
    /// The URL's query parameters, decoded (some sources send an endpoint-validation token there).
    public var query: [String: String]

    /// Creates a request; header names are lower-cased.
    public init(headers: [String: String], body: Data, receivedAt: Date, query: [String: String] = [:]) {
        self.query = query
        // Usually lower-cased already (HTTP/2 and the host's HTTP layer give them so): kept as is then.
        self.headers =
            headers.keys.allSatisfy(Self.isLowercased)
            ? headers
            : Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
        self.receivedAt = receivedAt
    }

    /// A header by case-insensitive name.
    public func header(_ name: String) -> String? { headers[Self.isLowercased(name) ? name : name.lowercased()] }

    private static func isLowercased(_ name: String) -> Bool {
        !name.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }
}

/// The result of verifying a webhook.
public enum WebhookVerification: Sendable, Equatable {
    /// A challenge (endpoint validation) to answer with this body and status 200; nothing is stored.
    case challenge(responseBody: Data, contentType: String = "application/json")
    /// An authentic event; store it and answer 200.
    case accepted(WebhookEnvelope)
}

/// What the host stores about an accepted webhook besides its raw body.
public struct WebhookEnvelope: Sendable, Codable, Hashable {
    /// Event type, e.g. `webinar.registration_created`.
    public var eventType: String
    /// The account it came from (the routing key).
    public var routingKey: String
    /// When the source says the event happened.
    public var occurredAt: Date?
    /// A key identifying this delivery's content, for de-duplicating replays.
    public var deliveryKey: String

    /// Creates an envelope.
    public init(eventType: String, routingKey: String, occurredAt: Date?, deliveryKey: String) {
        self.eventType = eventType
        self.routingKey = routingKey
        self.occurredAt = occurredAt
        self.deliveryKey = deliveryKey
    }
}

/// Why a webhook was refused (the host answers 401 and stores nothing).
public struct WebhookRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason category.
    public enum Reason: String, Sendable, Hashable, Codable {
        /// Signature headers absent.
        case missingSignature = "missing_signature"
        /// Signature does not match.
        case badSignature = "bad_signature"
        /// Timestamp outside the allowed window (stale or replayed).
        case staleTimestamp = "stale_timestamp"
        /// Body is not the documented JSON.
        case malformed
    }

    /// The category.
    public var reason: Reason
    /// Detail for logs and the sender (never secrets).
    public var message: String

    /// Creates a rejection.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// `reason: message`
    public var description: String { "\(reason.rawValue): \(message)" }
}
