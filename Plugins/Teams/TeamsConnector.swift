import ConnectorKit
import Foundation
import NIOCore

/// The Microsoft Teams webinar connector: turns the virtual-event webinars of one Microsoft
/// Entra tenant's organizers into normalized webinar records over Microsoft Graph v1.0, keeps
/// Graph's change-notification subscriptions alive, and registers contacts for webinars.
/// It runs as its own process (`switchyard-teams`), found by the host through its manifest.
public struct TeamsConnector: NativeConnector {
    /// The descriptor: `type: teams`.
    public static let descriptor = ConnectorDescriptor(
        typeName: "teams",
        displayName: "Microsoft Teams webinars",
        version: "0.1.0",
        summary:
            "Syncs the registrations, attendance, recordings and transcripts of Microsoft Teams webinars (virtual events) "
            + "of one Microsoft Entra tenant through Microsoft Graph, and registers contacts for its webinars.",
        configSpec: TeamsConfigSpec.spec,
        capabilities: [.webhooks, .webinarListing, .snapshots, .actions, .subscriptions],
        actions: [
            ActionDescriptor(
                name: "register_contact",
                summary: "Registers a person for a Microsoft Teams webinar with first name, last name and email.",
                inputs: [
                    .init(name: "webinar_id", label: "Webinar ID", doc: "The Teams webinar's id as Microsoft Graph shows it."),
                    .init(name: "first_name", label: "First name", doc: "The registrant's first name."),
                    .init(name: "last_name", label: "Last name", doc: "The registrant's last name (Teams requires it)."),
                    .init(name: "email", label: "Email", doc: "The registrant's email."),
                ],
                outputs: [
                    .init(name: "registrant_id", label: "Registration ID", doc: "Graph's id of the registration."),
                    .init(name: "join_url", label: "Join URL", doc: "The webinar's join URL."),
                    .init(
                        name: "webinar_url", label: "Webinar URL",
                        doc: "The webinar's registration page (its join URL when it has none), as the sync records it."),
                ]
            )
        ],
        routingKeyField: "tenant_id",
        webhookRoutingKeyPaths: ["value.0.tenantId"],
        hubSpotProfile: TeamsHubSpotProfile.profile
    )

    /// The validated configuration.
    public let config: TeamsConnectorConfig
    let context: ConnectorContext
    let api: GraphClient
    let organizers: OrganizerDirectory
    let notifications: TeamsNotifications
    let subscriptions: TeamsSubscriptions

    /// Builds the connector with production pacing and retries.
    public init(config: ConfigObject, context: ConnectorContext) throws {
        try self.init(config: config, context: context, options: GraphClientOptions(), http: nil)
    }

    /// Builds the connector with explicit options and transport (tests answer with canned JSON).
    public init(config: ConfigObject, context: ConnectorContext, options: GraphClientOptions, http: (any GraphHTTP)?) throws {
        let config = try TeamsConnectorConfig(config)
        let graphBase = try context.baseURL(configured: config.graphBaseURL, service: "graph")
        // With `graph_base_url: sandbox`, tokens come from the sandbox too unless a URL is configured.
        let tokenConfigured =
            config.graphBaseURL == "sandbox" && config.tokenURL == TeamsConfigSpec.defaultTokenURL ? "sandbox" : config.tokenURL
        let tokenBase = try context.baseURL(configured: tokenConfigured, service: "graph_login")
        let http = http ?? AsyncGraphHTTP(httpClient: context.httpClient, timeout: Self.timeAmount(options.requestTimeout))
        let tokens = GraphTokens(
            tokenBase: tokenBase, tenantID: config.tenantID, clientID: config.clientID, clientSecret: config.clientSecret,
            scope: "https://graph.microsoft.com/.default", http: http, now: context.now, logger: context.logger)
        let api = GraphClient(
            baseURL: graphBase, tokens: tokens,
            budget: GraphRequestBudget(perSecond: config.requestsPerSecond, pacing: options.pacing), http: http, options: options,
            logger: context.logger)
        let clientState = TeamsNotifications.clientState(secret: config.clientSecret, tenantID: config.tenantID)
        self.config = config
        self.context = context
        self.api = api
        self.organizers = OrganizerDirectory(organizers: config.organizers)
        self.notifications = TeamsNotifications(tenantID: config.tenantID, clientState: clientState)
        self.subscriptions = TeamsSubscriptions(api: api, clientState: clientState, now: context.now, logger: context.logger)
    }

