import ConnectorKit
import HubSpot

/// A custom workflow action that registers the enrolled contact for a webinar of a source (e.g.
/// "Add contact to … webinar"), built from a connector's ``HubSpotProfile/WorkflowAction``: its
/// HubSpot definition, its route on the host, and its idempotent installation in a tenant's app.
public struct WebinarRegistrationWorkflowAction: Sendable, Hashable {
    /// The connector type whose action it calls.
    public var connectorType: String
    /// The connector's wording and the action it calls.
    public var profile: HubSpotProfile.WorkflowAction

    /// Creates the action of a connector type.
    public init(connectorType: String, profile: HubSpotProfile.WorkflowAction) {
        self.connectorType = connectorType
        self.profile = profile
    }

    /// Every workflow action a profile declares, for its connector type.
    public static func all(connectorType: String, profile: HubSpotProfile) -> [WebinarRegistrationWorkflowAction] {
        profile.workflowActions.map { WebinarRegistrationWorkflowAction(connectorType: connectorType, profile: $0) }
    }

    /// Its route key, `{type}/{segment}` (stored with each execution).
    public var route: String { "\(connectorType)/\(profile.urlSegment)" }
    /// The path of the action URL on the host (one URL for every tenant): `/actions/{type}/{segment}`.
    public var path: String { "/actions/" + route }
    /// The metric label of its executions, `{type}_{segment}`.
    public var metricLabel: String { "\(connectorType)_\(profile.urlSegment)" }

    /// Input: the webinar id (typed, or a contact token).
    public static let webinarIDField = "webinar_id"
    /// Output: the source's registrant id.
    public static let registrantIDOutput = "registrant_id"
    /// Output: the contact's personal join URL.
    public static let joinURLOutput = "join_url"
    /// Output: what happened, in words a HubSpot user can act on.
    public static let messageOutput = "result_message"
    /// HubSpot's reserved output with the execution state.
    public static let executionStateOutput = "hs_execution_state"

    /// The contact properties HubSpot sends with each execution (`objectRequestOptions`).
    public static let requestedProperties = ["email", "firstname", "lastname", "hs_all_assigned_business_unit_ids"]

    /// The definition, calling `actionURL`.
    public func definition(actionURL: String) -> WorkflowActionDefinition {
        WorkflowActionDefinition(
            actionUrl: actionURL, published: true, objectTypes: ["CONTACT"],
            inputFields: [WorkflowActionInputField(name: Self.webinarIDField, isRequired: true)],
            outputFields: [Self.registrantIDOutput, Self.joinURLOutput, Self.messageOutput].map { WorkflowActionOutputField(name: $0) },
            labels: [
                "en": WorkflowActionLabels(
                    actionName: profile.actionName,
                    actionDescription: profile.actionDescription,
                    actionCardContent: profile.actionCardContent,
                    appDisplayName: "Switchyard",
                    inputFieldLabels: [Self.webinarIDField: "Webinar ID"],
                    inputFieldDescriptions: [Self.webinarIDField: profile.webinarIDDescription],
                    outputFieldLabels: [
                        Self.registrantIDOutput: profile.registrantIDLabel, Self.joinURLOutput: "Join URL",
                        Self.messageOutput: "Result message",
                    ])
            ],
            objectRequestOptions: .init(properties: Self.requestedProperties))
    }

    /// What an installation did.
    public enum InstallOutcome: Sendable, Equatable {
        /// The definition was created.
        case created(definitionID: String)
        /// An existing definition was brought up to date (URL, fields, labels, published).
        case updated(definitionID: String)
        /// The existing definition was already up to date.
        case unchanged(definitionID: String)

        /// The definition id.
        public var definitionID: String {
            switch self {
            case .created(let id), .updated(let id), .unchanged(let id): id
            }
        }
    }

    /// Installs the definition in the app of `client`'s developer credentials, idempotently: an
    /// existing definition with the same name (or URL) is updated when its URL, publication,
    /// labels, input or output fields or requested properties differ, and left alone otherwise.
    public func install(client: HubSpotClient, actionURL: String) async throws -> InstallOutcome {
        let wanted = definition(actionURL: actionURL)
        let existing = try await client.automation.listDefinitions()
        if let found = existing.first(where: { $0.labels?["en"]?.actionName == profile.actionName })
            ?? existing.first(where: { $0.actionUrl == actionURL })
        {
            let sameFields =
                found.inputFieldNames == wanted.inputFields.map(\.name) && found.outputFieldNames == wanted.outputFields.map(\.name)
                && Set(found.requestedProperties) == Set(wanted.objectRequestOptions?.properties ?? [])
            if found.actionUrl == actionURL && found.published && found.labels == wanted.labels && sameFields {
                return .unchanged(definitionID: found.id)
            }
            let updated = try await client.automation.updateDefinition(id: found.id, WorkflowActionPatch(replacingWith: wanted))
            return .updated(definitionID: updated.id)
        }
        return .created(definitionID: try await client.automation.createDefinition(wanted).id)
    }
}
