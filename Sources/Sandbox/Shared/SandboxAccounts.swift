/// Credentials of one simulated Zoom account (what a tenant file's zoom connector points at).
public struct ZoomAccountCredentials: Sendable, Codable, Hashable {
    /// Zoom account id (routing key of webhooks).
    public var accountID: String
    /// Server-to-Server OAuth client id.
    public var clientID: String
    /// Server-to-Server OAuth client secret.
    public var clientSecret: String
    /// Webhook secret token (signs `x-zm-signature`, answers URL validation).
    public var webhookSecretToken: String
    /// Emails of the account's webinar hosts; the scenario creates users for them.
    public var hostEmails: [String]
    /// Rate-limit plan: `pro`, `business` (default) or `enterprise`, as Zoom's plans differ.
    public var plan: String
    /// Where the simulator pushes this account's webhooks (nil: no pushes).
    public var webhookURL: String?

    /// Creates credentials.
    public init(
        accountID: String,
        clientID: String,
        clientSecret: String,
        webhookSecretToken: String,
        hostEmails: [String],
        plan: String = "business",
        webhookURL: String? = nil
    ) {
        self.accountID = accountID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.webhookSecretToken = webhookSecretToken
        self.hostEmails = hostEmails
        self.plan = plan
        self.webhookURL = webhookURL
    }
}

/// Credentials of one simulated HubSpot portal (account).
public struct HubSpotPortalCredentials: Sendable, Codable, Hashable {
    /// The portal (hub) id.
    public var portalID: Int
    /// The private-app access token that authorizes API calls for this portal.
    public var accessToken: String
    /// The public app's id (timeline templates, workflow actions), when there is one.
    public var appID: Int?
    /// The app's developer API key (timeline templates and action definitions use it).
    public var developerAPIKey: String?
    /// The app's client secret (signs workflow-action requests to the host).
    public var clientSecret: String?

    /// Creates credentials.
    public init(
        portalID: Int, accessToken: String, appID: Int? = nil, developerAPIKey: String? = nil,
        clientSecret: String? = nil
    ) {
        self.portalID = portalID
        self.accessToken = accessToken
        self.appID = appID
        self.developerAPIKey = developerAPIKey
        self.clientSecret = clientSecret
    }
}

/// Initial state of a simulated HubSpot portal.
public struct HubSpotPortalSeed: Sendable, Codable, Hashable {
    /// A user of the HubSpot account (never to become a contact through the sync).
    public struct User: Sendable, Codable, Hashable {
        public var id: String
        public var email: String
        public var firstName: String
        public var lastName: String
        /// Business units the user belongs to (0 is the primary "Account" unit).
        public var businessUnitIDs: [Int]

        public init(
            id: String, email: String, firstName: String, lastName: String, businessUnitIDs: [Int] = [0]
        ) {
            self.id = id
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.businessUnitIDs = businessUnitIDs
        }
    }

    /// A business unit.
    public struct BusinessUnit: Sendable, Codable, Hashable {
        public var id: Int
        public var name: String

