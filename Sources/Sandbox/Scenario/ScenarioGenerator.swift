import Foundation

/// Generates a deterministic ``SandboxScenario`` from tenants, sizes, a seed and a reference date.
///
/// ```swift
/// let scenario = ScenarioGenerator.generate(.default, seed: 7, referenceDate: Date(timeIntervalSince1970: 1_767_225_600))
/// let zoom = ZoomSimulator(accounts: scenario.zoomAccounts)
/// ```
public enum ScenarioGenerator {
    /// Generates the scenario. Only the seeded generator is a source of variation, so equal
    /// inputs give equal scenarios (ids, UUIDs, emails, times relative to `referenceDate`).
    public static func generate(_ input: ScenarioInput, seed: UInt64, referenceDate: Date)
        -> SandboxScenario
    {
        var generator = SeededGenerator(seed: seed)
        let tenants = input.tenants.map { tenant in
            var builder = TenantScenarioBuilder(
                tenant: tenant, sizes: input.sizes, referenceDate: referenceDate)
            return builder.build(using: &generator, teamsSeed: seed &+ UInt64(truncatingIfNeeded: tenant.portal.portalID))
        }
        return SandboxScenario(
            seed: seed, referenceDate: referenceDate, sizes: input.sizes, tenants: tenants)
    }
}

/// A generated person (registrant candidate).
struct ScenarioPersonSeed: Sendable {
    var firstName: String
    var lastName: String
    var email: String

    var name: String { "\(firstName) \(lastName)" }
}

/// Builds one tenant: HubSpot seed, Zoom users and webinars, and the notable cases.
struct TenantScenarioBuilder {
    let tenant: ScenarioTenant
    let sizes: ScenarioSizes
    let referenceDate: Date
    let dayStart: Date
    var usedEmails: [String] = []
    var notablePeople: [ScenarioPerson] = []
    var notableWebinars: [String: Int64] = [:]
    var pastWebinarCount = 0

