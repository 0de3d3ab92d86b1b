import Foundation
import HubSpot
import Logging
import Store

/// The timeline event templates of a tenant's app, by kind.
public struct TimelineTemplateIDs: Sendable, Codable, Hashable {
    /// Template id per kind.
    public var ids: [String: String]

    /// The template id for a kind.
    public func id(for kind: PlannedTimelineEvent.Kind) -> String? { ids[kind.rawValue] }
}

/// Prepares a tenant's HubSpot account, idempotently: checks the configured business units
/// against the portal's, the four contact properties in their group, and (when the app's developer credentials are configured) the three timeline
/// event templates and the workflow action "Add contact to Zoom webinar". Runs on first load
/// and whenever something is missing.
public enum TenantSetup {
    /// Store namespace for setup markers.
    static let namespace = "setup"

    /// Ensures everything; returns the template ids (empty when no developer credentials).
    ///
    /// - Parameter workflowActionURL: the public URL of the workflow action; when given (the
    ///   tenant has an app id and developer credentials), the action definition is installed if
    ///   missing or out of date. A failure to install it is logged, not thrown: syncing goes on.
    public static func run(
        tenantID: String, client: HubSpotClient, store: any StateStore, hasDeveloperCredentials: Bool,
        workflowActionURL: String? = nil, businessUnitIDs: [Int] = [], logger: Logger? = nil
    ) async throws -> TimelineTemplateIDs {
        await checkBusinessUnits(businessUnitIDs, client: client, logger: logger)
        _ = try await client.properties.ensure(
            group: PropertyGroupDefinition(name: ZoomContactProperties.groupName, label: ZoomContactProperties.groupLabel),
            properties: ZoomContactProperties.definitions.map { definition in
                PropertyDefinition(
                    name: definition.name, label: definition.label, type: definition.type, fieldType: definition.fieldType,
                    groupName: ZoomContactProperties.groupName, description: definition.description)
            })
        var templates = TimelineTemplateIDs(ids: [:])
        if hasDeveloperCredentials {
            for kind in PlannedTimelineEvent.Kind.allCases {
                let template = try await client.timeline.ensureTemplate(definition(kind))
                templates.ids[kind.rawValue] = template.id
            }
        }
        try await store.setValue(try JSONEncoder().encode(templates), namespace: namespace, key: "\(tenantID):templates")
        if hasDeveloperCredentials, let workflowActionURL {
            do {
                let outcome = try await ZoomWebinarWorkflowAction.install(client: client, actionURL: workflowActionURL)
                logger?.info(
                    "workflow action '\(ZoomWebinarWorkflowAction.actionName)' is installed",
                    metadata: ["definition": .string(outcome.definitionID), "url": .string(workflowActionURL)])
            } catch {
                logger?.warning(
                    "could not install the workflow action '\(ZoomWebinarWorkflowAction.actionName)'; run `switchyard hubspot install-action \(tenantID)`",
                    metadata: ["error": .string("\(error)")])
            }
        }
        return templates
    }

    /// Warns about configured business units the portal does not know (see ``BusinessUnitCheck``);
    /// never fails the setup: the portal may lack the business-units add-on's API scope.
    static func checkBusinessUnits(_ ids: [Int], client: HubSpotClient, logger: Logger?) async {
        guard ids.count > 1 else { return }
        do {
            let unknown = try await BusinessUnitCheck.unknownUnits(configured: ids, client: client)
            if !unknown.isEmpty {
                logger?.warning(
                    "the tenant file names business units this HubSpot portal does not have; contacts from their Zoom accounts will be refused",
                    metadata: ["unknown": .string(unknown.map(String.init).joined(separator: ", "))])
            }
        } catch {
            logger?.warning("cannot read the portal's business units to check the tenant file's", metadata: ["error": .string("\(error)")])
        }
    }

    /// The template ids stored by the last setup, if any.
    public static func storedTemplates(tenantID: String, store: any StateStore) async throws -> TimelineTemplateIDs? {
        guard let data = try await store.value(namespace: namespace, key: "\(tenantID):templates") else { return nil }
        return try JSONDecoder().decode(TimelineTemplateIDs.self, from: data)
    }

    /// The template definition of a kind, with its tokens.
    public static func definition(_ kind: PlannedTimelineEvent.Kind) -> TimelineEventTemplateDefinition {
        typealias Token = TimelineEventBuilder.Token
        func token(_ name: String, _ label: String, _ type: String) -> TimelineEventTemplateToken {
            TimelineEventTemplateToken(name: name, label: label, type: type)
        }
        switch kind {
        case .registration:
            return TimelineEventTemplateDefinition(
                name: "Zoom: Webinar Registration Event",
                headerTemplate: "Registered for Zoom webinar {{webinarName}}",
                detailTemplate: "Webinar ID: {{webinarId}}\nWebinar date: {{webinarDate}}",
                tokens: [
                    token(Token.webinarID, "Webinar ID", "string"), token(Token.webinarName, "Webinar name", "string"),
                    token(Token.webinarDate, "Webinar date", "date"),
                ])
        case .attendance:
            return TimelineEventTemplateDefinition(
                name: "Zoom: Webinar Attendance Event",
                headerTemplate: "Attended Zoom webinar {{webinarName}}",
                detailTemplate:
                    "Webinar date: {{webinarDate}}\nJoined: {{joinedAt}}\nLeft: {{leftAt}}\n"
                    + "Attended {{durationMinutes}} minutes ({{attendancePercent}}% of the webinar)\nWebinar ID: {{webinarId}}",
                tokens: [
                    token(Token.webinarID, "Webinar ID", "string"), token(Token.webinarName, "Webinar name", "string"),
                    token(Token.webinarDate, "Webinar date", "date"), token(Token.joinedAt, "Joined at", "date"),
                    token(Token.leftAt, "Left at", "date"), token(Token.durationMinutes, "Attendance duration (minutes)", "number"),
                    token(Token.attendancePercent, "Attendance duration (%)", "number"),
                ])
        case .recording:
            return TimelineEventTemplateDefinition(
                name: "Zoom: Recording Available Event",
                headerTemplate: "Recording available: {{topic}}",
                detailTemplate: "Started: {{startTime}}\nRecording: {{recordingUrl}}",
                tokens: [
                    token(Token.topic, "Topic", "string"), token(Token.startTime, "Start time", "date"),
                    token(Token.recordingURL, "Recording URL", "string"),
                ])
        }
    }
}
