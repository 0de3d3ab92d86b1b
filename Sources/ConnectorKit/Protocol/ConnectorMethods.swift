import Foundation

/// The methods of connector protocol version 1 (document §3–§4).
public enum ConnectorMethod: String, Sendable, CaseIterable {
    case handshake, configure, release, cancel
    case verifyWebhook = "verify_webhook"
    case decodeWebhook = "decode_webhook"
    case listWebinars = "list_webinars"
    case listPastWebinars = "list_past_webinars"
    case snapshot, perform, recording
    case maintainSubscriptions = "maintain_subscriptions"
    /// A notification (no answer): the share of the source accounts' rate limits from now on.
    case shareBudget = "share_budget"
}

/// The protocol versions this build speaks.
public enum ConnectorProtocol {
    /// Version 1.
    public static let version = 1
}

/// `handshake` params.
public struct HandshakeParams: Codable, Sendable, Hashable {
    /// The versions the host speaks.
    public var protocolVersions: [Int]
    /// The host's name, `switchyard`.
    public var host: String
    /// Optional features the host understands (``ConnectorFeature``); may be empty.
    public var features: [String]

    /// Creates params.
    public init(
        protocolVersions: [Int] = [ConnectorProtocol.version], host: String = "switchyard", features: [String] = []
    ) {
        self.protocolVersions = protocolVersions
        self.host = host
        self.features = features
    }

    private enum CodingKeys: String, CodingKey { case protocolVersions, host, features }

    /// Decodes; `host` and `features` may be omitted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        protocolVersions = try container.decode([Int].self, forKey: .protocolVersions)
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? ""
        features = try container.decodeIfPresent([String].self, forKey: .features) ?? []
    }
}

/// `handshake` result.
public struct HandshakeResult: Codable, Sendable {
    /// The version the connector speaks (one of the offered).
    public var protocolVersion: Int
    /// The connector's descriptor.
    public var descriptor: ConnectorDescriptor

    /// Creates a result.
    public init(protocolVersion: Int, descriptor: ConnectorDescriptor) {
        self.protocolVersion = protocolVersion
        self.descriptor = descriptor
    }
}

/// What the host tells an instance about its environment in `configure`.
public struct ConfigureContext: Codable, Sendable, Hashable {
    /// Base URLs of the host's simulators by service name, for fields whose value is `sandbox`.
    public var sandboxBaseURLs: [String: String]
    /// How many host replicas share each source account's rate limits now (absent: 1, the
    /// whole budget); later changes come as `share_budget` notifications.
    public var budgetSharedBy: Int?

    /// Creates a context.
    public init(sandboxBaseURLs: [String: String] = [:], budgetSharedBy: Int? = nil) {
        self.sandboxBaseURLs = sandboxBaseURLs
        self.budgetSharedBy = budgetSharedBy
    }

    private enum CodingKeys: String, CodingKey { case sandboxBaseURLs, budgetSharedBy }

    /// Decodes; `sandboxBaseURLs` and `budgetSharedBy` may be omitted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sandboxBaseURLs = try container.decodeIfPresent([String: String].self, forKey: .sandboxBaseURLs) ?? [:]
        budgetSharedBy = try container.decodeIfPresent(Int.self, forKey: .budgetSharedBy)
    }
}

/// `share_budget` notification params: pace by `1/sharedBy` of each source account's rate
/// limits from now on (every instance of the process).
public struct ShareBudgetParams: Codable, Sendable, Hashable {
    /// How many host replicas share each account's limits (at least 1).
    public var sharedBy: Int

    /// Creates params.
    public init(sharedBy: Int) {
        self.sharedBy = sharedBy
    }
}

/// `configure` params. The config carries resolved secrets: never log these params.
public struct ConfigureParams: Codable, Sendable {
    /// The instance id the host chose.
    public var instance: String
    /// The validated config, defaults filled in.
    public var config: WireConfig
    /// The host's context.
    public var context: ConfigureContext

    /// Creates params.
    public init(instance: String, config: WireConfig, context: ConfigureContext) {
        self.instance = instance
        self.config = config
        self.context = context
    }

    private enum CodingKeys: String, CodingKey { case instance, config, context }

