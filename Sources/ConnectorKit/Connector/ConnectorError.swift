/// Why a connector could not do what was asked. Messages never contain secrets.
public struct ConnectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, which decides what the host does next.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The input is wrong (e.g. not a webinar id); do not retry.
        case invalidInput = "invalid_input"
        /// The thing does not exist in the source.
        case notFound = "not_found"
        /// Credentials were refused; fix the configuration.
        case unauthorized
        /// The source is rate limiting; retry after ``ConnectorError/retryAfterSeconds``.
        case rateLimited = "rate_limited"
        /// The source failed or timed out after retries; retry later.
        case unavailable
        /// The source refused the request for a reason its message explains (e.g. registration closed).
        case rejected
        /// The thing exists but the integration does not support it (e.g. an event-platform webinar).
        case unsupported
        /// The connector is configured wrongly.
        case configuration
        /// The source answered something that does not fit its documented shape.
        case malformedData = "malformed_data"

        /// See ``ConnectorError/isPermanent``.
        public var isPermanent: Bool {
            switch self {
            case .invalidInput, .notFound, .rejected, .unsupported, .malformedData: true
            case .unauthorized, .rateLimited, .unavailable, .configuration: false
            }
        }
    }

    /// The kind.
    public var kind: Kind
    /// What happened and what to do, in words a user understands.
    public var message: String
    /// The source's own error code (e.g. `3027`), when it gave one.
    public var sourceCode: Int?
    /// The HTTP status the source answered with, when any.
    public var httpStatus: Int?
    /// Seconds to wait before retrying, for rate limits.
    public var retryAfterSeconds: Double?

    /// Creates an error.
    public init(
        _ kind: Kind,
        _ message: String,
        sourceCode: Int? = nil,
        httpStatus: Int? = nil,
        retryAfterSeconds: Double? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sourceCode = sourceCode
        self.httpStatus = httpStatus
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Whether trying again later may succeed.
    public var isRetryable: Bool { kind == .rateLimited || kind == .unavailable }

    /// Whether the failure is permanent: the same request can never succeed, however often it
    /// is tried (the thing does not exist, the data or input is malformed, the source refused
    /// it for good, or it is not supported). Everything else — rate limits, outages, refused
    /// credentials and configuration, which an operator can fix — is transient.
    public var isPermanent: Bool { kind.isPermanent }

    /// The message, with the source's code when there is one.
    public var description: String {
        sourceCode.map { "\(message) (code \($0))" } ?? message
    }
}
