import Foundation

/// A failed HubSpot call: what happened, where, and what to do about it.
///
/// Carries HubSpot's own error fields (`category`, `message`, `correlationId`) when HubSpot
/// answered, plus the operation that failed. Never contains an access token or API key:
/// the transport scrubs secrets out of every message before building the error.
public struct HubSpotError: Error, Sendable, CustomStringConvertible {
    /// The broad class of failure.
    public enum Kind: Sendable, Equatable {
        /// HubSpot answered with a non-success HTTP status (not 429).
        case http
        /// HubSpot kept answering 429 for a rolling limit (`policyName`) after the allowed retries.
        case rateLimited(policyName: String)
        /// The portal's daily request limit is spent; it resets at `resetsAt`.
        case dailyLimitReached(resetsAt: Date)
        /// No answer in time (after the allowed retries).
        case timeout
        /// The connection failed (after the allowed retries).
        case transport
        /// HubSpot answered something the client could not decode.
        case invalidResponse
        /// The call needs the app's developer credentials and none were configured.
        case missingDeveloperCredentials
        /// The client configuration or the request is invalid (nothing was sent).
        case invalidRequest
    }

    /// The broad class of failure.
    public var kind: Kind
    /// The operation that failed, e.g. `contacts.batchUpsert`.
    public var operation: String
    /// The HTTP status HubSpot answered, when it answered.
    public var status: Int?
    /// HubSpot's error `category`, e.g. `VALIDATION_ERROR`, `OBJECT_NOT_FOUND`, `CONFLICT`.
    public var category: String?
    /// HubSpot's `subCategory`, when it is a string.
    public var subCategory: String?
    /// HubSpot's (or the client's) message, secrets removed.
    public var message: String
    /// HubSpot's `correlationId`: quote it to HubSpot support.
    public var correlationId: String?
    /// Messages of HubSpot's detailed `errors`, secrets removed.
    public var details: [String]
    /// How many attempts were made.
    public var attempts: Int

    /// Creates an error; the transport builds these.
    public init(
        kind: Kind, operation: String, status: Int? = nil, category: String? = nil,
        subCategory: String? = nil,
        message: String, correlationId: String? = nil, details: [String] = [], attempts: Int = 1
    ) {
        self.kind = kind
        self.operation = operation
        self.status = status
        self.category = category
        self.subCategory = subCategory
        self.message = message
        self.correlationId = correlationId
        self.details = details
        self.attempts = attempts
    }

    /// `true` for 404 (the object does not exist, e.g. deleted in HubSpot).
    public var isNotFound: Bool { status == 404 }
    /// `true` for 409 (the object already exists).
    public var isConflict: Bool { status == 409 }

    /// What to do about it, in one sentence.
    public var advice: String {
        switch kind {
        case .dailyLimitReached(let resetsAt):
            return
                "The portal's daily API limit is spent; requests resume after \(Self.format(resetsAt)). "
                + "Wait, reduce sync volume, or raise the limit (API limit increase pack)."
        case .rateLimited:
            return "HubSpot kept rate-limiting this portal; another integration may share the limit. "
                + "Lower the configured requests per window or retry later."
        case .timeout:
            return
                "HubSpot did not answer in time; check connectivity to the API base URL and retry later."
        case .transport:
            return "HubSpot could not be reached; check the API base URL and network, then retry."
        case .invalidResponse:
            return "HubSpot's answer did not match its published spec; report it with the correlation id."
        case .missingDeveloperCredentials:
            return "Configure the app id and developer API key of the HubSpot app (hubspot.app_id)."
        case .invalidRequest:
            return "Fix the client configuration or the request; nothing was sent to HubSpot."
        case .http:
            return Self.advice(forStatus: status ?? 0)
        }
    }

    private static func advice(forStatus status: Int) -> String {
        switch status {
        case 400, 422:
            return "Fix the request data named in the message; retrying unchanged fails again."
        case 401:
            return
                "The access token is invalid, expired or revoked: reconnect the portal or rotate the private app token."
        case 403:
            return
                "The token lacks a required scope or the portal lacks the feature: add the scope to the app and reinstall."
        case 404:
            return
                "The object does not exist (it may have been deleted in HubSpot); do not re-create it automatically."
        case 409: return "The object already exists; treat the write as done or update it instead."
        case 500...599:
            return "HubSpot failed on its side; retry later and quote the correlation id if it persists."
        default:
            return "Inspect the message and correlation id; retrying unchanged is unlikely to help."
        }
    }

    /// One line: operation, status, category, message, correlation id and advice.
    public var description: String {
        var parts = ["HubSpot \(operation) failed"]
        if let status { parts.append("HTTP \(status)") }
        if let category { parts.append(category) }
        var text = parts.joined(separator: ": ") + ": " + message
        if !details.isEmpty { text += " (" + details.joined(separator: "; ") + ")" }
        if let correlationId { text += " [correlationId \(correlationId)]" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text + ". What to do: " + advice
    }

    static func dailyLimitReached(operation: String, portalId: String, resetsAt: Date) -> HubSpotError {
        HubSpotError(
            kind: .dailyLimitReached(resetsAt: resetsAt), operation: operation, status: 429,
            category: "RATE_LIMITS",
            message: "daily API limit of portal \(portalId) reached; resets at \(format(resetsAt))")
    }

    private static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// The JSON body of a HubSpot error answer (schema `Error`, plus `policyName` on 429s).
struct HubSpotErrorBody: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        var message: String?
    }

    var message: String?
    var category: String?
    var subCategory: String?
    var correlationId: String?
    var policyName: String?
    var errors: [Detail]?

    enum CodingKeys: String, CodingKey {
        case message, category, subCategory, correlationId, policyName, errors
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        category = try? container.decodeIfPresent(String.self, forKey: .category)
        // `subCategory` is a string in `Error` but an object in `StandardError`.
        subCategory = try? container.decodeIfPresent(String.self, forKey: .subCategory)
        correlationId = try? container.decodeIfPresent(String.self, forKey: .correlationId)
        policyName = try? container.decodeIfPresent(String.self, forKey: .policyName)
        errors = try? container.decodeIfPresent([Detail].self, forKey: .errors)
    }
}
