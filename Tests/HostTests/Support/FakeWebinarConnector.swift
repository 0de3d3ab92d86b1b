import ConnectorKit
import Crypto
import Foundation
import Synchronization

/// A second connector, `type: fake`, unlike Zoom in every name: it serves webinars,
/// registrations and attendance from in-memory accounts (``FakeWebinarAccounts``) and accepts
/// webhooks signed with HMAC-SHA256 of the body (`x-fake-signature: <hex>`). The host runs it
/// exactly like the Zoom connector; the tests check that HubSpot gets the fake's own names.
struct FakeWebinarConnector: NativeConnector {
    static let descriptor = ConnectorDescriptor(
        typeName: "fake",
        displayName: "FakeCast webinars",
        version: "1.0.0",
        summary: "Webinars of an in-memory FakeCast account (tests only).",
        configSpec: ConfigSpec([
            ConfigField("account", .string, .required, doc: "The FakeCast account; webhooks are routed by it."),
            ConfigField("signing_secret", .secret, .required, doc: "Signs the account's webhooks."),
            ConfigField("hosts", .list(.email), .optional(default: .list([])), doc: "Webinar hosts whose webinars sync."),
        ]),
        capabilities: [.webhooks, .webinarListing, .snapshots, .actions],
        actions: [
            ActionDescriptor(
                name: "enroll", summary: "Enrolls a person in a FakeCast webinar.",
                inputs: [
                    .init(name: "webinar_id", label: "Webinar", doc: "The webinar id."),
                    .init(name: "email", label: "Email", doc: "Who."),
                ],
                outputs: [.init(name: "registrant_id", label: "Enrollment", doc: "The enrollment id.")])
        ],
        routingKeyField: "account",
        webhookRoutingKeyPaths: ["account"],
        hubSpotProfile: profile)

    /// FakeCast's names in HubSpot: none of them is Zoom's.
    static let profile = HubSpotProfile(
        sourceName: "FakeCast",
        propertyGroup: .init(name: "fakecast_sessions", label: "FakeCast sessions"),
        contactProperties: .init(
            averageAttendance: .init(name: "fakecast_avg_watch_percent", label: "FakeCast average watch %", description: "Watched."),
            lastRegisteredWebinar: .init(name: "fakecast_last_signup", label: "Last FakeCast signup", description: "Signed up."),
            totalRegistrations: .init(name: "fakecast_signups", label: "FakeCast signups", description: "Signups."),
            totalAttended: .init(name: "fakecast_sessions_watched", label: "FakeCast sessions watched", description: "Watched.")),
        timelineTemplates: .init(
            registration: .init(name: "FakeCast: Signup", headerTemplate: "Signed up for {{webinarName}}", detailTemplate: "{{webinarId}}"),
            attendance: .init(
                name: "FakeCast: Watched", headerTemplate: "Watched {{webinarName}}", detailTemplate: "{{attendancePercent}}%"),
            recording: .init(name: "FakeCast: Replay", headerTemplate: "Replay of {{topic}}", detailTemplate: "{{recordingUrl}}")),
        timelineEventIDPrefix: "fakecast",
        marketingEventOrganizer: "FakeCast Studio",
        recordingCall: .init(titleTemplate: "FakeCast replay: {{topic}}", bodyTemplate: "Replay of {{topic}} ({{webinarId}}): {{url}}"),
        workflowActions: [
            .init(
                action: "enroll", urlSegment: "enroll", actionName: "Enroll contact in FakeCast session",
                actionDescription: "Enrolls the contact in a FakeCast session.", actionCardContent: "Enroll in {{webinar_id}}",
                webinarIDDescription: "The FakeCast session id.", registrantIDLabel: "FakeCast enrollment")
        ])

    let account: String
    let secret: Secret
    let hosts: [String]
    let now: @Sendable () -> Date

