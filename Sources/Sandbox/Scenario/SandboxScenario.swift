import Foundation

/// How much data the scenario generator produces.
public struct ScenarioSizes: Sendable, Codable, Hashable {
    /// Past (already held) webinars per host.
    public var pastWebinarsPerHost: Int
    /// Upcoming webinars per host.
    public var upcomingWebinarsPerHost: Int
    /// Registrants of each past webinar (upcoming ones get half).
    public var registrantsPerWebinar: Int
    /// Ordinary pre-existing HubSpot contacts per portal (besides the special ones).
    public var contactsPerPortal: Int
    /// Most join/leave sessions one attendee can have in one instance.
    public var maxSessionsPerAttendee: Int

    /// Creates sizes.
    public init(
        pastWebinarsPerHost: Int = 3,
        upcomingWebinarsPerHost: Int = 1,
        registrantsPerWebinar: Int = 10,
        contactsPerPortal: Int = 6,
        maxSessionsPerAttendee: Int = 3
    ) {
        self.pastWebinarsPerHost = pastWebinarsPerHost
        self.upcomingWebinarsPerHost = upcomingWebinarsPerHost
        self.registrantsPerWebinar = registrantsPerWebinar
        self.contactsPerPortal = contactsPerPortal
        self.maxSessionsPerAttendee = maxSessionsPerAttendee
    }
}

/// What the generator starts from: tenants (portals, Zoom accounts, excluded domains) and sizes.
///
/// Zoom account `i` of a tenant is connected to business unit 0 ("Account") for `i == 0` and to
/// `extraBusinessUnits[i - 1]` otherwise (0 when there is no such unit).
public struct ScenarioInput: Sendable, Codable, Hashable {
    /// The tenants.
    public var tenants: [ScenarioTenant]
    /// The sizes.
    public var sizes: ScenarioSizes

    /// Creates an input.
    public init(tenants: [ScenarioTenant], sizes: ScenarioSizes = ScenarioSizes()) {
        self.tenants = tenants
        self.sizes = sizes
    }
}

/// A person the scenario placed on purpose, with the rule the sync must apply to them.
public struct ScenarioPerson: Sendable, Codable, Hashable {
    /// Why the person is there.
    public enum Role: String, Sendable, Codable, Hashable {
        /// Registered with the email of a user of the HubSpot account (never a contact).
        case hubSpotUser
        /// Email in a contact-exclusion domain.
        case excludedDomain
        /// Email in a subdomain of a contact-exclusion domain.
        case excludedSubdomain
        /// Registered with the secondary email (`hs_additional_emails`) of an existing contact.
        case secondaryEmail
        /// Email a CRM rejects.
        case invalidEmail
        /// Email of a contact deleted (archived) in HubSpot (must not be re-created).
        case archivedContact
        /// Attended as a guest (email ""), matchable only through `registrant_id`.
        case guestMatchedByRegistrantID
        /// Attended as a guest without registering: no email, no `registrant_id` (not syncable).
        case unmatchedGuest
        /// Registered, then the registration was cancelled.
        case cancelledRegistration
    }

    /// The role.
    public var role: Role
    /// The email as registered ("" for an unmatched guest).
    public var email: String
    /// Display name.
    public var name: String
    /// The webinar where the case occurs.
    public var webinarID: Int64

    /// Creates a person.
    public init(role: Role, email: String, name: String, webinarID: Int64) {
        self.role = role
        self.email = email
        self.name = name
        self.webinarID = webinarID
    }
}

/// One tenant's generated data: its HubSpot portal seed and its Zoom accounts' data.
public struct GeneratedTenant: Sendable, Codable, Hashable {
    /// The input tenant.
    public var tenant: ScenarioTenant
    /// Initial HubSpot state (users, business units, contacts incl. archived ones).
    public var hubSpot: HubSpotPortalSeed
    /// Zoom data of each connected account.
    public var zoomAccounts: [ZoomAccountData]
    /// The business unit each Zoom account is connected to, by Zoom account id.
    public var businessUnitByZoomAccount: [String: Int]
    /// People placed on purpose (exclusions, guests, cancellations), for independent expectations.
    public var notablePeople: [ScenarioPerson]
    /// Webinars placed on purpose: `zoomEvents`, `requiredQuestion`, `slashUUID`, `doubleSlashUUID`.
    public var notableWebinars: [String: Int64]
    /// Teams data of each connected Microsoft Entra tenant (with its own notable people and webinars).
    public var graphTenants: [GraphTenantData] = []
}

/// A complete deterministic scenario: the same seed, sizes and reference date give the same
/// ids, UUIDs, emails and times on every machine.
public struct SandboxScenario: Sendable, Codable, Hashable {
    /// The seed.
    public var seed: UInt64
    /// "Now" of the scenario: past webinars lie before it, upcoming ones after it.
    public var referenceDate: Date
    /// The sizes used.
    public var sizes: ScenarioSizes
    /// Per-tenant data.
    public var tenants: [GeneratedTenant]

    /// Every Zoom account of every tenant (what ``ZoomSimulator`` serves).
    public var zoomAccounts: [ZoomAccountData] {
        tenants.flatMap(\.zoomAccounts)
    }

    /// Every Microsoft Entra tenant of every tenant (what ``GraphSimulator`` serves).
    public var graphTenants: [GraphTenantData] {
        tenants.flatMap(\.graphTenants)
    }

    /// Every HubSpot portal seed (what the HubSpot simulator serves).
    public var hubSpotPortals: [HubSpotPortalSeed] {
        tenants.map(\.hubSpot)
    }
}
