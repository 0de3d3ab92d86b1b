import ConnectorKit
import Foundation

/// The Zoom webinar connector: turns one Zoom account into normalized webinar records and
/// registers contacts for webinars.
public struct ZoomConnector: Connector {
    /// The descriptor: `type: zoom`.
    public static let descriptor = ConnectorDescriptor(
        typeName: "zoom",
        displayName: "Zoom webinars",
        version: "0.1.0",
        summary:
            "Syncs Zoom webinar registrations, attendance, recordings and transcripts of one Zoom account "
            + "(Server-to-Server OAuth app), and registers contacts for its webinars.",
        configSpec: ZoomConfigSpec.spec,
        capabilities: [.webhooks, .webinarListing, .snapshots, .actions],
        actions: [
            ActionDescriptor(
                name: "register_contact",
                summary: "Registers a person for a Zoom webinar with first name, last name and email.",
                inputs: [
                    .init(
                        name: "webinar_id", label: "Webinar ID",
                        doc: "The webinar id, digits only (spaces and dashes are removed)."),
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
                ]
            )
        ],
        routingKeyField: "account_id"
    )

    /// The validated configuration.
    public let config: ZoomConnectorConfig
    let context: ConnectorContext

    /// Builds the connector.
    public init(config: ConfigObject, context: ConnectorContext) throws {
        self.config = try ZoomConnectorConfig(config)
        self.context = context
    }

    public static func claimedRoutingKey(ofWebhookBody body: Data) -> String? {
        struct Claim: Decodable {
            struct Payload: Decodable { var account_id: String? }
            var payload: Payload?
        }
        return (try? JSONDecoder().decode(Claim.self, from: body))?.payload?.account_id
    }

    public var routingKey: String { config.accountID }
    public var hostPolicies: [HostPolicy] { config.users }

    public func verifyWebhook(_ request: WebhookRequest) throws -> WebhookVerification {
        throw WebhookRejection(.badSignature, "webhook verification is not available yet in this build")
    }

    public func decodeWebhook(_ body: Data) throws -> [SourceEvent] {
        throw ConnectorError(.unsupported, "webhook decoding is not available yet in this build")
    }

    public func listWebinars() async throws -> [Webinar] {
        throw ConnectorError(.unsupported, "webinar listing is not available yet in this build")
    }

    public func snapshot(webinarID: String) async throws -> WebinarSnapshot {
        throw ConnectorError(.unsupported, "webinar snapshots are not available yet in this build")
    }

    public func perform(_ request: ActionRequest) async throws -> ActionResult {
        throw ConnectorError(.unsupported, "actions are not available yet in this build")
    }
}
