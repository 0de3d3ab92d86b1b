import AsyncHTTPClient
import Foundation
import Host
import HubSpot
import Sandbox
import SyncEngine
import Testing

/// "Add contact to Zoom webinar" end to end: the HubSpot sandbox runs the installed action as a
/// workflow would (signed request to the host), the host registers in the Zoom sandbox.
@Suite("End to end: workflow action 'Add contact to Zoom webinar'")
struct WorkflowActionEndToEndTests {
    typealias Scene = WorkflowActionScene

    @Test("setup installs the definition once, with the inputs, outputs and requested properties")
    func definitionInstalled() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let scene = try await Scene.prepare(host, tenant: Scene.contoso.tenant, portal: Scene.contoso.portal)
            let outcome = try await ZoomProfile.registerAction.install(
                client: try await host.coordinator.hubSpotClient(
                    for: try #require(await host.registry.runtime(tenantID: "contoso")).config),
                actionURL: host.publicURL + ZoomProfile.registerAction.path)
            #expect(outcome == .unchanged(definitionID: scene.definitionID))
            let definitions = try #require(scene.sandbox.hubspot.snapshot(portalID: scene.portalID)).actionDefinitions
            #expect(definitions.count == 1)
            let body = try #require(definitions.first).body
            #expect(body["actionUrl"]?.stringValue == host.publicURL + "/actions/zoom/register")
            #expect(body["objectTypes"] == .array([.string("CONTACT")]))
            #expect(body["inputFields"]?.arrayValue.first?["typeDefinition"]?["name"]?.stringValue == "webinar_id")
            #expect(
                body["inputFields"]?.arrayValue.first?["supportedValueTypes"]
                    == .array([.string("STATIC_VALUE"), .string("OBJECT_PROPERTY")]))
            #expect(
                body["outputFields"]?.arrayValue.compactMap { $0["typeDefinition"]?["name"]?.stringValue }
                    == ["registrant_id", "join_url", "result_message"])
            #expect(
                body["objectRequestOptions"]?["properties"]?.arrayValue.compactMap(\.stringValue)
                    == ["email", "firstname", "lastname", "hs_all_assigned_business_unit_ids"])
            #expect(body["labels"]?["en"]?["inputFieldLabels"]?["webinar_id"]?.stringValue == "Webinar ID")

            // A definition installed by an older version (one output field fewer) is brought up to date.
            let client = try await host.coordinator.hubSpotClient(
                for: try #require(await host.registry.runtime(tenantID: "contoso")).config)
            let actionURL = host.publicURL + ZoomProfile.registerAction.path
            var older = ZoomProfile.registerAction.definition(actionURL: actionURL)
            older.outputFields.removeLast()
            _ = try await client.automation.updateDefinition(id: scene.definitionID, WorkflowActionPatch(replacingWith: older))
            #expect(
                try await ZoomProfile.registerAction.install(client: client, actionURL: actionURL)
                    == .updated(definitionID: scene.definitionID))
            #expect(
                try await ZoomProfile.registerAction.install(client: client, actionURL: actionURL)
                    == .unchanged(definitionID: scene.definitionID))
        }
    }

    @Test("a signed workflow request registers the contact in Zoom, sets the property, and the sync counts it")
    func registers() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let scene = try await Scene.prepare(host, tenant: Scene.northwind.tenant, portal: Scene.northwind.portal)
            let webinar = try scene.openWebinar()
            let contact = try scene.contact(notRegisteredFor: webinar)
            let digits = String(webinar.id)
            let dashed = "\(digits.prefix(3))-\(digits.dropFirst(3).prefix(4))-\(digits.dropFirst(7))"
            let (delivery, outputs) = try await scene.run(contactID: contact.id, webinarID: dashed)
            #expect(delivery.status == 200)
            #expect(outputs["hs_execution_state"] == "SUCCESS", "\(outputs)")
            #expect(outputs["registrant_id"]?.isEmpty == false)
            #expect(outputs["join_url"]?.hasPrefix("https://zoom.us/w/\(webinar.id)?tk=") == true)
            #expect(outputs["result_message"]?.contains("Registered \(contact.email)") == true)
            #expect(try scene.registrantEmails(webinarID: webinar.id).contains(contact.email.lowercased()))
            let property = try scene.property(ZoomProfile.properties.lastRegisteredWebinar.name, contactID: contact.id)
            #expect(property?.hasPrefix("https://zoom.us/webinar/register/WN_") == true)
            // Zoom reports the registration (webhook): the sync counts it on the contact's timeline.
            let counted = try await waitUntil {
                let total = try scene.property(ZoomProfile.properties.totalRegistrations.name, contactID: contact.id).flatMap(Int.init) ?? 0
                let timeline = scene.sandbox.hubspot.snapshot(portalID: scene.portalID)?.timelineEvents ?? []
                return total >= 1 && timeline.contains { $0.objectID == contact.id }
            }
            #expect(counted, "the registration should be counted and on the contact's timeline")
        }
    }

    @Test("the webinar id comes from a contact token")
    func contactToken() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let scene = try await Scene.prepare(host, tenant: Scene.northwind.tenant, portal: Scene.northwind.portal)
            let webinar = try scene.openWebinar()
            let contact = try scene.contact(notRegisteredFor: webinar)
            let client = try await host.coordinator.hubSpotClient(
                for: try #require(await host.registry.runtime(tenantID: "northwind")).config)
            _ = try await client.contacts.update(id: contact.id, properties: ["company": "\(webinar.id)"])
            let (_, outputs) = try await scene.run(contactID: contact.id, tokens: ["webinar_id": "company"])
            #expect(outputs["hs_execution_state"] == "SUCCESS", "\(outputs)")
            #expect(try scene.registrantEmails(webinarID: webinar.id).contains(contact.email.lowercased()))
        }
    }

    @Test("failures continue the workflow with a message: bad id, host email, extra required question")
    func failures() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let scene = try await Scene.prepare(host, tenant: Scene.northwind.tenant, portal: Scene.northwind.portal)
            let webinar = try scene.openWebinar()
            let contact = try scene.contact(notRegisteredFor: webinar)

            let (_, badID) = try await scene.run(contactID: contact.id, webinarID: "next tuesday")
            #expect(badID["hs_execution_state"] == "FAIL_CONTINUE")
            #expect(badID["result_message"]?.contains("is not a Zoom webinar ID") == true, "\(badID)")

            let hostPerson = ["email": webinar.hostEmail, "firstname": "Web", "lastname": "Host"]
            let (_, hostEmail) = try await scene.run(contactID: contact.id, webinarID: String(webinar.id), properties: hostPerson)
            #expect(hostEmail["hs_execution_state"] == "FAIL_CONTINUE")
            #expect(hostEmail["result_message"] == "Webinar host cannot register for the webinar")

            let required = try #require(try scene.tenant.notableWebinars["requiredQuestion"])
            let (_, extra) = try await scene.run(contactID: contact.id, webinarID: String(required))
            #expect(extra["hs_execution_state"] == "FAIL_CONTINUE")
            #expect(extra["result_message"]?.contains("requires registration fields this action cannot fill") == true, "\(extra)")
            #expect(scene.registrationRequests(webinarID: required) == 0)
        }
    }

    @Test("several business units: only primary-unit contacts, only the primary unit's Zoom account")
    func businessUnits() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let scene = try await Scene.prepare(host, tenant: Scene.northwind.tenant, portal: Scene.northwind.portal)
            let primaryWebinar = try scene.openWebinar(account: 0)
            let emeaWebinar = try scene.openWebinar(account: 1)
            let contact = try scene.contact(notRegisteredFor: primaryWebinar)
            let emeaRegistrants = try scene.registrantEmails(webinarID: emeaWebinar.id, account: 1)

            let emeaOnly = ["email": contact.email, "firstname": "Eva", "lastname": "Emea", "hs_all_assigned_business_unit_ids": "3411"]
            let (_, refused) = try await scene.run(
                contactID: contact.id, webinarID: String(primaryWebinar.id), properties: emeaOnly)
            #expect(refused["hs_execution_state"] == "FAIL_CONTINUE")
            #expect(refused["result_message"]?.contains("is not associated with the primary business unit (Account)") == true)
            #expect(scene.registrationRequests(webinarID: primaryWebinar.id) == 0)

            let (_, otherAccount) = try await scene.run(contactID: contact.id, webinarID: String(emeaWebinar.id))
            #expect(otherAccount["hs_execution_state"] == "FAIL_CONTINUE")
            #expect(otherAccount["result_message"]?.contains("There is no webinar") == true, "\(otherAccount)")
            #expect(try scene.registrantEmails(webinarID: emeaWebinar.id, account: 1) == emeaRegistrants)
            #expect(scene.registrationRequests(webinarID: emeaWebinar.id) == 0)

            let (_, registered) = try await scene.run(contactID: contact.id, webinarID: String(primaryWebinar.id))
            #expect(registered["hs_execution_state"] == "SUCCESS", "\(registered)")
            #expect(try scene.registrantEmails(webinarID: primaryWebinar.id).contains(contact.email.lowercased()))
        }
    }

    @Test("the same callbackId delivered twice registers once and gets the same answer")
    func duplicateCallback() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, client in
            let scene = try await Scene.prepare(host, tenant: Scene.northwind.tenant, portal: Scene.northwind.portal)
            let webinar = try scene.openWebinar()
            let contact = try scene.contact(notRegisteredFor: webinar)
            let (delivery, first) = try await scene.run(contactID: contact.id, webinarID: String(webinar.id))
            #expect(first["hs_execution_state"] == "SUCCESS")
            let again = try await post(
                client, host.publicURL + ZoomProfile.registerAction.path, body: delivery.sentBody, headers: delivery.sentHeaders)
            #expect(again.status == 200)
            #expect(Scene.outputs(again.body) == first)
            #expect(scene.registrationRequests(webinarID: webinar.id) == 1)
            let stored = try await host.workflowExecutions?.workflowExecution(callbackID: delivery.callbackID)
            #expect(stored?.state == .done)
        }
    }

    @Test("unsigned, badly signed, v2-only and unknown-portal requests get the same refusal and nothing is done")
    func refusals() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, client in
            let scene = try await Scene.prepare(host, tenant: Scene.northwind.tenant, portal: Scene.northwind.portal)
            let webinar = try scene.openWebinar()
            let contact = try scene.contact(notRegisteredFor: webinar)
            let (delivery, _) = try await scene.run(contactID: contact.id, webinarID: "1")
            let url = host.publicURL + ZoomProfile.registerAction.path
            let body = delivery.sentBody.replacingOccurrences(of: "\"1\"", with: "\"\(webinar.id)\"")
                .replacingOccurrences(of: delivery.callbackID, with: delivery.callbackID + "-forged")
            let unsigned = try await post(client, url, body: body, headers: ["Content-Type": "application/json"])
            #expect(unsigned.status == 401)
            let tampered = try await post(client, url, body: body, headers: delivery.sentHeaders)
            #expect(tampered.status == 401)
            #expect(tampered.body.contains("does not match"))
            var v2Only = delivery.sentHeaders
            v2Only["X-HubSpot-Signature-v3"] = nil
            let tamperedV2 = try await post(client, url, body: body, headers: v2Only)
            #expect(tamperedV2.status == 401)
            // A genuine request replayed with only its (timestamp-less) v2 signature is refused too.
            let replayedV2 = try await post(client, url, body: delivery.sentBody, headers: v2Only)
            #expect(replayedV2.status == 401)
            #expect(replayedV2.body == tampered.body)
            let unknown = try await post(
                client, url, body: body.replacingOccurrences(of: "\(Scene.northwind.portal)", with: "999"), headers: delivery.sentHeaders)
            #expect(unknown.status == tampered.status)
            #expect(unknown.body == tampered.body)
            #expect(!unknown.body.contains("999"))
            #expect(scene.registrationRequests(webinarID: webinar.id) == 0)
            let forged = try await host.workflowExecutions?.workflowExecution(callbackID: delivery.callbackID + "-forged")
            #expect(forged == nil)
        }
    }

    @Test("rate-limited Zoom: HubSpot is answered BLOCK and the completion arrives later")
    func rateLimitedZoom() async throws {
        try await HostHarness.withHost(
            tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:],
            configure: { $0.workflowActionResponseBudget = .milliseconds(300) }
        ) { host, _ in
            let scene = try await Scene.prepare(host, tenant: Scene.northwind.tenant, portal: Scene.northwind.portal)
            let webinar = try scene.openWebinar()
            let contact = try scene.contact(notRegisteredFor: webinar)
            scene.sandbox.zoom.faults.update(FaultPlan(rateLimitBurst: 10_000))
            let (delivery, outputs) = try await scene.run(contactID: contact.id, webinarID: String(webinar.id))
            #expect(outputs["hs_execution_state"] == "BLOCK")
            #expect(scene.completion(delivery.callbackID) == nil)
            scene.sandbox.zoom.faults.update(FaultPlan())
            let completed = try await waitUntil(seconds: 60) { scene.completion(delivery.callbackID) != nil }
            #expect(completed)
            let completion = try #require(scene.completion(delivery.callbackID))
            #expect(completion.outputFields["hs_execution_state"] == "SUCCESS", "\(completion.outputFields)")
            #expect(completion.outputFields["registrant_id"]?.isEmpty == false)
            #expect(try scene.registrantEmails(webinarID: webinar.id).contains(contact.email.lowercased()))
        }
    }
}
