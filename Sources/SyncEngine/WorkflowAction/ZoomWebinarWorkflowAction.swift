import HubSpot

/// The custom workflow action "Add contact to Zoom webinar": its HubSpot definition, its field
/// names, and its idempotent installation in a tenant's app.
public enum ZoomWebinarWorkflowAction {
    /// The path of the action URL on the host (one URL for every tenant).
    public static let path = "/actions/zoom/register"
    /// The action's name in HubSpot's workflow editor (how an installed definition is recognised).
    public static let actionName = "Add contact to Zoom webinar"

    /// Input: the webinar id (typed, or a contact token).
    public static let webinarIDField = "webinar_id"
    /// Output: Zoom's registrant id.
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
    public static func definition(actionURL: String) -> WorkflowActionDefinition {
        WorkflowActionDefinition(
            actionUrl: actionURL, published: true, objectTypes: ["CONTACT"],
            inputFields: [WorkflowActionInputField(name: webinarIDField, isRequired: true)],
            outputFields: [registrantIDOutput, joinURLOutput, messageOutput].map { WorkflowActionOutputField(name: $0) },
            labels: [
                "en": WorkflowActionLabels(
                    actionName: actionName,
                    actionDescription:
                        "Registers the enrolled contact (first name, last name, email) for a webinar of the Zoom account connected to the primary business unit.",
                    actionCardContent: "Register the contact for Zoom webinar {{\(webinarIDField)}}",
                    appDisplayName: "Switchyard",
                    inputFieldLabels: [webinarIDField: "Webinar ID"],
                    inputFieldDescriptions: [
                        webinarIDField:
                            "The Zoom webinar ID, e.g. 81234567890 (spaces and dashes are ignored), or a contact property that holds it."
                    ],
                    outputFieldLabels: [
                        registrantIDOutput: "Zoom registrant ID", joinURLOutput: "Join URL", messageOutput: "Result message",
                    ])
            ],
            objectRequestOptions: .init(properties: requestedProperties))
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
    public static func install(client: HubSpotClient, actionURL: String) async throws -> InstallOutcome {
        let wanted = definition(actionURL: actionURL)
        let existing = try await client.automation.listDefinitions()
        if let found = existing.first(where: { $0.labels?["en"]?.actionName == actionName })
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
