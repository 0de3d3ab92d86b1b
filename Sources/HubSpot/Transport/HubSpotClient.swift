import AsyncHTTPClient
import Foundation
import Logging

/// The HubSpot API client of one portal: contacts, properties, marketing events,
/// timeline events, calls, users, business units and workflow actions.
///
/// Every call goes through the portal's shared ``HubSpotRequestBudget`` (waiting for
/// budget instead of provoking 429s), retries 5xx answers and timeouts with back-off,
/// and fails with a ``HubSpotError`` that says what happened and what to do.
///
/// ```swift
/// let budget = HubSpotRequestBudget(portalId: "4400123")   // once per portal
/// let hubspot = try HubSpotClient(
///     configuration: .init(
///         baseURL: "https://api.hubapi.com",
///         credentials: HubSpotPrivateAppCredentials(accessToken: HubSpotSecret(token))),
///     budget: budget, httpClient: .shared, logger: logger)
/// let result = try await hubspot.contacts.batchUpsertByEmail([
///     ContactUpsert(email: "ada@example.com", properties: ["firstname": "Ada"])
/// ])
/// ```
public struct HubSpotClient: Sendable {
    /// How to reach and authenticate with HubSpot.
    public struct Configuration: Sendable {
        /// The API base URL, e.g. `https://api.hubapi.com` or a loopback sandbox URL.
        public var baseURL: String
        /// The portal's credentials (private-app token today; OAuth later).
        public var credentials: any HubSpotCredentials
        /// The app's developer credentials, needed for timeline templates and action definitions.
        public var developerCredentials: HubSpotDeveloperCredentials?
        /// Retry and back-off rules.
        public var retryPolicy: HubSpotRetryPolicy
        /// The deadline of one HTTP attempt.
        public var requestTimeout: Duration
        /// The largest response body accepted.
        public var maxResponseBytes: Int
        /// Inputs per batch request (HubSpot's CRM batch endpoints accept at most 100).
        public var batchSize: Int
        /// Told of every HTTP attempt (operation, status, duration), e.g. to count it in metrics.
        public var onCall: (@Sendable (HubSpotCallRecord) -> Void)?

        /// - Parameters:
        ///   - baseURL: the API base URL.
        ///   - credentials: the portal's credentials.
        ///   - developerCredentials: the app's developer credentials, if any.
        ///   - retryPolicy: retry rules (default: 4 attempts, 500 ms base back-off).
        ///   - requestTimeout: per-attempt deadline, default 30 s.
        ///   - maxResponseBytes: default 16 MiB.
        ///   - batchSize: inputs per batch request, default (and maximum) 100.
        public init(
            baseURL: String,
            credentials: any HubSpotCredentials,
            developerCredentials: HubSpotDeveloperCredentials? = nil,
            retryPolicy: HubSpotRetryPolicy = HubSpotRetryPolicy(),
            requestTimeout: Duration = .seconds(30),
            maxResponseBytes: Int = 16 << 20,
            batchSize: Int = 100
        ) {
            self.baseURL = baseURL
            self.credentials = credentials
            self.developerCredentials = developerCredentials
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = maxResponseBytes
            self.batchSize = min(max(1, batchSize), 100)
        }
    }

    let configuration: Configuration
    let baseURL: String
    let budget: HubSpotRequestBudget
    let httpClient: HTTPClient
    let logger: Logger

    /// Creates a client for one portal.
    ///
    /// - Parameters:
    ///   - configuration: base URL, credentials and retry rules.
    ///   - budget: the portal's shared request budget (one instance per portal).
    ///   - httpClient: the HTTP client to send with (owned by the caller).
    ///   - logger: receives request and retry logs; never secrets.
    /// - Throws: ``HubSpotError`` of kind ``HubSpotError/Kind/invalidRequest`` when the
    ///   base URL is not an absolute http(s) URL.
    public init(
        configuration: Configuration, budget: HubSpotRequestBudget, httpClient: HTTPClient,
        logger: Logger
    ) throws {
        var base = configuration.baseURL.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            url.host != nil
        else {
            throw HubSpotError(
                kind: .invalidRequest, operation: "client.init",
                message: "the HubSpot base URL '\(base)' is not an absolute http(s) URL")
        }
        self.configuration = configuration
        self.baseURL = base
        self.budget = budget
        self.httpClient = httpClient
        var logger = logger
        logger[metadataKey: "hubspot.portal"] = .string(budget.portalId)
        self.logger = logger
    }

    /// Contacts: batch upsert by email, batch read, search, get, update, archive.
    public var contacts: HubSpotContactsAPI { HubSpotContactsAPI(client: self) }
    /// Contact properties and property groups.
    public var properties: HubSpotPropertiesAPI { HubSpotPropertiesAPI(client: self) }
    /// Marketing events (v3) and their participations.
    public var marketingEvents: HubSpotMarketingEventsAPI { HubSpotMarketingEventsAPI(client: self) }
    /// Timeline events (v3) and event templates.
    public var timeline: HubSpotTimelineAPI { HubSpotTimelineAPI(client: self) }
    /// Call engagements.
    public var calls: HubSpotCallsAPI { HubSpotCallsAPI(client: self) }
    /// The account's users and their business units.
    public var users: HubSpotUsersAPI { HubSpotUsersAPI(client: self) }
    /// Custom workflow actions (v4): definitions and callback completion.
    public var automation: HubSpotAutomationAPI { HubSpotAutomationAPI(client: self) }

    /// The configured developer credentials, or a typed error naming the operation.
    func requireDeveloperCredentials(for operation: String) throws -> HubSpotDeveloperCredentials {
        guard let credentials = configuration.developerCredentials, !credentials.developerAPIKey.isEmpty
        else {
            throw HubSpotError(
                kind: .missingDeveloperCredentials, operation: operation,
                message: "this call needs the app's developer credentials (app id and developer API key)")
        }
        return credentials
    }
}