    init(config: ConfigObject, context: ConnectorContext) throws {
        account = try config.string("account")
        secret = try config.secret("signing_secret")
        hosts = try config.strings("hosts")
        now = context.now
    }

    var routingKey: String { account }

    var hostPolicies: [HostPolicy] {
        hosts.map { HostPolicy(email: $0, syncNewWebinarsByDefault: true, syncRecordings: true) }
    }

    /// The signature of `body` with `secret`, as FakeCast sends it.
    static func signature(_ body: Data, secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }
            .joined()
    }

    func verifyWebhook(_ request: WebhookRequest) async throws -> WebhookVerification {
        guard let signature = request.header("x-fake-signature") else { throw WebhookRejection(.missingSignature, "no x-fake-signature") }
        guard signature == Self.signature(request.body, secret: secret.reveal()) else {
            throw WebhookRejection(.badSignature, "x-fake-signature does not match")
        }
        let event = try decode(request.body)
        return .accepted(
            WebhookEnvelope(
                eventType: event.event, routingKey: account, occurredAt: now(),
                deliveryKey: Self.signature(request.body, secret: "delivery")))
    }

    func decodeWebhook(_ body: Data) async throws -> [SourceEvent] {
        let event = try decode(body)
        return event.event == "signup" ? [.webinarTouched(webinarID: event.session)] : [.ignored(eventType: event.event)]
    }

    func listWebinars() async throws -> [Webinar] {
        FakeWebinarAccounts.shared.sessions(of: account).map(\.webinar)
    }

    func snapshot(webinarID: String) async throws -> WebinarSnapshot {
        guard var session = FakeWebinarAccounts.shared.sessions(of: account).first(where: { $0.webinar.id == webinarID }) else {
            throw ConnectorError(.notFound, "FakeCast has no session \(webinarID)")
        }
        session.takenAt = now()
        return session
    }

    func perform(_ request: ActionRequest) async throws -> ActionResult {
        guard request.action == "enroll" else { throw ConnectorError(.unsupported, "no action \(request.action)") }
        let webinarID = request.inputs["webinar_id"] ?? ""
        let email = request.inputs["email"] ?? ""
        guard FakeWebinarAccounts.shared.register(email, in: webinarID, account: account, at: now()) else {
            throw ConnectorError(.notFound, "FakeCast has no session \(webinarID)")
        }
        return ActionResult(
            outputs: ["registrant_id": "enr-\(email)", "join_url": "https://fakecast.example/watch/\(webinarID)"],
            message: "Enrolled \(email) in FakeCast session \(webinarID).")
    }

    private struct Event: Decodable {
        var account: String
        var event: String
        var session: String
    }

    private func decode(_ body: Data) throws -> Event {
        do {
            return try JSONDecoder().decode(Event.self, from: body)
        } catch {
            throw ConnectorError(.malformedData, "not a FakeCast event: \(error)")
        }
    }
}

/// The in-memory FakeCast accounts: account id → its sessions, as full snapshots.
final class FakeWebinarAccounts: Sendable {
    static let shared = FakeWebinarAccounts()
    private let accounts = Mutex<[String: [WebinarSnapshot]]>([:])

    /// Replaces an account's sessions.
    func set(_ sessions: [WebinarSnapshot], account: String) {
        accounts.withLock { $0[account] = sessions }
    }

    /// An account's sessions.
    func sessions(of account: String) -> [WebinarSnapshot] {
        accounts.withLock { $0[account] ?? [] }
    }

    /// Registers someone for a session; false when the session does not exist.
    func register(_ email: String, in webinarID: String, account: String, at date: Date) -> Bool {
        accounts.withLock { accounts in
            guard let index = accounts[account]?.firstIndex(where: { $0.webinar.id == webinarID }) else { return false }
            accounts[account]?[index].registrations.append(
                Registration(
                    webinarID: webinarID, registrantID: "enr-\(email)", email: email, firstName: "New", lastName: "Viewer",
                    registeredAt: date))
            return true
        }
    }
}
