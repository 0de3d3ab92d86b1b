import ConnectorKit
import Foundation

/// The Zoom webinar connector: turns one Zoom account into normalized webinar records and
/// registers contacts for webinars.
///
/// ```swift
/// let zoom = try ZoomConnector(config: validatedConfig, context: context)
/// let webinars = try await zoom.listWebinars()
/// let snapshot = try await zoom.snapshot(webinarID: "812 3456 7890")
/// ```
public struct ZoomConnector: NativeConnector {
    /// The descriptor: `type: zoom`.
    public static let descriptor = ConnectorDescriptor(
        typeName: "zoom",
        displayName: "Zoom webinars",
        version: "0.2.0",
        summary:
            "Syncs Zoom webinar registrations, attendance, recordings and transcripts of one Zoom account "
            + "(Server-to-Server OAuth app), and registers contacts for its webinars.",
        configSpec: ZoomConfigSpec.spec,
        capabilities: [.webhooks, .webinarListing, .snapshots, .pastWebinarListing, .actions, .recordingFetch],
        actions: [
            ActionDescriptor(
                name: "register_contact",
                summary: "Registers a person for a Zoom webinar with first name, last name and email.",
                inputs: [
                    .init(
                        name: "webinar_id", label: "Webinar ID",
                        doc: "The webinar id, 9 to 12 digits (spaces and dashes are removed)."),
                    .init(name: "first_name", label: "First name", doc: "The registrant's first name."),
                    .init(
                        name: "last_name", label: "Last name", doc: "The registrant's last name.",
                        required: false),
                    .init(name: "email", label: "Email", doc: "The registrant's email."),
                ],
                outputs: [
                    .init(
                        name: "registrant_id", label: "Registrant ID", doc: "Zoom's id of the registration."),
                    .init(name: "join_url", label: "Join URL", doc: "The registrant's personal join URL."),
                    .init(
                        name: "webinar_url", label: "Webinar URL",
                        doc: "The webinar's registration URL (its join URL when it has none), as the sync records it."),
                ]
            )
        ],
        routingKeyField: "account_id",
        webhookRoutingKeyPaths: ["payload.account_id"],
        hubSpotProfile: ZoomHubSpotProfile.profile
    )

    /// The validated configuration.
    public let config: ZoomConnectorConfig
    let context: ConnectorContext
    let api: ZoomAPIClient
    private let verifier: ZoomWebhookVerifier
    private let connectedUser = ZoomConnectedUser()
    private let zoomEvents: ZoomEventsDirectory

    /// Builds the connector with production pacing and retries.
    public init(config: ConfigObject, context: ConnectorContext) throws {
        try self.init(config: config, context: context, options: ZoomClientOptions())
    }

    /// Builds the connector with explicit client options (tests inject a clock and jitter).
    public init(config: ConfigObject, context: ConnectorContext, options: ZoomClientOptions) throws {
        let config = try ZoomConnectorConfig(config)
        let apiBase = try context.baseURL(configured: config.apiBase, service: "zoom")
        // With `api_base: sandbox`, OAuth goes to the sandbox too unless a URL is configured.
        let oauthConfigured =
            config.apiBase == "sandbox" && config.oauthBase == ZoomConfigSpec.defaultOAuthBase
            ? "sandbox" : config.oauthBase
        let oauthBase = try context.baseURL(configured: oauthConfigured, service: "zoom_oauth")
        let logger = context.logger
        let transport = ZoomTransport(httpClient: context.httpClient, timeout: options.requestTimeout)
        let tokens = ZoomAccessTokens(
            oauthBase: oauthBase, accountID: config.accountID, clientID: config.clientID,
            clientSecret: config.clientSecret, transport: transport, options: options, now: context.now,
            logger: logger)
        let budget = ZoomRequestBudget(
            plan: .named(config.plan), clock: options.clock, headroom: options.rateLimitHeadroom,
            share: context.budgetShare)
        self.config = config
        self.context = context
        self.api = ZoomAPIClient(
            apiBase: apiBase, tokens: tokens, budget: budget, transport: transport, options: options,
            now: context.now, logger: logger, onCall: context.onAPICall)
        self.zoomEvents = ZoomEventsDirectory(
            lifetime: options.zoomEventsCacheLifetime, now: context.now, logger: logger)
        self.verifier = ZoomWebhookVerifier(
            secretToken: config.webhookSecretToken, accountID: config.accountID)
    }

