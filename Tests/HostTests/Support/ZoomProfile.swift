import ConnectorKit
import SyncEngine
import ZoomConnector

/// The Zoom connector's HubSpot profile, as the tests of the Zoom tenants check it.
enum ZoomProfile {
    /// The profile.
    static let profile = ZoomConnector.descriptor.hubSpotProfile
    /// Its four contact properties.
    static let properties = profile.contactProperties
    /// "Add contact to Zoom webinar", served at `/actions/zoom/register`.
    static let registerAction = WebinarRegistrationWorkflowAction(connectorType: "zoom", profile: profile.workflowActions[0])
}
