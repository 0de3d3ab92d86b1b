import ConnectorKit

/// The connected source account (e.g. one webinar platform account) whose data is being synced, as the
/// rules need it: which business unit it belongs to, and its per-host-user settings.
public struct SourceAccount: Sendable, Hashable {
    /// Connector type, e.g. `webinar-export`.
    public var connectorType: String
    /// The account's routing key (e.g. the source's account id); used as the marketing events'
    /// external account id.
    public var accountKey: String
    /// The HubSpot business unit the account's data is assigned to.
    public var businessUnitID: Int
    /// Per-host-user settings.
    public var hostPolicies: [HostPolicy]
    /// What the connector's data is called in HubSpot (its properties, templates, organizer, wording).
    public var profile: HubSpotProfile

    /// Creates a source account.
    public init(connectorType: String, accountKey: String, businessUnitID: Int, hostPolicies: [HostPolicy], profile: HubSpotProfile) {
        self.connectorType = connectorType
        self.profile = profile
        self.accountKey = accountKey
        self.businessUnitID = businessUnitID
        self.hostPolicies = hostPolicies
    }

    /// The settings of the host with this email (case-insensitive), if configured.
    public func policy(forHost email: String?) -> HostPolicy? {
        guard let email else { return nil }
        let wanted = EmailAddress.normalized(email)
        return hostPolicies.first { EmailAddress.normalized($0.email) == wanted }
    }
}
