import Foundation
import Sandbox
import Testing

@Suite("Deterministic scenario generator")
struct ScenarioTests {
    @Test("the same seed gives identical data; another seed gives different ids, emails and times")
    func determinism() throws {
        let first = zoomTestScenario(seed: 7)
        let second = zoomTestScenario(seed: 7)
        #expect(first == second)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(first) == encoder.encode(second))

        let other = zoomTestScenario(seed: 8)
        #expect(other != first)
        #expect(other.zoomAccounts[0].webinars.map(\.id) != first.zoomAccounts[0].webinars.map(\.id))
        #expect(other.zoomAccounts[0].users.map(\.id) != first.zoomAccounts[0].users.map(\.id))
    }

    @Test("the scenario round-trips through JSON as plain data")
    func codable() throws {
        let scenario = zoomTestScenario()
        let data = try JSONEncoder().encode(scenario)
        #expect(try JSONDecoder().decode(SandboxScenario.self, from: data) == scenario)
    }

    @Test("the default input: two tenants, business units mapped to their Zoom accounts")
    func defaultInput() {
        let scenario = zoomTestScenario()
        #expect(scenario.tenants.count == 2)
        let northwind = scenario.tenants[0]
        #expect(northwind.hubSpot.businessUnits.map(\.id) == [0, 3411, 5120])
        #expect(northwind.businessUnitByZoomAccount == ["nwAccount0001": 0, "nwEmeaAccount01": 3411])
        #expect(scenario.tenants[1].zoomAccounts.count == 1)
        #expect(northwind.hubSpot.contacts.contains { $0.archived })
        #expect(northwind.hubSpot.contacts.contains { !$0.additionalEmails.isEmpty })
    }

    @Test("every special case is present and consistent with the data")
    func specialCases() throws {
        let scenario = zoomTestScenario()
        for tenant in scenario.tenants {
            let roles = Set(tenant.notablePeople.map(\.role))
            #expect(
                roles == [
                    .hubSpotUser, .excludedDomain, .excludedSubdomain, .secondaryEmail, .invalidEmail,
                    .archivedContact,
                    .guestMatchedByRegistrantID, .unmatchedGuest, .cancelledRegistration,
                ])
            let webinars = tenant.zoomAccounts.flatMap(\.webinars)
            let domain = try #require(tenant.tenant.contactExclusionDomains.first)
            let excluded = try #require(tenant.notablePeople.first { $0.role == .excludedSubdomain })
            #expect(excluded.email.hasSuffix("@eu.\(domain)"))
            let secondary = try #require(tenant.notablePeople.first { $0.role == .secondaryEmail })
            #expect(tenant.hubSpot.contacts.contains { $0.additionalEmails.contains(secondary.email) })
            let user = try #require(tenant.notablePeople.first { $0.role == .hubSpotUser })
            #expect(tenant.hubSpot.users.contains { $0.email == user.email })
            let guest = try #require(
                tenant.notablePeople.first { $0.role == .guestMatchedByRegistrantID })
            let showcase = try #require(webinars.first { $0.id == guest.webinarID })
            let registrant = try #require(showcase.registrants.first { $0.email == guest.email })
            let rows = showcase.instances[0].participants.filter { $0.registrantID == registrant.id }
            #expect(!rows.isEmpty && rows.allSatisfy { $0.email.isEmpty })
            let states = Set(webinars.flatMap(\.instances).map(\.recording.state))
            #expect(states == [.completed, .processing, .absent, .trashed])
            let events = try #require(webinars.first { $0.id == tenant.notableWebinars["zoomEvents"] })
            #expect(events.isZoomEvents && events.creationSource == "other")
            let question = try #require(
                webinars.first { $0.id == tenant.notableWebinars["requiredQuestion"] })
            #expect(question.customQuestions.contains { $0.required })
        }
    }
}
