import Foundation
import Synchronization

/// A change-notification subscription (`subscription`), as created through `POST /subscriptions`.
public struct GraphSubscriptionData: Sendable, Codable, Hashable {
    /// Subscription id (a GUID).
    public var id: String
    /// The tenant whose app created it (only that app sees it).
    public var tenantID: String
    /// The app (client) id that created it.
    public var applicationId: String
    /// The subscribed resource path.
    public var resource: String
    /// Comma-separated change types.
    public var changeType: String
    /// Where change notifications go.
    public var notificationUrl: String
    /// Where lifecycle notifications go.
    public var lifecycleNotificationUrl: String?
    /// The secret echoed in every notification.
    public var clientState: String?
    /// When it expires unless renewed.
    public var expirationDateTime: Date
    /// Always false in the sandbox.
    public var includeResourceData: Bool
    /// As given (default `v1_2`).
    public var latestSupportedTlsVersion: String
}

/// The Graph simulator's mutable state: tenants, issued tokens, subscriptions and the run-time
/// id generator. Thread-safe; every read and write goes through one lock.
final class GraphStore: Sendable {
    struct IssuedToken: Sendable, Codable {
        var tenantID: String
        var expiresAt: Date
    }

    struct State: Sendable, Codable {
        var tenantOrder: [String]
        var tenants: [String: GraphTenantData]
        var tokens: [String: IssuedToken] = [:]
        var subscriptions: [String: GraphSubscriptionData] = [:]
        var generator: SeededGenerator
    }

    private let state: Mutex<State>
    /// Signalled after every access that may have changed the state (for persistence).
    let changes = ChangeSignal()

    init(tenants: [GraphTenantData], seed: UInt64) {
        var byID: [String: GraphTenantData] = [:]
        for tenant in tenants { byID[tenant.credentials.tenantID] = tenant }
        state = Mutex(
            State(
                tenantOrder: tenants.map(\.credentials.tenantID), tenants: byID,
                generator: SeededGenerator(seed: seed ^ 0x4752_4150_4853_494D)))
    }

    /// Runs `body` with exclusive access to the state.
    func withState<T>(_ body: (inout State) throws -> T) rethrows -> T {
        defer { changes.signal() }
        return try state.withLock { try body(&$0) }
    }

    /// A copy of the whole state (saving the sandbox; signals no change).
    var snapshot: State { state.withLock { $0 } }

    /// Replaces the whole state (restoring a saved sandbox).
    func replaceState(_ saved: State) { state.withLock { $0 = saved } }

    /// Every tenant, in configuration order.
    var tenants: [GraphTenantData] {
        state.withLock { state in state.tenantOrder.compactMap { state.tenants[$0] } }
    }

    /// One tenant.
    func tenant(_ id: String) -> GraphTenantData? { state.withLock { $0.tenants[id] } }

    /// An issued token (a read: signals no change).
    func issuedToken(_ token: String) -> IssuedToken? { state.withLock { $0.tokens[token] } }

    /// One webinar of a tenant.
    func webinar(tenantID: String, id: String) -> GraphWebinarData? {
        state.withLock { $0.tenants[tenantID]?.webinars.first { $0.id == id } }
    }

    /// Mutates one webinar of a tenant and returns what `body` returns, or nil when absent.
    func updateWebinar<T>(
        tenantID: String, id: String, _ body: (inout GraphWebinarData, inout SeededGenerator) throws -> T
    ) rethrows -> T? {
        try withState { state in
            guard var tenant = state.tenants[tenantID], let index = tenant.webinars.firstIndex(where: { $0.id == id })
            else { return nil }
            let result = try body(&tenant.webinars[index], &state.generator)
            state.tenants[tenantID] = tenant
            return result
        }
    }

    /// The tenant that holds a webinar (control routes, which carry no token).
    func tenantID(ofWebinar id: String) -> String? {
        state.withLock { state in
            state.tenantOrder.first { state.tenants[$0]?.webinars.contains { $0.id == id } ?? false }
        }
    }

    /// A fresh GUID drawn from the seeded generator.
    func newGUID() -> String {
        withState { GraphIdentifiers.guid(using: &$0.generator) }
    }
}