    init(tenant: ScenarioTenant, sizes: ScenarioSizes, referenceDate: Date) {
        self.tenant = tenant
        self.sizes = sizes
        self.referenceDate = referenceDate
        let seconds = referenceDate.timeIntervalSince1970
        self.dayStart = Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400)
    }

    var companyDomain: String {
        tenant.contactExclusionDomains.first ?? "portal\(tenant.portal.portalID).example"
    }

    mutating func build(using generator: inout SeededGenerator, teamsSeed: UInt64 = 0) -> GeneratedTenant {
        let users = hubSpotUsers(using: &generator)
        var pool = (0..<max(sizes.registrantsPerWebinar * 2, 8)).map { _ in newPerson(using: &generator)
        }
        let regularContacts = pool.prefix(sizes.contactsPerPortal).enumerated().map { index, person in
            HubSpotPortalSeed.Contact(
                email: person.email, firstName: person.firstName, lastName: person.lastName,
                businessUnitIDs: index % 3 == 2 ? [0] + tenant.extraBusinessUnits.map(\.id) : [0])
        }
        let secondaryOwner = newPerson(using: &generator)
        let secondaryEmail = newPerson(using: &generator).email
        let archived = newPerson(using: &generator)
        let contacts =
            regularContacts + [
                HubSpotPortalSeed.Contact(
                    email: secondaryOwner.email, firstName: secondaryOwner.firstName,
                    lastName: secondaryOwner.lastName,
                    additionalEmails: [secondaryEmail]),
                HubSpotPortalSeed.Contact(
                    email: archived.email, firstName: archived.firstName, lastName: archived.lastName,
                    archived: true),
            ]
        let specials = SpecialRegistrants(
            hubSpotUser: users[2],
            excluded: newPerson(domain: companyDomain, using: &generator),
            excludedSubdomain: newPerson(domain: "eu.\(companyDomain)", using: &generator),
            secondary: ScenarioPersonSeed(
                firstName: secondaryOwner.firstName, lastName: secondaryOwner.lastName,
                email: secondaryEmail),
            archived: archived
        )
        pool.shuffle(using: &generator)

        var accounts: [ZoomAccountData] = []
        var unitByAccount: [String: Int] = [:]
        for (accountIndex, credentials) in tenant.zoomAccounts.enumerated() {
            let unit =
                accountIndex == 0
                ? 0 : (tenant.extraBusinessUnits.dropFirst(accountIndex - 1).first?.id ?? 0)
            unitByAccount[credentials.accountID] = unit
            accounts.append(
                zoomAccount(
                    credentials, isPrimary: accountIndex == 0, pool: pool, specials: specials,
                    using: &generator))
        }
        let graphTenants = teamsTenants(pool: pool, specials: specials, seed: teamsSeed)
        var businessUnits = [HubSpotPortalSeed.BusinessUnit(id: 0, name: "Account")] + tenant.extraBusinessUnits
        for unit in tenant.teamsTenants.map(\.businessUnit) where !businessUnits.contains(where: { $0.id == unit.id }) {
            businessUnits.append(unit)
        }
        let seed = HubSpotPortalSeed(
            credentials: tenant.portal,
            users: users,
            businessUnits: businessUnits,
            contacts: contacts,
            missingProperties: tenant.missingProperties
        )
        return GeneratedTenant(
            tenant: tenant, hubSpot: seed, zoomAccounts: accounts,
            businessUnitByZoomAccount: unitByAccount,
            notablePeople: notablePeople, notableWebinars: notableWebinars, graphTenants: graphTenants)
    }

    /// The tenant's Teams data, from a generator of its own (the Zoom and HubSpot data of a seed
    /// stay the same with or without Teams).
    mutating func teamsTenants(pool: [ScenarioPersonSeed], specials: SpecialRegistrants, seed: UInt64) -> [GraphTenantData] {
        guard !tenant.teamsTenants.isEmpty else { return [] }
        var generator = SeededGenerator(seed: seed ^ 0x5445_414D_5300)
        let user = specials.hubSpotUser
        let cases: [(ScenarioPersonSeed, ScenarioPerson.Role)] = [
            (ScenarioPersonSeed(firstName: user.firstName, lastName: user.lastName, email: user.email), .hubSpotUser),
            (specials.excluded, .excludedDomain),
            (specials.excludedSubdomain, .excludedSubdomain),
            (specials.secondary, .secondaryEmail),
            (ScenarioPersonSeed(firstName: "Tom", lastName: "Jones", email: "tom..jones@example.com"), .invalidEmail),
            (specials.archived, .archivedContact),
        ]
        return tenant.teamsTenants.enumerated().map { index, credentials in
            var builder = TeamsScenarioBuilder(
                credentials: credentials, isPrimary: index == 0, sizes: sizes, dayStart: dayStart)
            return builder.build(pool: pool, specials: cases, using: &generator)
        }
    }

    /// Three users: an admin (in every business unit, the Teams ones included) and a marketer in
    /// the company domain, and an outside consultant (whose registrations test the "HubSpot users
    /// are never contacts" rule on its own).
    mutating func hubSpotUsers(using generator: inout SeededGenerator) -> [HubSpotPortalSeed.User] {
        var allUnits = [0] + tenant.extraBusinessUnits.map(\.id)
        for unit in tenant.teamsTenants.map(\.businessUnit.id) where !allUnits.contains(unit) { allUnits.append(unit) }
        let consultant = newPerson(domain: "consultants.example", using: &generator)
        let admin = newPerson(domain: companyDomain, using: &generator)
        let marketer = newPerson(domain: companyDomain, using: &generator)
        return [admin, marketer, consultant].enumerated().map { index, person in
            HubSpotPortalSeed.User(
                id: String(tenant.portal.portalID * 100 + index + 1), email: person.email,
                firstName: person.firstName, lastName: person.lastName,
                businessUnitIDs: index == 0 ? allUnits : [0])
        }
    }

    /// A new person with a unique email.
    mutating func newPerson(domain: String? = nil, using generator: inout SeededGenerator)
        -> ScenarioPersonSeed
    {
        let first = ScenarioNames.firstNames[
            Int.random(in: 0..<ScenarioNames.firstNames.count, using: &generator)]
        let last = ScenarioNames.lastNames[
            Int.random(in: 0..<ScenarioNames.lastNames.count, using: &generator)]
        let chosenDomain =
            domain
            ?? ScenarioNames.domains[Int.random(in: 0..<ScenarioNames.domains.count, using: &generator)]
        var local = "\(first).\(last)".lowercased()
        var suffix = 2
        while usedEmails.contains("\(local)@\(chosenDomain)") {
            local = "\(first).\(last)\(suffix)".lowercased()
            suffix += 1
        }
        let email = "\(local)@\(chosenDomain)"
        usedEmails.append(email)
        return ScenarioPersonSeed(firstName: first, lastName: last, email: email)
    }

    /// Start of day `offset` (negative: past) at `hour` UTC.
    func day(_ offset: Int, hour: Int) -> Date {
        dayStart.addingTimeInterval(TimeInterval(offset * 86_400 + hour * 3600))
    }
}

/// The people placed in a tenant's showcase webinar.
struct SpecialRegistrants {
    var hubSpotUser: HubSpotPortalSeed.User
    var excluded: ScenarioPersonSeed
    var excludedSubdomain: ScenarioPersonSeed
    var secondary: ScenarioPersonSeed
    var archived: ScenarioPersonSeed
}
