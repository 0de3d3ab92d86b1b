import Foundation
import Hummingbird

/// Who a request acts as.
enum HubSpotPrincipal: Sendable, Equatable {
    /// A portal, authenticated by its access token (`Authorization: Bearer …`).
    case portal(Int)
    /// An app's developer, authenticated by the developer API key (`?hapikey=…`).
    case developer(appID: Int)

    /// The rate-limit bucket.
    var rateKey: String {
        switch self {
        case .portal(let id): "private-app:portal-\(id)"
        case .developer(let appID): "developer:app-\(appID)"
        }
    }
}

/// Authenticates every simulated-API request and applies the rate limits, as HubSpot's
/// gateway does before any endpoint runs.
///
/// Developer endpoints (timeline event templates, workflow-action definitions) take the
/// app's developer API key as the `hapikey` query parameter (the specs' `developer_hapikey`
/// scheme, which HubSpot's SDKs use); every other endpoint takes the portal's bearer token.
struct HubSpotGatewayMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: HubSpotStore
    let limiter: HubSpotRateLimiter

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let principal = try Self.authenticate(request, store: store)
        let kind: HubSpotRateLimiter.Kind = Self.isSearch(request.uri.path) ? .search : .standard
        let headers = try limiter.admit(key: principal.rateKey, kind: kind, now: store.now())
        do {
            var response = try await next(request, context)
            for field in headers { response.headers[field.name] = field.value }
            return response
        } catch var error as HubSpotAPIError {
            for field in headers { error.headers[field.name] = field.value }
            throw error
        }
    }

    /// The principal of a request, or HubSpot's 401/403.
    static func authenticate(_ request: Request, store: HubSpotStore) throws(HubSpotAPIError)
        -> HubSpotPrincipal
    {
        let portalID = bearerToken(request).flatMap { store.portalID(forAccessToken: $0) }
        guard let appID = developerAppID(path: request.uri.path) else {
            guard let portalID else { throw HubSpotAPIError.invalidToken }
            return .portal(portalID)
        }
        if let key = request.query("hapikey") {
            guard store.appIDs(forDeveloperKey: key).contains(appID) else {
                throw HubSpotAPIError.invalidDeveloperKey
            }
            return .developer(appID: appID)
        }
        if portalID != nil {
            throw HubSpotAPIError.missingScopes(
                request.method == .get ? ["developers-read"] : ["developers-write"])
        }
        throw HubSpotAPIError.invalidDeveloperKey
    }

    /// The portal a request authenticated as (routes call this after the gateway ran).
    static func portalID(_ request: Request, store: HubSpotStore) throws(HubSpotAPIError) -> Int {
        guard case .portal(let id) = try authenticate(request, store: store) else {
            throw HubSpotAPIError.invalidToken
        }
        return id
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    /// The app id of a developer-credential endpoint, nil for portal endpoints.
    static func developerAppID(path: String) -> Int? {
        let parts = path.split(separator: "/").map(String.init)
        if parts.count >= 5, parts[0...2] == ["integrators", "timeline", "v3"],
            parts[4] == "event-templates"
        {
            return Int(parts[3])
        }
        if parts.count >= 4, parts[0...2] == ["automation", "v4", "actions"], parts[3] != "callbacks" {
            return Int(parts[3])
        }
        return nil
    }

    /// Whether the path is a CRM search endpoint (its own per-second limit).
    static func isSearch(_ path: String) -> Bool {
        path.hasPrefix("/crm/v3/objects/") && path.hasSuffix("/search")
    }
}
