import ConnectorKit
import Foundation
import Store
import Testing

@testable import SyncEngine

@Suite("Rules: who becomes a contact")
struct PersonRulesTests {
    private let directory = PortalDirectory(userEmails: ["Admin@Northwind.example"], secondaryEmails: ["old@home.example"])

    private func classify(_ email: String, state: ContactState = .unknown, previouslySynced: Bool = false) -> PersonVerdict {
        PersonRules.classify(
            email: email, exclusions: RuleFixtures.exclusions, directory: directory, state: state, previouslySynced: previouslySynced)
    }

    @Test("a valid outside email is synced")
    func eligible() {
        #expect(classify("ada@example.org") == .eligible)
        #expect(classify("ada@example.org", state: .active(id: "1", businessUnitIDs: [0])) == .eligible)
    }

    @Test("invalid emails are excluded")
    func invalid() {
        #expect(classify("not-an-email") == .excluded(.invalidEmail))
        #expect(classify("") == .excluded(.invalidEmail))
    }

    @Test("contact-exclusion domains match case-insensitively and cover subdomains")
    func excludedDomains() {
        #expect(classify("bob@ACME.example") == .excluded(.excludedDomain))
        #expect(classify("bob@sales.acme.example") == .excluded(.excludedDomain))
        #expect(classify("bob@notacme.example") == .eligible)
    }

    @Test("users of the HubSpot account never become contacts")
    func hubSpotUsers() {
        #expect(classify("admin@northwind.example") == .excluded(.hubSpotUser))
        #expect(classify("admin@northwind.example", state: .active(id: "9", businessUnitIDs: [0])) == .excluded(.hubSpotUser))
    }

    @Test("a contact's secondary email creates and updates nothing")
    func secondaryEmails() {
        #expect(classify("OLD@home.example") == .excluded(.secondaryEmail))
        #expect(classify("new@home.example", state: .secondaryOf(id: "5")) == .excluded(.secondaryEmail))
    }

    @Test("contacts deleted in HubSpot are not re-created")
    func deleted() {
        #expect(classify("gone@example.org", state: .archived(id: "3")) == .excluded(.contactDeleted))
        #expect(classify("purged@example.org", previouslySynced: true) == .excluded(.contactDeleted))
        #expect(AuditReason.contactDeleted.kind == .dataNotSynced)
    }
}

@Suite("Rules: the four contact properties")
struct ContactPropertiesTests {
    private func fact(_ webinar: String, registered: Bool = true, at: TimeInterval = 0, attended: Bool = false, percent: Double? = nil)
        -> ParticipationFact
    {
        ParticipationFact(
            tenantID: "acme", connectorType: "acmelive", email: "ada@example.org", webinarID: webinar, registered: registered,
            registeredAt: RuleFixtures.t0 + at, webinarURL: "https://zoom.example/w/\(webinar)", attended: attended,
            attendancePercent: percent)
    }

    @Test("totals, the average over attended webinars and the latest registration")
    func values() {
        let values = ContactPropertyValues.values(from: [
            fact("1", at: 10, attended: true, percent: 50),
            fact("2", at: 30, attended: true, percent: 100),
            fact("3", at: 20),
            fact("4", registered: false, attended: true, percent: 75),
        ])
        #expect(values.totalRegistrations == 3)
        #expect(values.totalAttended == 3)
        #expect(values.averageAttendancePercent == 75)
        #expect(values.lastRegisteredWebinarURL == "https://zoom.example/w/2")
        #expect(values.properties(named: RuleFixtures.names)[RuleFixtures.names.averageAttendance.name] == "75")
    }

    @Test("the average is capped at 100 and rounded to two decimals")
    func capping() {
        let values = ContactPropertyValues.values(from: [
            fact("1", attended: true, percent: 130), fact("2", attended: true, percent: 33.333),
        ])
        #expect(values.averageAttendancePercent == 66.67)
        #expect(values.properties(named: RuleFixtures.names)[RuleFixtures.names.averageAttendance.name] == "66.67")
    }

    @Test("the average does not depend on the order the facts are read in")
    func orderIndependent() {
        let facts = [12.345, 99.99, 71.275, 33.3333, 0.1, 100, 56.789].enumerated().map { index, percent in
            fact(String(index), attended: true, percent: percent)
        }
        #expect(ContactPropertyValues.values(from: facts) == ContactPropertyValues.values(from: facts.reversed()))
        #expect(ContactPropertyValues.values(from: facts) == ContactPropertyValues.values(from: facts.shuffled()))
    }

    @Test("no attendance leaves the average empty")
    func noAttendance() {
        let values = ContactPropertyValues.values(from: [fact("1")])
        #expect(values.averageAttendancePercent == nil)
        #expect(values.properties(named: RuleFixtures.names)[RuleFixtures.names.averageAttendance.name] == "")
        #expect(values.properties(named: RuleFixtures.names)[RuleFixtures.names.totalAttended.name] == "0")
    }
}
