import SwitchyardJSON
import AsyncHTTPClient
import Foundation
import Host
import NIOCore
import Sandbox
import SyncEngine
import Testing

/// A tenant of a running host with its workflow action installed in the HubSpot sandbox,
/// and the means to run the action as a HubSpot workflow would.
struct WorkflowActionScene: Sendable {
    let host: RunningHost
    let sandbox: SandboxServer
    let portalID: Int
    let definitionID: String

    static let contoso = (tenant: "contoso", portal: 5_500_777)
    static let northwind = (tenant: "northwind", portal: 4_400_123)

    /// Sets the tenant up (which installs the action definition) and finds the definition.
    static func prepare(_ host: RunningHost, tenant: String, portal: Int) async throws -> WorkflowActionScene {
        let sandbox = try #require(host.sandbox)
        let runtime = try #require(await host.registry.runtime(tenantID: tenant))
        try await host.coordinator.prepare(runtime)
        let definitions = try #require(sandbox.hubspot.snapshot(portalID: portal)?.actionDefinitions)
        let definition = try #require(definitions.first(where: isRegisterAction))
        return WorkflowActionScene(host: host, sandbox: sandbox, portalID: portal, definitionID: definition.id)
    }

    /// Whether `definition` is the "Add contact to Zoom webinar" action.
    static func isRegisterAction(_ definition: HubSpotActionDefinition) -> Bool {
        definition.body["labels"]?["en"]?["actionName"]?.stringValue == ZoomProfile.registerAction.profile.actionName
    }

    /// Whether `webinar` is upcoming, takes registrations and asks only for first name, last
    /// name and email (what the action sends).
    static func isOpen(_ webinar: ZoomWebinarData) -> Bool {
        webinar.startTime > Date() && webinar.registrationEnabled && !webinar.isZoomEvents
            && webinar.questions.allSatisfy { !$0.required || $0.fieldName == "last_name" }
            && webinar.customQuestions.allSatisfy { !$0.required }
    }

    /// Whether `contact` has both names and belongs to the primary business unit (0).
    static func isNamedInPrimaryUnit(_ contact: HubSpotObject) -> Bool {
        contact.properties["firstname"] != nil && contact.properties["lastname"] != nil
            && (contact.properties["hs_all_assigned_business_unit_ids"] ?? "0").split(separator: ";").contains("0")
    }

    var tenant: GeneratedTenant {
        get throws { try #require(sandbox.scenario.tenants.first { $0.hubSpot.credentials.portalID == portalID }) }
    }

    /// An active contact with email and names, in the primary business unit and not yet
    /// registered for `webinar`.
    func contact(notRegisteredFor webinar: ZoomWebinarData? = nil) throws -> (id: String, email: String) {
        let registered = Set(webinar?.registrants.map { $0.email.lowercased() } ?? [])
        let contacts = try #require(sandbox.hubspot.snapshot(portalID: portalID)).contacts.filter { contact in
            Self.isNamedInPrimaryUnit(contact) && !registered.contains(contact.properties["email"]?.lowercased() ?? "")
        }
        let contact = try #require(contacts.first)
        return (contact.id, try #require(contact.properties["email"]))
    }

    /// An upcoming webinar of a Zoom account of the tenant (0: the primary unit's) that asks only
    /// for first name, last name and email.
    func openWebinar(account: Int = 0) throws -> ZoomWebinarData {
        let webinars = try tenant.zoomAccounts[account].webinars
        return try #require(webinars.first(where: Self.isOpen))
    }

    /// Runs the action for a contact; returns the delivery and the output fields answered.
    func run(
        contactID: String, webinarID: String? = nil, tokens: [String: String] = [:], properties: [String: String] = [:]
    ) async throws -> (delivery: WorkflowActionDelivery, outputs: [String: String]) {
        let delivery = try await sandbox.hubspot.sendWorkflowAction(
            portalID: portalID,
            WorkflowActionRequest(
                url: "", definitionID: definitionID, objectID: contactID, objectProperties: properties,
                inputFields: webinarID.map { [WebinarRegistrationWorkflowAction.webinarIDField: $0] } ?? [:],
                inputFieldProperties: tokens))
        return (delivery, Self.outputs(delivery.responseBody))
    }

    /// The `outputFields` of an answer.
    static func outputs(_ body: String) -> [String: String] {
        (try? JSONValue.parse(Data(body.utf8)))?["outputFields"]?.stringMap ?? [:]
    }

    /// The registrants of a webinar in the Zoom sandbox now.
    func registrantEmails(webinarID: Int64, account: Int = 0) throws -> [String] {
        let accountID = try tenant.zoomAccounts[account].credentials.accountID
        let data = try #require(sandbox.zoom.accountData(accountID))
        return data.webinars.first { $0.id == webinarID }?.registrants.map { $0.email.lowercased() } ?? []
    }

    /// Zoom registration requests seen by the sandbox for a webinar.
    func registrationRequests(webinarID: Int64) -> Int {
        sandbox.zoom.requestLog.all.filter { $0.method == "POST" && $0.path == "/v2/webinars/\(webinarID)/registrants" }.count
    }

    /// A contact's property in the HubSpot sandbox.
    func property(_ name: String, contactID: String) throws -> String? {
        try #require(sandbox.hubspot.snapshot(portalID: portalID)).contacts.first { $0.id == contactID }?.properties[name]
    }

    /// The callback completion HubSpot received for a callback id, if any.
    func completion(_ callbackID: String) -> HubSpotCallbackCompletion? {
        sandbox.hubspot.snapshot(portalID: portalID)?.callbackCompletions.first { $0.callbackID == callbackID }
    }
}

/// Polls until `condition` holds, for at most `seconds` (background work over loopback).
func waitUntil(seconds: Int = 30, _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
    try await poll(seconds: Double(seconds), every: .milliseconds(100), condition)
}

/// Posts raw bytes with headers; returns status and body.
func post(_ client: HTTPClient, _ url: String, body: String, headers: [String: String]) async throws -> (status: Int, body: String) {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await client.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 1 << 20)
    return (Int(response.status.code), String(buffer: bytes))
}
