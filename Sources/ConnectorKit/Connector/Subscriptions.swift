import Foundation

/// What the host asks of a connector with the `subscriptions` capability: keep the source's
/// change-notification subscriptions alive, delivering to `notificationURL`.
public struct SubscriptionRequest: Sendable, Codable, Hashable {
    /// Where the source must deliver notifications: the host's public `/webhooks/{type}` URL.
    public var notificationURL: String

    /// Creates a request.
    public init(notificationURL: String) { self.notificationURL = notificationURL }
}

/// The state of a connector's subscriptions after a maintenance pass.
public struct SubscriptionStatus: Sendable, Codable, Hashable {
    /// Subscriptions alive after the pass.
    public var active: Int
    /// Created in this pass.
    public var created: Int
    /// Renewed in this pass.
    public var renewed: Int
    /// What could not be done, in sentences (never secrets).
    public var problems: [String]
    /// When the host should call again at the latest (e.g. before the first subscription expires).
    public var nextDueAt: Date?

    /// Creates a status.
    public init(active: Int, created: Int, renewed: Int, problems: [String] = [], nextDueAt: Date? = nil) {
        self.active = active
        self.created = created
        self.renewed = renewed
        self.problems = problems
        self.nextDueAt = nextDueAt
    }

    private enum CodingKeys: String, CodingKey { case active, created, renewed, problems, nextDueAt }

    /// Decodes; `problems` and `nextDueAt` may be omitted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        active = try container.decode(Int.self, forKey: .active)
        created = try container.decode(Int.self, forKey: .created)
        renewed = try container.decode(Int.self, forKey: .renewed)
        problems = try container.decodeIfPresent([String].self, forKey: .problems) ?? []
        nextDueAt = try container.decodeIfPresent(Date.self, forKey: .nextDueAt)
    }
}

extension Connector {
    /// Connectors without the `subscriptions` capability have nothing to maintain.
    public func maintainSubscriptions(_ request: SubscriptionRequest) async throws -> SubscriptionStatus {
        throw ConnectorError(.unsupported, "this connector keeps no subscriptions")
    }
}
