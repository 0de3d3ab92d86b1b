import Foundation
import Host
import Sandbox
import SyncEngine
import Testing

/// Both workflow actions of a primary business unit that runs Zoom and Teams, as HubSpot runs them.
@Suite("End to end: 'Add contact to Zoom webinar' and 'Add contact to Teams webinar' in one tenant")
struct TeamsWorkflowActionTests {
    /// The tenant of ``TeamsEndToEndTests`` with the Teams connector moved into the primary unit.
    static let tenantFile = TeamsEndToEndTests.tenantFile.replacingOccurrences(
        of: "  - id: 5120\n    name: Americas\n    connectors:\n", with: "")

    @Test("each action goes to its own source: Teams registers the contact, Zoom refuses a webinar with required questions")
    func bothActions() async throws {
        #expect(!Self.tenantFile.contains("5120"), "one unit with both connectors")
        let directory = try HostHarness.tenantsDirectory(["fabrikam.yaml": Self.tenantFile])
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:], configure: { $0.pluginsDirectory = TeamsEndToEndTests.plugins }
        ) { host, _ in
            let zoom = try await WorkflowActionScene.prepare(host, tenant: "fabrikam", portal: TeamsEndToEndTests.portal)
            let definitions = try #require(zoom.sandbox.hubspot.snapshot(portalID: zoom.portalID)?.actionDefinitions)
            let teamsDefinition = try #require(
                definitions.first { $0.body["labels"]?["en"]?["actionName"]?.stringValue == "Add contact to Teams webinar" })
            let teams = WorkflowActionScene(
                host: host, sandbox: zoom.sandbox, portalID: zoom.portalID, definitionID: teamsDefinition.id)

            // The sandbox's only upcoming Zoom webinar of this tenant asks required questions: refused, clearly.
            let zoomWebinar = try #require(try zoom.tenant.zoomAccounts[0].webinars.first { $0.startTime > Date() })
            let zoomContact = try zoom.contact(notRegisteredFor: zoomWebinar)
            let zoomRun = try await zoom.run(contactID: zoomContact.id, webinarID: String(zoomWebinar.id))
            #expect(zoomRun.outputs["hs_execution_state"] == "FAIL_CONTINUE", "\(zoomRun.outputs)")
            #expect(zoomRun.outputs["result_message"]?.contains("requires registration fields") == true, "\(zoomRun.outputs)")
            #expect(zoom.registrationRequests(webinarID: zoomWebinar.id) == 0)

            let graph = try #require(zoom.sandbox.graph.tenantData(TeamsEndToEndTests.entraTenant))
            let webinar = try #require(
                graph.webinars.first { $0.status == "published" && $0.startDateTime > Date() && $0.questions.allSatisfy { !$0.isRequired } }
            )
            let registered = Set(webinar.registrations.compactMap { $0.email?.lowercased() })
            let candidate = try #require(zoom.sandbox.hubspot.snapshot(portalID: zoom.portalID)).contacts.first { contact in
                contact.properties["firstname"] != nil && contact.properties["lastname"] != nil
                    && !registered.contains(contact.properties["email"]?.lowercased() ?? "")
                    && !(contact.properties["email"] ?? "").hasSuffix("fabrikam.example")
            }
            let teamsContact = (id: try #require(candidate?.id), email: try #require(candidate?.properties["email"]))
            let teamsRun = try await teams.run(contactID: teamsContact.id, webinarID: webinar.id)
            #expect(teamsRun.outputs["registrant_id"]?.isEmpty == false, "\(teamsRun.delivery.responseBody)")
            #expect(teamsRun.outputs["result_message"]?.contains("Registered \(teamsContact.email)") == true, "\(teamsRun.outputs)")
            let after = try #require(zoom.sandbox.graph.tenantData(TeamsEndToEndTests.entraTenant))
            let registrations = after.webinars.first { $0.id == webinar.id }?.registrations ?? []
            #expect(registrations.contains { $0.email?.lowercased() == teamsContact.email.lowercased() && $0.status == "registered" })
        }
    }
}
