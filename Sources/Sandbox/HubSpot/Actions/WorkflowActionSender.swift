import SwitchyardJSON
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// HubSpot's request signatures, as sent on workflow-action and webhook requests.
public enum HubSpotSignature {
    /// `X-HubSpot-Signature-v3`: base64 of HMAC-SHA256, keyed with the app's client secret,
    /// over `method + uri + body + timestamp` (timestamp in epoch milliseconds, as sent in
    /// `X-HubSpot-Request-Timestamp`).
    public static func v3(
        clientSecret: String, method: String, uri: String, body: String, timestamp: String
    ) -> String {
        let key = SymmetricKey(data: Data(clientSecret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data((method + uri + body + timestamp).utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    /// `X-HubSpot-Signature` with `X-HubSpot-Signature-Version: v2`: hex SHA-256 of
    /// `clientSecret + method + uri + body`.
    public static func v2(clientSecret: String, method: String, uri: String, body: String) -> String {
        SHA256.hash(data: Data((clientSecret + method + uri + body).utf8)).map {
            String(format: "%02x", $0)
        }.joined()
    }
}

/// A workflow-action execution for the simulator to send to an app's action URL.
///
/// With a `definitionID` of the portal's app, the simulator behaves like a workflow using that
/// installed action: an empty `url` means the definition's `actionUrl`, the contact's
/// properties named in its `objectRequestOptions` are sent along (unless `objectProperties`
/// is given), and `inputFieldProperties` (contact tokens) are resolved from the contact.
public struct WorkflowActionRequest: Sendable, Codable, Equatable {
    /// The action URL (empty: the definition's `actionUrl`).
    public var url: String
    /// The action definition id (in `origin.actionDefinitionId`), if known.
    public var definitionID: String?
    /// The enrolled record's id (a contact id).
    public var objectID: String
    /// `CONTACT` for contact-based workflows.
    public var objectType: String
    /// Properties of the enrolled record sent with the request.
    public var objectProperties: [String: String]
    /// The action's input field values (`inputFields`), typed in the workflow ("static values").
    public var inputFields: [String: String]
    /// Input fields taken from a property of the enrolled contact (a contact token): field → property name.
    public var inputFieldProperties: [String: String]
    /// The enrolling workflow's id.
    public var workflowID: Int

    /// Creates a request.
    public init(
        url: String, definitionID: String? = nil, objectID: String, objectType: String = "CONTACT",
        objectProperties: [String: String] = [:], inputFields: [String: String] = [:],
        inputFieldProperties: [String: String] = [:], workflowID: Int = 1
    ) {
        self.inputFieldProperties = inputFieldProperties
        self.url = url
        self.definitionID = definitionID
        self.objectID = objectID
        self.objectType = objectType
        self.objectProperties = objectProperties
        self.inputFields = inputFields
        self.workflowID = workflowID
    }
}

/// What happened when the simulator sent a workflow-action request.
public struct WorkflowActionDelivery: Sendable, Codable, Equatable {
    /// The callback id to complete (`POST /automation/v4/actions/callbacks/{callbackId}/complete`).
    public var callbackID: String
    /// The JSON body that was sent.
    public var sentBody: String
    /// The signature headers that were sent.
    public var sentHeaders: [String: String]
    /// The status code the action URL answered.
    public var status: Int
    /// The body the action URL answered.
    public var responseBody: String
}

extension HubSpotSimulator {
    /// Sends a signed workflow-action request (as HubSpot does when a workflow reaches a
    /// custom action) and registers its callback id as pending, so the app can complete it.
    ///
    /// Signed with the portal's `clientSecret`: `X-HubSpot-Signature-v3` +
    /// `X-HubSpot-Request-Timestamp`, and `X-HubSpot-Signature` (v2) +
    /// `X-HubSpot-Signature-Version: v2`.
    public func sendWorkflowAction(portalID: Int, _ request: WorkflowActionRequest) async throws
        -> WorkflowActionDelivery
    {
        let action = try resolved(request, portalID: portalID)
        guard URL(string: action.url)?.scheme?.hasPrefix("http") == true else {
            throw HubSpotSimulatorError.invalidURL(action.url)
        }
        let now = store.now()
        let (secret, callbackID) = try store.world {
            (world) throws(HubSpotAPIError) -> (String?, String) in
            guard world.portals[portalID] != nil else { throw HubSpotAPIError.notFound() }
            let callbackID = "ap-\(portalID)-\(world.nextCallbackSequence)-0"
            world.nextCallbackSequence += 1
            world.portals[portalID]?.pendingCallbacks[callbackID] = HubSpotPendingCallback(
                callbackID: callbackID, definitionID: action.definitionID, objectID: action.objectID,
                sentAt: now)
            return (world.portals[portalID]?.credentials.clientSecret, callbackID)
        }
        guard let secret else { throw HubSpotSimulatorError.missingClientSecret(portalID: portalID) }
        let body = try Self.workflowActionBody(action, portalID: portalID, callbackID: callbackID)
        let timestamp = String(HubSpotTime.millis(now))
        let headers = [
            "Content-Type": "application/json",
            "X-HubSpot-Signature-v3": HubSpotSignature.v3(
                clientSecret: secret, method: "POST", uri: action.url, body: body, timestamp: timestamp),
            "X-HubSpot-Request-Timestamp": timestamp,
            "X-HubSpot-Signature": HubSpotSignature.v2(
                clientSecret: secret, method: "POST", uri: action.url, body: body),
            "X-HubSpot-Signature-Version": "v2",
        ]
        var request = HTTPClientRequest(url: action.url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await httpClient.execute(request, timeout: .seconds(30))
        let responseBody = try await response.body.collect(upTo: 1 << 20)
        // An answer other than BLOCK ends the execution: HubSpot then expects no completion.
        let answered = (try? JSONValue.parse(Data(buffer: responseBody)))?["outputFields"]?["hs_execution_state"]?.stringValue
        if (200..<300).contains(Int(response.status.code)), let answered, answered != "BLOCK" {
            try store.portal(portalID) { (state) throws(HubSpotAPIError) in state.pendingCallbacks[callbackID] = nil }
        }
        return WorkflowActionDelivery(
            callbackID: callbackID, sentBody: body, sentHeaders: headers,
            status: Int(response.status.code),
            responseBody: String(buffer: responseBody))
    }

    /// The JSON HubSpot posts to an action URL.
    static func workflowActionBody(_ action: WorkflowActionRequest, portalID: Int, callbackID: String)
        throws -> String
    {
        let definitionID = action.definitionID.flatMap { Int64($0) }.map(JSONValue.integer) ?? .null
        let objectID = Int64(action.objectID).map(JSONValue.integer) ?? .string(action.objectID)
        let body: JSONValue = [
            "callbackId": .string(callbackID),
            "origin": [
                "portalId": .integer(Int64(portalID)), "actionDefinitionId": definitionID,
                "actionDefinitionVersion": 1, "extensionDefinitionId": definitionID, "extensionDefinitionVersionId": 1,
                "actionExecutionIndexIdentifier": ["enrollmentId": 1, "actionExecutionIndex": 0],
            ],
            "context": ["source": "WORKFLOWS", "workflowId": .integer(Int64(action.workflowID)), "actionId": 1],
            "object": [
                "objectId": objectID, "objectType": .string(action.objectType),
                "properties": .map(action.objectProperties),
            ],
            "inputFields": .map(action.inputFields),
            "fields": .map(action.inputFields),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(body), as: UTF8.self)
    }
}

extension HubSpotSimulator {
    /// The request as HubSpot would send it for an installed definition: its URL, the requested
    /// contact properties, and contact tokens resolved from the contact.
    func resolved(_ request: WorkflowActionRequest, portalID: Int) throws -> WorkflowActionRequest {
        guard let definitionID = request.definitionID else { return request }
        return try store.world { (world) throws(HubSpotAPIError) -> WorkflowActionRequest in
            guard let portal = world.portals[portalID] else { throw HubSpotAPIError.notFound() }
            let definition = portal.credentials.appID.flatMap { world.apps[$0]?.definitions[definitionID] }
            let contact = portal.objects["contacts"]?.active[request.objectID]?.properties ?? [:]
            var action = request
            if action.url.isEmpty, let url = definition?.body["actionUrl"]?.stringValue { action.url = url }
            if action.objectProperties.isEmpty {
                let requested = definition?.body["objectRequestOptions"]?["properties"]?.arrayValue.compactMap(\.stringValue) ?? []
                action.objectProperties = contact.filter { requested.contains($0.key) }
            }
            for (field, property) in request.inputFieldProperties {
                action.inputFields[field] = contact[property] ?? ""
            }
            return action
        }
    }
}
