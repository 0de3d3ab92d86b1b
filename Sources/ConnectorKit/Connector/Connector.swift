import Foundation

/// A running source connector instance: turns one external account (e.g. one webinar platform account)
/// into normalized records, and performs actions in it.
///
/// A connector knows nothing about HubSpot, the store or the host. The host owns delivery,
/// retries, offsets and error tolerance (Kafka Connect's connector/task split). Instances come
/// from a ``ConnectorProvider``: a Swift type in this process (``NativeConnector``) or a plugin
/// process speaking the connector protocol (`docs/connector-protocol.md`).
public protocol Connector: Sendable {
    /// The account this instance serves (e.g. the source's account id); webhooks route by it.
    var routingKey: String { get }

    /// Per-host-user sync settings from the config (the sync engine applies them).
    var hostPolicies: [HostPolicy] { get }

    /// Verifies a webhook delivery's signature and freshness. Throws ``WebhookRejection``
    /// when it is not authentic; answers a challenge; or accepts it.
    func verifyWebhook(_ request: WebhookRequest) async throws -> WebhookVerification

    /// Decodes an accepted webhook body into normalized events. Throws ``ConnectorError``
    /// with kind `.malformedData` when the body does not fit the source's documented shape.
    func decodeWebhook(_ body: Data) async throws -> [SourceEvent]

    /// The webinars of the configured hosts (upcoming and recent past).
    func listWebinars() async throws -> [Webinar]

    /// A full snapshot of one webinar (by id).
    func snapshot(webinarID: String) async throws -> WebinarSnapshot

    /// The recording of one instance of a webinar (the latest when `instanceUUID` is nil) and its
    /// transcript, without the rest of the webinar (capability `recording_fetch`): a transcript
    /// that completed after its recording is applied from this instead of a full snapshot.
    /// Connectors without the capability get a default that takes a full snapshot and picks the
    /// recording out of it (the host takes the snapshot itself for them, and syncs all of it).
    func recording(webinarID: String, instanceUUID: String?) async throws -> RecordingFetch

    /// The webinars held since `since` that the source's history still holds, including
    /// those ``listWebinars()`` no longer lists (capability `past_webinar_listing`, for a
    /// backfill). Connectors without the capability throw ``ConnectorError`` `unsupported`.
    func listPastWebinars(since: Date) async throws -> PastWebinarListing

    /// Performs one of the actions declared in the descriptor.
    func perform(_ request: ActionRequest) async throws -> ActionResult

    /// Creates and renews the source's change-notification subscriptions (capability
    /// `subscriptions`); the host calls it at start and again by ``SubscriptionStatus/nextDueAt``.
    /// Connectors without the capability get a default that throws `.unsupported`.
    func maintainSubscriptions(_ request: SubscriptionRequest) async throws -> SubscriptionStatus
}

extension Connector {
    /// Default: a full snapshot, of which only the instance's recording and transcript are kept.
    public func recording(webinarID: String, instanceUUID: String?) async throws -> RecordingFetch {
        RecordingFetch(snapshot: try await snapshot(webinarID: webinarID), instanceUUID: instanceUUID)
    }

    /// Default: the connector cannot look back further than ``listWebinars()``.
    public func listPastWebinars(since: Date) async throws -> PastWebinarListing {
        throw ConnectorError(.unsupported, "This connector cannot list past webinars (no capability past_webinar_listing).")
    }
}

/// A connector written in Swift: its type carries the descriptor and builds instances from
/// validated config. The same type runs in the host's process (``NativeConnectorProvider``)
/// or as its own executable over the connector protocol (the plugin SDK).
public protocol NativeConnector: Connector {
    /// The descriptor: type name, version, config spec, capabilities, actions, HubSpot profile.
    static var descriptor: ConnectorDescriptor { get }

    /// Builds a connector from its validated config (secrets resolved) and the host's context.
    init(config: ConfigObject, context: ConnectorContext) throws
}

/// Per-host-user settings (DESIGN §1, per source user).
public struct HostPolicy: Sendable, Codable, Hashable {
    /// The host user's email.
    public var email: String
    /// Sync data from this user's newly scheduled webinars by default.
    public var syncNewWebinarsByDefault: Bool
    /// Sync this user's webinar recordings and transcripts.
    public var syncRecordings: Bool
    /// Per-webinar overrides: webinar id → sync on/off.
    public var webinarOverrides: [String: Bool]

    /// Creates a policy.
    public init(
        email: String, syncNewWebinarsByDefault: Bool, syncRecordings: Bool,
        webinarOverrides: [String: Bool] = [:]
    ) {
        self.email = email
        self.syncNewWebinarsByDefault = syncNewWebinarsByDefault
        self.syncRecordings = syncRecordings
        self.webinarOverrides = webinarOverrides
    }
}
