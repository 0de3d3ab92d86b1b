import ConnectorKit

/// The tenant file format, declared once: validation and `switchyard connectors --tenant-schema`
/// documentation both derive from it. Connector entries are validated by their own specs.
public enum TenantSchema {
    /// Name of the external validator used for connector entries.
    public static let connectorKind = "connector"

    /// Default HubSpot API base URL.
    public static let hubSpotAPIBase = "https://api.hubapi.com"

    /// The spec of a whole tenant file.
    public static let spec = ConfigSpec([
        ConfigField(
            "tenant", .identifier, .required,
            doc: "Tenant id: lower-case letters, digits and dashes; unique across all tenant files.",
            example: "northwind"),
        ConfigField(
            "display_name", .string, .optional(default: nil), doc: "Name shown in the console and logs."),
        ConfigField(
            "hubspot", .object(hubSpotSpec), .required,
            doc: "The HubSpot account (portal) this tenant syncs into."),
        ConfigField(
            "sync", .object(syncSpec), .optional(default: nil),
            doc: "Sync settings, as on HubSpot's Zoom settings page."),
        ConfigField(
            "exclusions", .object(exclusionsSpec), .optional(default: nil),
            doc: "Domains excluded from the sync."),
        ConfigField(
            "admin", .object(adminSpec), .optional(default: nil),
            doc: "Access to this tenant's admin API and console."),
        ConfigField(
            "business_units", .list(.object(businessUnitSpec)), .required,
            doc:
                "HubSpot business units with the connectors (Zoom accounts) connected to each; exactly one is primary."
        ),
    ])

    static let hubSpotSpec = ConfigSpec([
        ConfigField(
            "portal_id", .integer(1...Int(Int32.max)), .required,
            doc: "HubSpot portal (hub) id; unique across tenants.", example: "4400123"),
        ConfigField(
            "api_base", .url(keywords: ["sandbox"]), .optional(default: .string(hubSpotAPIBase)),
            doc: "HubSpot API base URL, or 'sandbox' for the built-in simulator."),
        ConfigField(
            "access_token", .secret, .required,
            doc: "Private-app access token of the portal.", example: "${env:NORTHWIND_HUBSPOT_TOKEN}"),
        ConfigField(
            "app_id", .integer(1...Int(Int32.max)), .optional(default: nil),
            doc: "Public app id (timeline templates, workflow action)."),
        ConfigField(
            "client_secret", .secret, .optional(default: nil),
            doc: "The app's client secret; verifies signed workflow-action requests.",
            example: "${file:secrets/northwind-app-secret}"),
        ConfigField(
            "developer_api_key", .secret, .optional(default: nil),
            doc: "The app's developer API key (timeline templates, action definitions)."),
        ConfigField(
            "requests_per_ten_seconds", .integer(1...10_000), .optional(default: .integer(190)),
            doc: "HubSpot's rolling 10-second request limit for this portal and app."),
        ConfigField(
            "requests_per_day", .integer(1...100_000_000), .optional(default: .integer(625_000)),
            doc: "HubSpot's daily request limit."),
    ])

    static let syncSpec = ConfigSpec([
        ConfigField(
            "global", .boolean, .optional(default: .boolean(false)),
            doc: "Global sync switch (an account-admin setting)."),
        ConfigField(
            "webinars", .boolean, .optional(default: .boolean(false)),
            doc: "Sync webinar data; only allowed while global sync is on."),
        ConfigField(
            "webinar_hosts", .choiceOrList(["none", "all"], .email), .optional(default: .string("all")),
            doc: "Whose webinars are synced: none, all, or a list of Zoom users' emails."),
        ConfigField(
            "recordings_and_transcripts", .choiceOrList(["none", "all"], .email),
            .optional(default: .string("none")),
            doc:
                "Whose webinar recordings and transcripts are synced: none, all, or a list of Zoom users' emails."
        ),
        ConfigField(
            "reconcile_interval_seconds", .integer(10...86_400), .optional(default: .integer(900)),
            doc: "How often recent webinars are reconciled from the Zoom API."),
        ConfigField(
            "lookback_days", .integer(1...3_650), .optional(default: .integer(30)),
            doc:
                "How many days after its start an already-synced webinar keeps being re-checked by the reconcile. "
                + "Webinars the source still lists that were never fully synced are synced whatever their age."),
    ])

    static let exclusionsSpec = ConfigSpec([
        ConfigField(
            "recording_domains", .list(.domain), .optional(default: .list([])),
            doc: "Webinars hosted by users of these email domains (and subdomains) are not synced."),
        ConfigField(
            "contact_domains", .list(.domain), .optional(default: .list([])),
            doc: "Registrants and attendees of these domains (and subdomains) never become contacts."),
    ])

    static let adminSpec = ConfigSpec([
        ConfigField(
            "token", .secret, .optional(default: nil),
            doc: "Bearer token that grants access to this tenant only.")
    ])

    static let businessUnitSpec = ConfigSpec([
        ConfigField(
            "id", .integer(0...Int(Int32.max)), .required,
            doc: "HubSpot business unit id (0 is the primary 'Account' unit)."),
        ConfigField("name", .string, .required, doc: "Business unit name."),
        ConfigField(
            "primary", .boolean, .optional(default: .boolean(false)),
            doc:
                "True for the primary 'Account' unit (id 0); the workflow action only uses its Zoom account."
        ),
        ConfigField(
            "connectors", .list(.external(connectorKind)), .optional(default: .list([])),
            doc:
                "Connected sources: each a mapping with 'type' (see `switchyard connectors`) and that connector's fields."
        ),
    ])
}