    /// Decodes; `context` may be omitted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        instance = try container.decode(String.self, forKey: .instance)
        config = try container.decode(WireConfig.self, forKey: .config)
        context = try container.decodeIfPresent(ConfigureContext.self, forKey: .context) ?? ConfigureContext()
    }
}

/// `configure` result.
public struct ConfigureResult: Codable, Sendable, Hashable {
    /// The account this instance serves.
    public var routingKey: String
    /// Its per-host-user settings.
    public var hostPolicies: [HostPolicy]

    /// Creates a result.
    public init(routingKey: String, hostPolicies: [HostPolicy]) {
        self.routingKey = routingKey
        self.hostPolicies = hostPolicies
    }
}

/// Params naming just an instance (`release`, `list_webinars`).
public struct InstanceParams: Codable, Sendable, Hashable {
    /// The instance.
    public var instance: String

    /// Creates params.
    public init(instance: String) { self.instance = instance }
}

/// The empty result `{}` (`release`).
public struct EmptyResult: Codable, Sendable, Hashable {
    /// Creates it.
    public init() {}
}

/// `verify_webhook` params.
public struct VerifyWebhookParams: Codable, Sendable, Hashable {
    /// The instance.
    public var instance: String
    /// Headers with lower-case names.
    public var headers: [String: String]
    /// Query parameters.
    public var query: [String: String]
    /// The raw body (base64 on the wire).
    public var body: Data
    /// When the host received it.
    public var receivedAt: Date

    /// Creates params from a webhook request.
    public init(instance: String, request: WebhookRequest) {
        self.instance = instance
        self.headers = request.headers
        self.query = request.query
        self.body = request.body
        self.receivedAt = request.receivedAt
    }

    private enum CodingKeys: String, CodingKey { case instance, headers, query, body, receivedAt }

    /// Decodes; `headers` and `query` may be omitted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        instance = try container.decode(String.self, forKey: .instance)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        query = try container.decodeIfPresent([String: String].self, forKey: .query) ?? [:]
        body = try container.decode(Data.self, forKey: .body)
        receivedAt = try container.decode(Date.self, forKey: .receivedAt)
    }

    /// The webhook request these params describe.
    public var request: WebhookRequest {
        WebhookRequest(headers: headers, body: body, receivedAt: receivedAt, query: query)
    }
}

/// `verify_webhook` result: accepted, a challenge, or rejected.
public enum VerifyWebhookResult: Codable, Sendable, Hashable {
    /// An authentic event to store.
    case accepted(WebhookEnvelope)
    /// A challenge to answer with this body.
    case challenge(body: Data, contentType: String)
    /// Not authentic.
    case rejected(WebhookRejection)

    private enum CodingKeys: String, CodingKey { case outcome, envelope, body, contentType, reason, message }

    /// Creates the result of a verification.
    public init(_ verification: WebhookVerification) {
        switch verification {
        case .accepted(let envelope): self = .accepted(envelope)
        case .challenge(let body, let contentType): self = .challenge(body: body, contentType: contentType)
        }
    }

    /// The verification, or the rejection thrown.
    public func verification() throws(WebhookRejection) -> WebhookVerification {
        switch self {
        case .accepted(let envelope): return .accepted(envelope)
        case .challenge(let body, let contentType): return .challenge(responseBody: body, contentType: contentType)
        case .rejected(let rejection): throw rejection
        }
    }

    /// Decodes by `outcome`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let outcome = try container.decode(String.self, forKey: .outcome)
        switch outcome {
        case "accepted":
            self = .accepted(try container.decode(WebhookEnvelope.self, forKey: .envelope))
        case "challenge":
            self = .challenge(
                body: try container.decode(Data.self, forKey: .body),
                contentType: try container.decodeIfPresent(String.self, forKey: .contentType) ?? "application/json")
        case "rejected":
            self = .rejected(
                WebhookRejection(
                    try container.decode(WebhookRejection.Reason.self, forKey: .reason),
                    try container.decodeIfPresent(String.self, forKey: .message) ?? ""))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .outcome, in: container, debugDescription: "unknown outcome '\(outcome)' (expected accepted, challenge or rejected)"
            )
        }
    }

    /// Encodes with `outcome`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .accepted(let envelope):
            try container.encode("accepted", forKey: .outcome)
            try container.encode(envelope, forKey: .envelope)
        case .challenge(let body, let contentType):
            try container.encode("challenge", forKey: .outcome)
            try container.encode(body, forKey: .body)
            try container.encode(contentType, forKey: .contentType)
        case .rejected(let rejection):
            try container.encode("rejected", forKey: .outcome)
            try container.encode(rejection.reason, forKey: .reason)
            try container.encode(rejection.message, forKey: .message)
        }
    }
}

