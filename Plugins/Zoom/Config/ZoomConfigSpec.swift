import ConnectorKit

/// The Zoom connector's configuration fields, declared once. Validation, `switchyard
/// connectors` documentation and ``ZoomConnectorConfig`` all derive from this spec.
public enum ZoomConfigSpec {
    /// Zoom's REST API base URL.
    public static let defaultAPIBase = "https://api.zoom.us/v2"
    /// Zoom's OAuth base URL (Server-to-Server OAuth token endpoint lives at `/oauth/token`).
    public static let defaultOAuthBase = "https://zoom.us"
    /// Zoom plans, which set the API rate limits.
    public static let plans = ["pro", "business", "business_plus", "enterprise"]

    /// Per-user settings of one Zoom user (webinar host).
    static let userSpec = ConfigSpec([
        ConfigField(
            "email", .email, .required, doc: "The Zoom user's email (the webinar host).",
            example: "host@northwind.example"),
        ConfigField(
            "sync_new_webinars", .boolean, .optional(default: .boolean(true)),
            doc: "Sync data from newly scheduled webinars of this user by default."),
        ConfigField(
            "sync_recordings", .boolean, .optional(default: .boolean(true)),
            doc: "Sync this user's webinar recordings and transcripts."),
        ConfigField(
            "webinars", .dictionary(keyRule: .digits("webinar ids"), .boolean), .optional(default: nil),
            doc: "Per-webinar sync toggles for this user's webinars: webinar id → true/false.",
            example: "{ \"81234567890\": false }"),
    ])

    /// The whole spec.
    public static let spec = ConfigSpec([
        ConfigField(
            "account_id", .string, .required,
            doc: "Zoom account id of the Server-to-Server OAuth app; webhooks are routed by it.",
            example: "Zx3kQ1aTQ5m8"),
        ConfigField(
            "client_id", .string, .required, doc: "Client id of the Server-to-Server OAuth app."),
        ConfigField(
            "client_secret", .secret, .required, doc: "Client secret of the app.",
            example: "${env:NORTHWIND_ZOOM_CLIENT_SECRET}"),
        ConfigField(
            "webhook_secret_token", .secret, .required,
            doc: "The app's webhook secret token: verifies x-zm-signature and answers URL validation.",
            example: "${file:secrets/northwind-zoom-webhook}"),
        ConfigField(
            "api_base", .url(keywords: ["sandbox"]), .optional(default: .string(defaultAPIBase)),
            doc: "Zoom API base URL, or 'sandbox' for the built-in simulator (OAuth then uses it too)."),
        ConfigField(
            "oauth_base", .url(keywords: ["sandbox"]), .optional(default: .string(defaultOAuthBase)),
            doc: "Zoom OAuth base URL (token endpoint at /oauth/token)."),
        ConfigField(
            "plan", .enumeration(plans), .optional(default: .string("business")),
            doc:
                "The account's Zoom plan; it sets the per-second API rate limits the client paces itself by."
        ),
        ConfigField(
            "users", .list(.object(userSpec)), .optional(default: .list([])),
            doc: "The Zoom users (webinar hosts) of this account and their per-user sync settings."),
    ])
}

/// The Zoom connector's configuration, read from a validated ``ConfigObject``.
public struct ZoomConnectorConfig: Sendable, Hashable {
    /// Zoom account id.
    public var accountID: String
    /// OAuth client id.
    public var clientID: String
    /// OAuth client secret.
    public var clientSecret: Secret
    /// Webhook secret token.
    public var webhookSecretToken: Secret
    /// API base URL or `sandbox`.
    public var apiBase: String
    /// OAuth base URL or `sandbox`.
    public var oauthBase: String
    /// Plan name.
    public var plan: String
    /// Per-user settings.
    public var users: [HostPolicy]

    /// Reads the config; throws only when `object` was not validated against ``ZoomConfigSpec/spec``.
    public init(_ object: ConfigObject) throws(ConfigAccessError) {
        accountID = try object.string("account_id")
        clientID = try object.string("client_id")
        clientSecret = try object.secret("client_secret")
        webhookSecretToken = try object.secret("webhook_secret_token")
        apiBase = try object.string("api_base")
        oauthBase = try object.string("oauth_base")
        plan = try object.string("plan")
        users = try object.objects("users").map { user throws(ConfigAccessError) in
            var overrides: [String: Bool] = [:]
            if case .object(let webinars)? = user["webinars"] {
                for (id, value) in webinars.values {
                    if case .boolean(let on) = value { overrides[id] = on }
                }
            }
            return HostPolicy(
                email: try user.string("email"),
                syncNewWebinarsByDefault: try user.boolean("sync_new_webinars"),
                syncRecordings: try user.boolean("sync_recordings"),
                webinarOverrides: overrides
            )
        }
    }
}
