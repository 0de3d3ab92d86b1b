import ConnectorKit
import HubSpot

/// Whether a failed sync can succeed when tried again: decides whether the webhook that
/// started it is retried (transient) or ends at once (permanent).
public enum SyncFailure: String, Sendable, Codable, Hashable, CaseIterable {
    /// Trying again later may succeed: a rate limit, an outage, a timeout, refused credentials
    /// or configuration (an operator can fix those), a failure of the state store, or anything
    /// not known to be permanent.
    case transient
    /// Trying again cannot succeed: the thing does not exist in the source, the source's data
    /// is malformed, or the source or HubSpot refused the request itself (a 4xx other than
    /// an authorization, timeout or rate-limit answer).
    case permanent

    /// The class of an error thrown by a connector, HubSpot or the store.
    public static func classify(_ error: any Error) -> SyncFailure {
        switch error {
        case let error as ConnectorError:
            return error.isPermanent ? .permanent : .transient
        case let error as HubSpotError:
            switch error.kind {
            case .http:
                guard let status = error.status, (400..<500).contains(status) else { return .transient }
                return [401, 403, 408, 423, 429].contains(status) ? .transient : .permanent
            case .invalidRequest: return .permanent
            case .rateLimited, .dailyLimitReached, .timeout, .transport, .invalidResponse, .missingDeveloperCredentials:
                return .transient
            }
        default:
            return .transient
        }
    }
}