/// `decode_webhook` params.
public struct DecodeWebhookParams: Codable, Sendable, Hashable {
    /// The instance.
    public var instance: String
    /// A body the instance accepted earlier (base64 on the wire).
    public var body: Data

    /// Creates params.
    public init(instance: String, body: Data) {
        self.instance = instance
        self.body = body
    }
}

/// `decode_webhook` result.
public struct DecodeWebhookResult: Codable, Sendable, Hashable {
    /// The normalized events.
    public var events: [SourceEvent]

    /// Creates a result.
    public init(events: [SourceEvent]) { self.events = events }
}

/// `list_webinars` result.
public struct ListWebinarsResult: Codable, Sendable, Hashable {
    /// The webinars.
    public var webinars: [Webinar]

    /// Creates a result.
    public init(webinars: [Webinar]) { self.webinars = webinars }
}

/// `list_past_webinars` params.
public struct ListPastWebinarsParams: Codable, Sendable, Hashable {
    /// The instance.
    public var instance: String
    /// The earliest start date wanted.
    public var since: Date

    /// Creates params.
    public init(instance: String, since: Date) {
        self.instance = instance
        self.since = since
    }
}

/// `snapshot` params.
public struct SnapshotParams: Codable, Sendable, Hashable {
    /// The instance.
    public var instance: String
    /// The webinar's id.
    public var webinarId: String

    /// Creates params.
    public init(instance: String, webinarId: String) {
        self.instance = instance
        self.webinarId = webinarId
    }
}

/// `snapshot` result.
public struct SnapshotResult: Codable, Sendable, Hashable {
    /// The snapshot.
    public var snapshot: WebinarSnapshot

    /// Creates a result.
    public init(snapshot: WebinarSnapshot) { self.snapshot = snapshot }
}

/// `recording` params (capability `recording_fetch`); the result is a ``RecordingFetch``
/// (`{"recording": …, "transcript": …, "problems": […]}`).
public struct RecordingParams: Codable, Sendable, Hashable {
    /// The instance.
    public var instance: String
    /// The webinar's id.
    public var webinarId: String
    /// The recorded occurrence (as the `transcript_completed` event names it); nil or absent: the latest.
    public var instanceUUID: String?

    /// Creates params.
    public init(instance: String, webinarId: String, instanceUUID: String? = nil) {
        self.instance = instance
        self.webinarId = webinarId
        self.instanceUUID = instanceUUID
    }
}

/// `perform` params; the result is an ``ActionResult`` (`{"outputs": …, "message": …}`).
public struct PerformParams: Codable, Sendable, Hashable {
    /// The instance.
    public var instance: String
    /// A declared action's name.
    public var action: String
    /// Input values by name.
    public var inputs: [String: String]

    /// Creates params.
    public init(instance: String, request: ActionRequest) {
        self.instance = instance
        self.action = request.action
        self.inputs = request.inputs
    }

    /// The action request.
    public var request: ActionRequest { ActionRequest(action: action, inputs: inputs) }
}

/// `cancel` notification params.
/// `maintain_subscriptions` params: the instance and where notifications must be delivered.
public struct MaintainSubscriptionsParams: Codable, Sendable, Hashable {
    /// The instance.
    public var instance: String
    /// The host's public `/webhooks/{type}` URL.
    public var notificationURL: String

    /// Creates params.
    public init(instance: String, request: SubscriptionRequest) {
        self.instance = instance
        self.notificationURL = request.notificationURL
    }

    /// The request the connector answers.
    public var request: SubscriptionRequest { SubscriptionRequest(notificationURL: notificationURL) }
}

public struct CancelParams: Codable, Sendable, Hashable {
    /// The id of the request whose answer is no longer needed.
    public var id: RPCID

    /// Creates params.
    public init(id: RPCID) { self.id = id }
}
