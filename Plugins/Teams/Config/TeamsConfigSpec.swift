import ConnectorKit

/// The Microsoft Teams connector's configuration fields, declared once. Validation, `switchyard
/// connectors` documentation and ``TeamsConnectorConfig`` all derive from this spec.
public enum TeamsConfigSpec {
    /// Microsoft Graph v1.0.
    public static let defaultGraphBaseURL = "https://graph.microsoft.com/v1.0"
    /// The Microsoft identity platform (token endpoint at `/{tenant}/oauth2/v2.0/token`).
    public static let defaultTokenURL = "https://login.microsoftonline.com"

    /// Graph's virtual event ids: letters, digits, `-`, `_`, `.` and `@`.
    static let webinarIDs = KeyRule("webinar ids (Graph virtual event ids)", pattern: "[A-Za-z0-9@._-]+")

    /// Per-organizer settings (the same names as the Zoom connector's per-user settings).
    static let organizerSpec = ConfigSpec([
        ConfigField(
            "email", .email, .required,
            doc: "The organizer's user principal name (their work email), as Teams shows it on their webinars.",
            example: "events@northwind.example"),
        ConfigField(
            "user_id", .string, .optional(default: nil),
            doc: "The organizer's Microsoft Entra object id; when absent, Graph is asked by user principal name.",
            example: "5f1c2a7e-4d0b-4a5e-9a51-3c1b2d8e9f00"),
        ConfigField(
            "sync_new_webinars", .boolean, .optional(default: .boolean(true)),
            doc: "Sync data from newly scheduled webinars of this organizer by default."),
        ConfigField(
            "sync_recordings", .boolean, .optional(default: .boolean(true)),
            doc: "Sync this organizer's webinar recordings and transcripts."),
        ConfigField(
            "sync_transcripts", .boolean, .optional(default: .boolean(true)),
            doc: "Read the transcripts of this organizer's webinars (with sync_recordings on)."),
        ConfigField(
            "webinars", .dictionary(keyRule: webinarIDs, .boolean), .optional(default: nil),
            doc: "Per-webinar sync toggles for this organizer's webinars: webinar id → true/false.",
            example: "{ \"f4b39f1c-520e-4e75-805a-4b0f2016a0c6@a1a56d21-a8a6-4a6b-97f8-ced53d30f143\": false }"),
    ])

    /// The whole spec.
    public static let spec = ConfigSpec([
        ConfigField(
            "tenant_id", .string, .required,
            doc: "Directory (tenant) id of the Microsoft Entra app registration; change notifications are routed by it.",
            example: "a1a56d21-a8a6-4a6b-97f8-ced53d30f143"),
        ConfigField(
            "client_id", .string, .required, doc: "Application (client) id of the app registration."),
        ConfigField(
            "client_secret", .secret, .required,
            doc: "A client secret of the app registration; it also derives the notifications' clientState.",
            example: "${env:NORTHWIND_TEAMS_CLIENT_SECRET}"),
        ConfigField(
            "graph_base_url", .url(keywords: ["sandbox"]), .optional(default: .string(defaultGraphBaseURL)),
            doc: "Microsoft Graph base URL with its version, or 'sandbox' for the built-in simulator (tokens then come from it too)."),
        ConfigField(
            "token_url", .url(keywords: ["sandbox"]), .optional(default: .string(defaultTokenURL)),
            doc: "The Microsoft identity platform's base URL (token endpoint at /{tenant_id}/oauth2/v2.0/token)."),
        ConfigField(
            "requests_per_second", .integer(1...100), .optional(default: .integer(10)),
            doc: "The most Graph requests this tenant's connector sends per second (Graph's 429 answers slow it further)."),
        ConfigField(
            "organizers", .list(.object(organizerSpec)), .optional(default: .list([])),
            doc: "The webinar organizers of this Entra tenant whose webinars are synced, with their sync settings."),
    ])
}

/// One configured organizer.
public struct TeamsOrganizer: Sendable, Hashable {
    /// User principal name (email).
    public var email: String
    /// Entra object id, when configured.
    public var userID: String?
    /// Whether transcripts are read.
    public var syncTranscripts: Bool
    /// The settings the sync engine applies.
    public var policy: HostPolicy

    /// How Graph is asked about this user: the object id, or else the user principal name.
    public var graphUserKey: String { userID ?? email }
}

/// The Microsoft Teams connector's configuration, read from a validated ``ConfigObject``.
public struct TeamsConnectorConfig: Sendable, Hashable {
    /// Entra tenant id.
    public var tenantID: String
    /// Application (client) id.
    public var clientID: String
    /// Client secret.
    public var clientSecret: Secret
    /// Graph base URL or `sandbox`.
    public var graphBaseURL: String
    /// Identity platform base URL or `sandbox`.
    public var tokenURL: String
    /// Request budget per second.
    public var requestsPerSecond: Int
    /// The organizers.
    public var organizers: [TeamsOrganizer]

    /// Reads the config; throws only when `object` was not validated against ``TeamsConfigSpec/spec``.
    public init(_ object: ConfigObject) throws(ConfigAccessError) {
        tenantID = try object.string("tenant_id")
        clientID = try object.string("client_id")
        clientSecret = try object.secret("client_secret")
        graphBaseURL = try object.string("graph_base_url")
        tokenURL = try object.string("token_url")
        requestsPerSecond = try object.integer("requests_per_second")
        organizers = try object.objects("organizers").map { user throws(ConfigAccessError) in
            var overrides: [String: Bool] = [:]
            if case .object(let webinars)? = user["webinars"] {
                for (id, value) in webinars.values {
                    if case .boolean(let on) = value { overrides[id] = on }
                }
            }
            let userID = try user.optionalString("user_id").flatMap { $0.isEmpty ? nil : $0 }
            let email = try user.string("email")
            return TeamsOrganizer(
                email: email, userID: userID, syncTranscripts: try user.boolean("sync_transcripts"),
                policy: HostPolicy(
                    email: email, syncNewWebinarsByDefault: try user.boolean("sync_new_webinars"),
                    syncRecordings: try user.boolean("sync_recordings"), webinarOverrides: overrides))
        }
    }
}
