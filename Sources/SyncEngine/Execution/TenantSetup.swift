import ConnectorKit
import Foundation
import HubSpot
import Logging
import Store

/// The timeline event templates of one source's profile in a tenant's app, by kind.
public struct TimelineTemplateIDs: Sendable, Codable, Hashable {
    /// Template id per kind.
    public var ids: [String: String]

    /// Creates the set.
    public init(ids: [String: String] = [:]) {
        self.ids = ids
    }

    /// The template id for a kind.
    public func id(for kind: PlannedTimelineEvent.Kind) -> String? { ids[kind.rawValue] }
}

/// The timeline event templates of a tenant's app, per connector type (each source has its own three).
public struct TenantTimelineTemplates: Sendable, Hashable {
    /// The templates of each connector type.
    public var byConnectorType: [String: TimelineTemplateIDs]

    /// Creates the set.
    public init(byConnectorType: [String: TimelineTemplateIDs] = [:]) {
        self.byConnectorType = byConnectorType
    }

    /// The templates of a connector type (none when the app has no developer credentials).
    public func ids(for connectorType: String) -> TimelineTemplateIDs { byConnectorType[connectorType] ?? TimelineTemplateIDs() }

    /// How many templates there are in all.
    public var count: Int { byConnectorType.values.reduce(0) { $0 + $1.ids.count } }
}

/// Prepares a tenant's HubSpot account, idempotently: checks the configured business units
/// against the portal's; then for each connector type of the tenant, its profile's four contact
/// properties in their group and (when the app's developer credentials are configured) its three
/// timeline event templates and its workflow actions. Runs on first load and whenever something is missing.
public enum TenantSetup {
    /// Store namespace for setup markers.
    static let namespace = "setup"

    /// Ensures everything; returns the template ids (empty when no developer credentials).
    ///
    /// - Parameters:
    ///   - profiles: the HubSpot profile of each connector type the tenant uses, by type.
    ///   - actionsBaseURL: the public URL of the host; when given (the tenant has an app id and
    ///     developer credentials), each profile's workflow actions are installed at
    ///     `{actionsBaseURL}/actions/{type}/{segment}` if missing or out of date. A failure to
    ///     install one is logged, not thrown: syncing goes on.
    public static func run(
        tenantID: String, client: HubSpotClient, store: any StateStore, hasDeveloperCredentials: Bool,
        profiles: [String: HubSpotProfile], actionsBaseURL: String? = nil, businessUnitIDs: [Int] = [], logger: Logger? = nil
    ) async throws -> TenantTimelineTemplates {
        await checkBusinessUnits(businessUnitIDs, client: client, logger: logger)
        var templates = TenantTimelineTemplates()
        for (type, profile) in profiles.sorted(by: { $0.key < $1.key }) {
            _ = try await client.properties.ensure(
                group: PropertyGroupDefinition(name: profile.propertyGroup.name, label: profile.propertyGroup.label),
                properties: ContactPropertyValues.definitions(profile))
            var ids = TimelineTemplateIDs()
            if hasDeveloperCredentials {
                for kind in PlannedTimelineEvent.Kind.allCases {
                    ids.ids[kind.rawValue] = try await client.timeline.ensureTemplate(definition(kind, profile: profile)).id
                }
            }
            templates.byConnectorType[type] = ids
            try await store.setValue(try JSONEncoder().encode(ids), namespace: namespace, key: templatesKey(tenantID, type))
            if hasDeveloperCredentials, let actionsBaseURL {
                for action in profile.workflowActions {
                    await install(
                        WebinarRegistrationWorkflowAction(connectorType: type, profile: action), base: actionsBaseURL,
                        tenantID: tenantID, client: client, logger: logger)
                }
            }
        }
        return templates
    }