        public init(id: Int, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// A contact that exists before the sync runs.
    public struct Contact: Sendable, Codable, Hashable {
        public var email: String
        public var firstName: String
        public var lastName: String
        /// Secondary emails (`hs_additional_emails`).
        public var additionalEmails: [String]
        /// `hs_all_assigned_business_unit_ids`.
        public var businessUnitIDs: [Int]
        /// True: the contact was deleted (archived) in HubSpot before the sync.
        public var archived: Bool

        public init(
            email: String,
            firstName: String,
            lastName: String,
            additionalEmails: [String] = [],
            businessUnitIDs: [Int] = [0],
            archived: Bool = false
        ) {
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.additionalEmails = additionalEmails
            self.businessUnitIDs = businessUnitIDs
            self.archived = archived
        }
    }

    /// Credentials.
    public var credentials: HubSpotPortalCredentials
    /// Users of the account.
    public var users: [User]
    /// Business units (must include id 0, "Account").
    public var businessUnits: [BusinessUnit]
    /// Pre-existing contacts (including archived ones).
    public var contacts: [Contact]
    /// Default properties the portal lacks, by object type: a portal without an add-on, e.g.
    /// `["calls": ["hs_all_assigned_business_unit_ids"]]` when Business Units is not on for calls.
    public var missingProperties: [String: [String]]

    /// Creates a seed.
    public init(
        credentials: HubSpotPortalCredentials, users: [User], businessUnits: [BusinessUnit],
        contacts: [Contact], missingProperties: [String: [String]] = [:]
    ) {
        self.credentials = credentials
        self.users = users
        self.businessUnits = businessUnits
        self.contacts = contacts
        self.missingProperties = missingProperties
    }

    private enum CodingKeys: String, CodingKey {
        case credentials, users, businessUnits, contacts, missingProperties
    }

    /// Decodes a seed; `missingProperties` may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        credentials = try container.decode(HubSpotPortalCredentials.self, forKey: .credentials)
        users = try container.decode([User].self, forKey: .users)
        businessUnits = try container.decode([BusinessUnit].self, forKey: .businessUnits)
        contacts = try container.decode([Contact].self, forKey: .contacts)
        missingProperties = try container.decodeIfPresent([String: [String]].self, forKey: .missingProperties) ?? [:]
    }
}

/// One tenant as the scenario generator sees it: a portal, its Zoom accounts, and the
/// domains its settings exclude (so the scenario can produce people in them).
public struct ScenarioTenant: Sendable, Codable, Hashable {
    /// The HubSpot portal.
    public var portal: HubSpotPortalCredentials
    /// Business units of the portal besides the primary one (id 0, "Account").
    public var extraBusinessUnits: [HubSpotPortalSeed.BusinessUnit]
    /// The Zoom accounts connected to the portal.
    public var zoomAccounts: [ZoomAccountCredentials]
    /// Contact-exclusion domains of the tenant (the company's own domain).
    public var contactExclusionDomains: [String]
    /// Default properties the portal lacks, by object type (see ``HubSpotPortalSeed/missingProperties``).
    public var missingProperties: [String: [String]] = [:]
    /// The Microsoft Entra tenants (Teams webinars) connected to the portal, each to its own
    /// business unit (added to the portal's units when it is not one of them).
    public var teamsTenants: [GraphTenantCredentials] = []

    /// Creates a scenario tenant.
    public init(
        portal: HubSpotPortalCredentials,
        extraBusinessUnits: [HubSpotPortalSeed.BusinessUnit] = [],
        zoomAccounts: [ZoomAccountCredentials],
        contactExclusionDomains: [String],
        missingProperties: [String: [String]] = [:],
        teamsTenants: [GraphTenantCredentials] = []
    ) {
        self.portal = portal
        self.extraBusinessUnits = extraBusinessUnits
        self.zoomAccounts = zoomAccounts
        self.contactExclusionDomains = contactExclusionDomains
        self.missingProperties = missingProperties
        self.teamsTenants = teamsTenants
    }

    private enum CodingKeys: String, CodingKey {
        case portal, extraBusinessUnits, zoomAccounts, contactExclusionDomains, missingProperties, teamsTenants
    }

    /// Decodes a scenario tenant; `missingProperties` and `teamsTenants` may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        portal = try container.decode(HubSpotPortalCredentials.self, forKey: .portal)
        extraBusinessUnits = try container.decode([HubSpotPortalSeed.BusinessUnit].self, forKey: .extraBusinessUnits)
        zoomAccounts = try container.decode([ZoomAccountCredentials].self, forKey: .zoomAccounts)
        contactExclusionDomains = try container.decode([String].self, forKey: .contactExclusionDomains)
        missingProperties = try container.decodeIfPresent([String: [String]].self, forKey: .missingProperties) ?? [:]
        teamsTenants = try container.decodeIfPresent([GraphTenantCredentials].self, forKey: .teamsTenants) ?? []
    }
}
