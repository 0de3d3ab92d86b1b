import Foundation

/// A source connector: turns one external system (e.g. one Zoom account) into normalized
/// records, and performs actions in it.
///
/// A connector knows nothing about HubSpot, the store or the host. The host owns delivery,
/// retries, offsets and error tolerance (Kafka Connect's connector/task split).
public protocol Connector: Sendable {
    /// The descriptor: type name, version, config spec, capabilities and actions.
    static var descriptor: ConnectorDescriptor { get }

    /// Reads, without verifying anything, which account a webhook body claims to come from,
    /// so the host can choose whose secret to verify it with. Nil when the body names none
    /// (e.g. a URL-validation challenge); the host then tries each instance of this type.
    static func claimedRoutingKey(ofWebhookBody body: Data) -> String?

    /// Builds a connector from its validated config and the host's context.
    init(config: ConfigObject, context: ConnectorContext) throws

    /// The account this instance serves (e.g. the Zoom account id); webhooks route by it.
    var routingKey: String { get }

    /// Per-host-user sync settings from the config (the sync engine applies them).
    var hostPolicies: [HostPolicy] { get }

    /// Verifies a webhook delivery's signature and freshness. Throws ``WebhookRejection``
    /// when it is not authentic; answers a challenge; or accepts it.
    func verifyWebhook(_ request: WebhookRequest) throws -> WebhookVerification

    /// Decodes an accepted webhook body into normalized events. Throws ``ConnectorError``
    /// with kind `.malformedData` when the body does not fit the source's documented shape.
    func decodeWebhook(_ body: Data) throws -> [SourceEvent]

    /// The webinars of the configured hosts (upcoming and recent past).
    func listWebinars() async throws -> [Webinar]

    /// A full snapshot of one webinar (by numeric id).
    func snapshot(webinarID: String) async throws -> WebinarSnapshot

    /// Performs one of the actions declared in the descriptor.
    func perform(_ request: ActionRequest) async throws -> ActionResult
}

/// Per-host-user settings (DESIGN §1 "Per Zoom user").
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