    /// The Entra tenant id.
    public var routingKey: String { config.tenantID }
    /// The per-organizer settings.
    public var hostPolicies: [HostPolicy] { config.organizers.map(\.policy) }

    /// Answers Graph's `validationToken` handshake in plain text; verifies every notification's `clientState`.
    public func verifyWebhook(_ request: WebhookRequest) async throws -> WebhookVerification {
        try notifications.verify(request)
    }

    /// A change to a webinar's registrations, sessions or attendance reports touches the webinar
    /// (the sync that follows reads it whole). Lifecycle notifications: `reauthorizationRequired`
    /// renews the subscription, `subscriptionRemoved` subscribes again and `missed` reconciles the
    /// webinar (both touch it).
    public func decodeWebhook(_ body: Data) async throws -> [SourceEvent] {
        var events: [SourceEvent] = []
        for meaning in try TeamsNotifications.decode(body) {
            switch meaning {
            case .changed(let webinarID):
                events.append(.webinarTouched(webinarID: webinarID))
            case .lifecycle("reauthorizationRequired", let subscription, _):
                await subscriptions.reauthorize(subscriptionID: subscription)
                events.append(.ignored(eventType: "lifecycle.reauthorizationRequired"))
            case .lifecycle("subscriptionRemoved", let subscription, let webinar):
                let resubscribed = await subscriptions.resubscribe(subscriptionID: subscription)
                if let id = webinar ?? resubscribed { events.append(.webinarTouched(webinarID: id)) }
            case .lifecycle(let event, let subscription, let webinar):
                let known = await subscriptions.webinarID(ofSubscription: subscription)
                if let id = webinar ?? known {
                    events.append(.webinarTouched(webinarID: id))
                } else {
                    events.append(.ignored(eventType: "lifecycle.\(event)"))
                }
            case .ignored(let what):
                events.append(.ignored(eventType: what))
            }
        }
        return events.reduce(into: []) { unique, event in if !unique.contains(event) { unique.append(event) } }
    }

    /// The published (and canceled) webinars the configured organizers organize.
    public func listWebinars() async throws -> [Webinar] {
        try await organizers.webinars(api: api).map { dto, organizer in
            TeamsRecords.webinar(dto, organizer: organizer, joinURL: nil, registrationURL: nil)
        }
    }

    /// The full snapshot of one webinar.
    public func snapshot(webinarID: String) async throws -> WebinarSnapshot {
        try await TeamsSnapshotter(api: api, organizers: organizers, now: context.now, logger: context.logger).snapshot(webinarID)
    }

    /// Performs `register_contact`.
    public func perform(_ request: ActionRequest) async throws -> ActionResult {
        guard request.action == "register_contact" else {
            throw ConnectorError(
                .invalidInput, "The Microsoft Teams connector has no action '\(request.action)'; its only action is register_contact.")
        }
        return try await TeamsRegisterAction(api: api, organizers: organizers, now: context.now).perform(request.inputs)
    }

    /// Subscribes to the registrations, sessions and attendance reports of every webinar that is
    /// upcoming or started in the last week, and renews subscriptions before they expire.
    public func maintainSubscriptions(_ request: SubscriptionRequest) async throws -> SubscriptionStatus {
        let horizon = context.now().addingTimeInterval(-7 * 86_400)
        let followed = try await listWebinars().filter { ($0.startTime ?? .distantFuture) >= horizon }.map(\.id)
        return await subscriptions.maintain(webinarIDs: followed, url: request.notificationURL)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
