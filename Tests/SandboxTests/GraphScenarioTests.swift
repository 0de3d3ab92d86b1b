import Foundation
import Sandbox
import Testing

/// The Teams part of the scenario, and the Graph state saved with the rest of the sandbox.
@Suite struct GraphScenarioTests {
    @Test func defaultScenarioHasATeamsUnitWithEveryNotableCase() throws {
        let scenario = zoomTestScenario()
        let northwind = try #require(scenario.tenants.first)
        let teams = try #require(northwind.graphTenants.first)
        #expect(teams.credentials.businessUnit.id == 5120)
        #expect(northwind.hubSpot.businessUnits.contains { $0.id == 5120 && $0.name == "Americas" })
        // The portal's admin is in the Teams unit too, so the host's business-unit check finds it.
        #expect(northwind.hubSpot.users.first?.businessUnitIDs == [0, 3411, 5120])
        let roles = Set(teams.notablePeople.map(\.role))
        let expected: Set<ScenarioPerson.Role> = [
            .hubSpotUser, .excludedDomain, .excludedSubdomain, .secondaryEmail, .invalidEmail, .archivedContact,
            .guestMatchedByRegistrantID, .unmatchedGuest, .cancelledRegistration,
        ]
        #expect(roles == expected)
        let showcase = try #require(teams.webinars.first { $0.id == teams.notableWebinars["showcase"] })
        let session = try #require(showcase.sessions.first)
        #expect(session.recordings.count == 1 && session.transcripts.count == 1)
        let records = try #require(session.attendanceReports.first).records
        #expect(records.contains { $0.intervals.count > 1 })
        #expect(
            records.allSatisfy { record in
                zip(record.intervals, record.intervals.dropFirst()).allSatisfy { $0.leaveDateTime <= $1.joinDateTime }
            })
        #expect(showcase.registrations.contains { $0.status == "canceled" && $0.cancelationDateTime != nil })
        #expect(teams.webinars.allSatisfy { $0.id.hasSuffix("@\(teams.credentials.tenantID)") })
    }

    @Test func teamsDataIsDeterministicAndLeavesZoomAndHubSpotDataAsTheyWere() {
        #expect(zoomTestScenario(seed: 11).graphTenants == zoomTestScenario(seed: 11).graphTenants)
        #expect(zoomTestScenario(seed: 11).graphTenants != zoomTestScenario(seed: 12).graphTenants)
        var withoutTeams = ScenarioInput.default
        withoutTeams.tenants = withoutTeams.tenants.map { tenant in
            var tenant = tenant
            tenant.teamsTenants = []
            return tenant
        }
        let plain = ScenarioGenerator.generate(withoutTeams, seed: 7, referenceDate: zoomTestReferenceDate)
        let withTeams = zoomTestScenario()
        #expect(plain.zoomAccounts == withTeams.zoomAccounts)
        #expect(plain.tenants.map(\.hubSpot.contacts) == withTeams.tenants.map(\.hubSpot.contacts))
        #expect(plain.graphTenants.isEmpty)
    }

    @Test func graphStateIsSavedAndRestoredWithTheSandbox() async throws {
        let scenario = zoomTestScenario()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("graph-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sandbox-state.json").path
        let configuration = GraphSimulatorConfiguration(now: { zoomTestReferenceDate })
        let first = SandboxServer(scenario: scenario, graphConfiguration: configuration)
        let tenant = try #require(scenario.graphTenants.first)
        let webinarID = try #require(tenant.notableWebinars["upcoming"])
        let registered = try await first.makeApplication(port: 0).test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let answer = try await ZoomSandboxClient.send(
                base: base, .POST, "/_sandbox/graph/webinars/\(webinarID)/registrations",
                headers: [("Content-Type", "application/json")],
                body: Data(#"{"firstName":"Kept","lastName":"Across","email":"kept.across@example.com"}"#.utf8))
            return try #require(answer.json["id"] as? String)
        }
        try first.saveState(to: path, scenarioKey: "seed-7")

        let saved = try #require(try SandboxServer.savedState(at: path, scenarioKey: "seed-7"))
        let second = SandboxServer(scenario: scenario, graphConfiguration: configuration)
        #expect(second.restore(saved) >= 1)
        let webinar = try #require(second.graph.tenantData(tenant.credentials.tenantID)?.webinars.first { $0.id == webinarID })
        #expect(webinar.registrations.contains { $0.id == registered && $0.email == "kept.across@example.com" })
    }

    @Test("/_sandbox/ (the address the host's log points at) answers with an index of what can be inspected")
    func indexAnswers() async throws {
        let scenario = zoomTestScenario()
        let server = SandboxServer(scenario: scenario)
        try await server.makeApplication(port: 0).test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            for path in ["/_sandbox/", "/_sandbox"] {
                let answer = try await ZoomSandboxClient.send(base: base, .GET, path, headers: [], body: nil)
                #expect(answer.status == 200, "\(path)")
                let endpoints = try #require(answer.json["endpoints"] as? [[String: Any]], "\(path)")
                let paths = Set(endpoints.compactMap { $0["path"] as? String })
                #expect(paths.contains("/_sandbox/scenario") && paths.contains("/_sandbox/hubspot/portals/{portalId}"))
                let accounts = try #require(answer.json["zoomAccounts"] as? [String])
                #expect(Set(accounts) == Set(scenario.zoomAccounts.map(\.credentials.accountID)))
            }
        }
    }

    @Test func stateSavedBeforeGraphExistedStillLoads() throws {
        let scenario = zoomTestScenario()
        let server = SandboxServer(scenario: scenario)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var object = try #require(
            try JSONSerialization.jsonObject(with: encoder.encode(server.currentState(scenarioKey: "k"))) as? [String: Any])
        object["graph"] = nil
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("old-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sandbox-state.json").path
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        let saved = try #require(try SandboxServer.savedState(at: path, scenarioKey: "k"))
        #expect(server.restore(saved) >= 1)
        #expect(server.graph.tenants.count == 1)
    }
}
