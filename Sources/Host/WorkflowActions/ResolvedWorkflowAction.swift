import ConnectorKit
import SyncEngine

/// A workflow action found by its route, `{connector type}/{url segment}`: the action a
/// registered connector type's HubSpot profile declares, and the name its messages use.
struct ResolvedWorkflowAction: Sendable, Hashable {
    /// The action.
    var action: WebinarRegistrationWorkflowAction
    /// The source's name in sentences (``HubSpotProfile/sourceName``).
    var sourceName: String

    /// The action `route` names among the registered connector types' profiles, if any.
    static func resolve(route: String, registry: TenantRegistry) async -> ResolvedWorkflowAction? {
        let parts = route.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        return await resolve(connectorType: parts[0], segment: parts[1], registry: registry)
    }

    /// The action a connector type's profile serves at `segment`, if any.
    static func resolve(connectorType: String, segment: String, registry: TenantRegistry) async -> ResolvedWorkflowAction? {
        guard let profile = registry.descriptor(ofType: connectorType)?.hubSpotProfile,
            let action = profile.workflowActions.first(where: { $0.urlSegment == segment })
        else { return nil }
        return ResolvedWorkflowAction(
            action: WebinarRegistrationWorkflowAction(connectorType: connectorType, profile: action), sourceName: profile.sourceName)
    }
}