    /// The Zoom account id.
    public var routingKey: String { config.accountID }
    /// The per-user settings of the configured hosts.
    public var hostPolicies: [HostPolicy] { config.users }

    /// Verifies `x-zm-signature` and the timestamp window; answers URL validation.
    public func verifyWebhook(_ request: WebhookRequest) async throws -> WebhookVerification {
        try verifier.verify(request)
    }

    /// Decodes a verified `webinar.*` or `recording.*` event; other events are `.ignored`. A
    /// webinar the event carries is marked unsupported when it belongs to Zoom Events (by its
    /// links, or as a session in the account's Zoom Events as last read: decoding never calls
    /// Zoom; the snapshot that follows checks the events afresh when the cache expired).
    public func decodeWebhook(_ body: Data) async throws -> [SourceEvent] {
        var events = try ZoomWebhookDecoder.decode(body)
        for (index, event) in events.enumerated() {
            guard case .webinarChanged(let webinar) = event, webinar.support == .supported else { continue }
            let sessions = await zoomEvents.cachedSessions()
            events[index] = .webinarChanged(ZoomRecords.marking(webinar, sessions: sessions))
        }
        return events
    }

    /// The upcoming and recently held webinars of the configured hosts (of every active user
    /// when the config names none). Zoom Events webinars (by their `events.zoom.us` links, or
    /// listed as event sessions by Zoom's Events API, cached per account) are `.unsupported`.
    public func listWebinars() async throws -> [Webinar] {
        try await ZoomWebinarListing(
            api: api, hosts: config.users.map(\.email), zoomEvents: zoomEvents, logger: context.logger
        ).webinars()
    }

    /// The webinars of the configured hosts held since `since`, from Zoom's usage reports
    /// (six months back at most), including those Zoom no longer lists; for a backfill.
    public func listPastWebinars(since: Date) async throws -> PastWebinarListing {
        try await ZoomPastWebinarListing(
            api: api, hosts: config.users.map(\.email), plan: config.plan, zoomEvents: zoomEvents, now: context.now,
            logger: context.logger
        ).list(since: since)
    }

    /// The full snapshot of one webinar; `webinarID` may contain spaces or dashes.
    public func snapshot(webinarID: String) async throws -> WebinarSnapshot {
        guard let id = ZoomWebinarID(webinarID) else {
            throw ConnectorError(
                .invalidInput, "'\(webinarID)' is not a Zoom webinar ID (9 to 12 digits).")
        }
        return try await ZoomSnapshotter(
            api: api, zoomEvents: zoomEvents, now: context.now, logger: context.logger
        )
        .snapshot(id)
    }

    /// One occurrence's cloud recording (the latest when `instanceUUID` is nil) and its transcript:
    /// `GET /meetings/{meetingId}/recordings` (Light) and the transcript's download, for a
    /// `recording.transcript_completed` webhook of a webinar the host already synced.
    public func recording(webinarID: String, instanceUUID: String?) async throws -> RecordingFetch {
        guard let id = ZoomWebinarID(webinarID) else {
            throw ConnectorError(.invalidInput, "'\(webinarID)' is not a Zoom webinar ID (9 to 12 digits).")
        }
        return try await ZoomRecordingReader(api: api).fetch(id, instanceUUID: instanceUUID)
    }

    /// Performs `register_contact`.
    public func perform(_ request: ActionRequest) async throws -> ActionResult {
        guard request.action == "register_contact" else {
            throw ConnectorError(
                .invalidInput,
                "The Zoom connector has no action '\(request.action)'; its only action is register_contact."
            )
        }
        return try await ZoomRegisterAction(
            api: api, connectedUser: connectedUser, zoomEvents: zoomEvents, logger: context.logger
        ).perform(request.inputs)
    }
}
