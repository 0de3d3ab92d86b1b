import ConnectorKit
import TenantConfig

/// What HubSpot knows that decides who may become a contact: the account's users and every
/// secondary email of its contacts.
public struct PortalDirectory: Sendable, Hashable {
    /// Normalized emails of the HubSpot account's users.
    public var userEmails: Set<String>
    /// Normalized secondary emails (`hs_additional_emails`) of the account's contacts.
    public var secondaryEmails: Set<String>

    /// Creates a directory; emails are normalized.
    public init(userEmails: some Sequence<String>, secondaryEmails: some Sequence<String>) {
        self.userEmails = Set(userEmails.map(EmailAddress.normalized))
        self.secondaryEmails = Set(secondaryEmails.map(EmailAddress.normalized))
    }
}

/// What HubSpot says about one email, from a lookup by email.
public enum ContactState: Sendable, Hashable {
    /// A contact whose primary email it is.
    case active(id: String, businessUnitIDs: Set<Int>)
    /// A contact matched, but the email is its secondary email.
    case secondaryOf(id: String)
    /// A deleted (archived) contact has this email.
    case archived(id: String)
    /// No contact has it.
    case unknown
}

/// Whether a person may be synced as a contact.
public enum PersonVerdict: Sendable, Hashable {
    /// Sync them.
    case eligible
    /// Do not; the reason goes to the audit log.
    case excluded(AuditReason)
}

/// The people rules (DESIGN §1 "Exclusions").
public enum PersonRules {
    /// Classifies one email. `previouslySynced` is true when the ledger shows the sync wrote a
    /// contact for this email before: if HubSpot no longer knows it, it was deleted.
    public static func classify(
        email: String,
        exclusions: Exclusions,
        directory: PortalDirectory,
        state: ContactState,
        previouslySynced: Bool = false
    ) -> PersonVerdict {
        let normalized = EmailAddress.normalized(email)
        guard EmailAddress.isValid(normalized) else { return .excluded(.invalidEmail) }
        if exclusions.contactDomains.contains(where: { EmailAddress.address(normalized, isInDomain: $0) }) {
            return .excluded(.excludedDomain)
        }
        if directory.userEmails.contains(normalized) { return .excluded(.hubSpotUser) }
        if directory.secondaryEmails.contains(normalized) { return .excluded(.secondaryEmail) }
        switch state {
        case .secondaryOf: return .excluded(.secondaryEmail)
        case .archived: return .excluded(.contactDeleted)
        case .unknown where previouslySynced: return .excluded(.contactDeleted)
        case .active, .unknown: return .eligible
        }
    }
}
