/// A secret value (access token, developer API key) that never shows itself.
///
/// `description`, `debugDescription` and reflection (`dump`, string interpolation,
/// logging) all print `‹redacted›`; only the transport reads the value.
public struct HubSpotSecret: Sendable, Hashable, CustomStringConvertible,
    CustomDebugStringConvertible,
    CustomReflectable
{
    let value: String

    /// Wraps a secret value read from configuration.
    public init(_ value: String) {
        self.value = value
    }

    /// `true` when the secret is the empty string (a configuration mistake).
    public var isEmpty: Bool { value.isEmpty }

    /// Always `‹redacted›`.
    public var description: String { "‹redacted›" }
    /// Always `‹redacted›`.
    public var debugDescription: String { "‹redacted›" }
    /// An empty mirror, so `dump` and reflection never see the value.
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// Where the portal's access token comes from: the seam for authentication.
///
/// A private app has a static token (``HubSpotPrivateAppCredentials``). An OAuth app
/// refreshes its token; it implements this protocol, returns the current token from
/// ``accessToken()`` and drops it in ``tokenRejected(_:)`` (HubSpot answered 401) so the
/// next call refreshes it.
public protocol HubSpotCredentials: Sendable {
    /// The bearer token to send as `Authorization: Bearer …` to the portal's APIs.
    func accessToken() async throws -> HubSpotSecret
    /// Called when HubSpot answered 401 to a request made with `token`.
    func tokenRejected(_ token: HubSpotSecret) async
}

extension HubSpotCredentials {
    /// Static credentials cannot recover from a rejected token: nothing to do.
    public func tokenRejected(_ token: HubSpotSecret) async {}
}

/// A private app's static access token (`pat-…`), sent as a bearer token.
public struct HubSpotPrivateAppCredentials: HubSpotCredentials {
    private let token: HubSpotSecret

    /// - Parameter accessToken: the private app's access token.
    public init(accessToken: HubSpotSecret) {
        self.token = accessToken
    }

    /// Returns the static token.
    public func accessToken() async throws -> HubSpotSecret { token }
}

/// The developer credentials of the public app that owns timeline event templates and
/// workflow-action definitions. These endpoints live in the app's developer account, not
/// in the customer's portal, and are called with the developer API key as the `hapikey`
/// query parameter (security scheme `developer_hapikey` in HubSpot's specs).
public struct HubSpotDeveloperCredentials: Sendable, CustomStringConvertible {
    /// The app id (path parameter `appId` of the template and action endpoints).
    public var appId: String
    /// The developer account's API key.
    public var developerAPIKey: HubSpotSecret

    /// - Parameters:
    ///   - appId: the public app's id.
    ///   - developerAPIKey: the developer API key of the account that owns the app.
    public init(appId: String, developerAPIKey: HubSpotSecret) {
        self.appId = appId
        self.developerAPIKey = developerAPIKey
    }

    /// Names the app; never the key.
    public var description: String {
        "HubSpotDeveloperCredentials(appId: \(appId), developerAPIKey: ‹redacted›)"
    }
}
