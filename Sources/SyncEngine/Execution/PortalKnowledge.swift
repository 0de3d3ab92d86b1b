import ConnectorKit
import Foundation
import HubSpot

/// What the sync reads from HubSpot before planning: the account's users and secondary
/// emails (cached per tenant for a while), and the state of the snapshot's emails.
public actor PortalKnowledge {
    private let client: HubSpotClient
    private let ttl: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: (directory: PortalDirectory, at: Date)?

    /// Properties read for every contact looked up.
    static let contactProperties = ["email", "hs_additional_emails", "hs_all_assigned_business_unit_ids"]

    /// Creates the knowledge of one portal; `ttl` bounds how stale users and secondary emails may be.
    public init(client: HubSpotClient, ttl: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.ttl = ttl
        self.now = now
    }

    /// The account's users and every contact's secondary emails (one users listing and one
    /// search per 200 contacts that have secondary emails, at most every `ttl` seconds).
    public func directory() async throws -> PortalDirectory {
        if let cached, now().timeIntervalSince(cached.at) < ttl { return cached.directory }
        let users = try await client.users.list().compactMap(\.email)
        var secondary: [String] = []
        var after = "0"
        while true {
            let filter = HubSpotSearchFilter(propertyName: "hs_additional_emails", operator: "HAS_PROPERTY")
            let page = try await client.contacts.search(
                HubSpotSearchRequest(
                    filterGroups: [.init(filters: [filter])], properties: ["email", "hs_additional_emails"], limit: 200,
                    after: after))
            secondary += page.results.flatMap { Self.split($0.properties["hs_additional_emails"]) }
            guard let next = page.nextAfter, !page.results.isEmpty else { break }
            after = next
        }
        let directory = PortalDirectory(userEmails: users, secondaryEmails: secondary)
        cached = (directory, now())
        return directory
    }

    /// Forgets the cached directory (e.g. after the tenant's settings changed).
    public func invalidate() { cached = nil }

    /// HubSpot's state of each email: a contact whose primary email it is, a contact that has
    /// it as a secondary email, a deleted contact, or nothing. One batch read of active
    /// contacts per 100 emails, and one of archived contacts per 100 emails not found.
    public func contactStates(of emails: [String]) async throws -> [String: ContactState] {
        var states: [String: ContactState] = [:]
        guard !emails.isEmpty else { return states }
        let active = try await client.contacts.batchReadByEmail(emails, properties: Self.contactProperties)
        if let failure = active.failedRequests.first { throw failure.error }
        let asked = Set(emails)
        for contact in active.results {
            let primary = EmailAddress.normalized(contact.properties["email"] ?? "")
            if asked.contains(primary) {
                states[primary] = .active(id: contact.id, businessUnitIDs: Self.units(contact))
            }
            for email in Set(Self.split(contact.properties["hs_additional_emails"])) where email != primary && asked.contains(email) {
                states[email] = .secondaryOf(id: contact.id)
            }
        }
        let missing = emails.filter { states[$0] == nil }
        guard !missing.isEmpty else { return states }
        let archived = try await client.contacts.batchReadByEmail(missing, properties: ["email"], archived: true)
        if let failure = archived.failedRequests.first { throw failure.error }
        let missingSet = Set(missing)
        for contact in archived.results {
            let email = EmailAddress.normalized(contact.properties["email"] ?? "")
            if missingSet.contains(email) { states[email] = .archived(id: contact.id) }
        }
        return states
    }

    static func split(_ list: String?) -> [String] {
        (list ?? "").split(separator: ";").map { EmailAddress.normalized(String($0)) }.filter { !$0.isEmpty }
    }

    static func units(_ contact: HubSpotObject) -> Set<Int> {
        Set((contact.properties["hs_all_assigned_business_unit_ids"] ?? "").split(separator: ";").compactMap { Int($0) })
    }
}