    private static func install(
        _ action: WebinarRegistrationWorkflowAction, base: String, tenantID: String, client: HubSpotClient, logger: Logger?
    ) async {
        let url = base + action.path
        do {
            let outcome = try await action.install(client: client, actionURL: url)
            logger?.info(
                "workflow action '\(action.profile.actionName)' is installed",
                metadata: ["definition": .string(outcome.definitionID), "url": .string(url)])
        } catch {
            logger?.warning(
                "could not install the workflow action '\(action.profile.actionName)'; run `switchyard hubspot install-action \(tenantID)`",
                metadata: ["error": .string("\(error)")])
        }
    }

    /// Warns about configured business units the portal does not know (see ``BusinessUnitCheck``);
    /// never fails the setup: the portal may lack the business-units add-on's API scope.
    static func checkBusinessUnits(_ ids: [Int], client: HubSpotClient, logger: Logger?) async {
        guard ids.count > 1 else { return }
        do {
            let unknown = try await BusinessUnitCheck.unknownUnits(configured: ids, client: client)
            if !unknown.isEmpty {
                logger?.warning(
                    "the tenant file names business units this HubSpot portal does not have; contacts from their connected accounts will be refused",
                    metadata: ["unknown": .string(unknown.map(String.init).joined(separator: ", "))])
            }
        } catch {
            logger?.warning("cannot read the portal's business units to check the tenant file's", metadata: ["error": .string("\(error)")])
        }
    }

    private static func templatesKey(_ tenantID: String, _ connectorType: String) -> String { "\(tenantID):templates:\(connectorType)" }

    /// The template ids of a connector type stored by the last setup, if any. Setups from before
    /// connectors had profiles (one source per host) stored theirs under the tenant alone; that
    /// record is read when the type has none of its own.
    public static func storedTemplates(tenantID: String, connectorType: String, store: any StateStore) async throws
        -> TimelineTemplateIDs?
    {
        var data = try await store.value(namespace: namespace, key: templatesKey(tenantID, connectorType))
        if data == nil { data = try await store.value(namespace: namespace, key: "\(tenantID):templates") }
        guard let data else { return nil }
        return try JSONDecoder().decode(TimelineTemplateIDs.self, from: data)
    }

    /// The template definition of a kind in a profile's wording, with the engine's tokens.
    public static func definition(_ kind: PlannedTimelineEvent.Kind, profile: HubSpotProfile) -> TimelineEventTemplateDefinition {
        typealias Token = TimelineEventBuilder.Token
        func token(_ name: String, _ label: String, _ type: String) -> TimelineEventTemplateToken {
            TimelineEventTemplateToken(name: name, label: label, type: type)
        }
        func template(_ wording: HubSpotProfile.TimelineTemplate, _ tokens: [TimelineEventTemplateToken]) -> TimelineEventTemplateDefinition
        {
            TimelineEventTemplateDefinition(
                name: wording.name, headerTemplate: wording.headerTemplate, detailTemplate: wording.detailTemplate, tokens: tokens)
        }
        let wording = profile.timelineTemplates
        switch kind {
        case .registration:
            return template(
                wording.registration,
                [
                    token(Token.webinarID, "Webinar ID", "string"), token(Token.webinarName, "Webinar name", "string"),
                    token(Token.webinarDate, "Webinar date", "date"),
                ])
        case .attendance:
            return template(
                wording.attendance,
                [
                    token(Token.webinarID, "Webinar ID", "string"), token(Token.webinarName, "Webinar name", "string"),
                    token(Token.webinarDate, "Webinar date", "date"), token(Token.joinedAt, "Joined at", "date"),
                    token(Token.leftAt, "Left at", "date"), token(Token.durationMinutes, "Attendance duration (minutes)", "number"),
                    token(Token.attendancePercent, "Attendance duration (%)", "number"),
                ])
        case .recording:
            return template(
                wording.recording,
                [
                    token(Token.topic, "Topic", "string"), token(Token.startTime, "Start time", "date"),
                    token(Token.recordingURL, "Recording URL", "string"),
                ])
        }
    }
}
