import AsyncHTTPClient
import Foundation
import Hummingbird

/// A simulated Microsoft Graph v1.0 for Teams webinars (virtual events), built from Microsoft's
/// published CSDL (`clean_v10_metadata`) and documentation: the Microsoft identity platform's
/// client-credentials token endpoint, webinars, registrations, sessions, attendance reports and
/// records, recordings and transcripts of the sessions' online meetings, and change-notification
/// subscriptions with the validation handshake, `clientState` and lifecycle notifications.
///
/// Served under `/{tenantId}/oauth2/v2.0/token` and `/v1.0/…`; control and inspection routes
/// under `/_sandbox/graph/`.
///
/// ```swift
/// let scenario = ScenarioGenerator.generate(.default, seed: 7, referenceDate: date)
/// let graph = GraphSimulator(tenants: scenario.graphTenants)
/// let app = graph.makeApplication(port: 0) { port in print("Graph sandbox on \(port)") }
/// ```
public final class GraphSimulator: Sendable {
    /// Every API request received (method, path, query, body, status).
    public let requestLog: RequestLog
    /// The faults injected into API requests and notification deliveries.
    public let faults: FaultInjector
    let configuration: GraphSimulatorConfiguration
    let store: GraphStore
    let notifier: GraphNotifier
    let throttle: GraphThrottle
    let actions: GraphActions
    let api: GraphAPI

    /// Creates a simulator serving `tenants` (usually ``SandboxScenario/graphTenants``).
    public init(
        tenants: [GraphTenantData], configuration: GraphSimulatorConfiguration = GraphSimulatorConfiguration(),
        httpClient: HTTPClient = .shared
    ) {
        let store = GraphStore(tenants: tenants, seed: configuration.seed)
        let faults = FaultInjector(plan: configuration.faults, seed: configuration.seed ^ 0x6772_6170_68)
        let notifier = GraphNotifier(store: store, configuration: configuration, faults: faults, httpClient: httpClient)
        let throttle = GraphThrottle(limits: configuration.throttling)
        let actions = GraphActions(store: store, configuration: configuration, notifier: notifier)
        self.requestLog = RequestLog()
        self.faults = faults
        self.configuration = configuration
        self.store = store
        self.notifier = notifier
        self.throttle = throttle
        self.actions = actions
        self.api = GraphAPI(
            store: store, auth: GraphAuth(store: store, configuration: configuration), throttle: throttle,
            configuration: configuration, actions: actions, notifier: notifier)
    }

    /// Adds the token endpoint, the `/v1.0` API and the control routes (`/_sandbox/graph/…`) to
    /// `router`, behind the request log and fault injection.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let group = router.group()
        group.add(
            middleware: SimulatorMiddleware<Context>(
                service: "graph", log: requestLog, faults: faults,
                faultResponse: { [configuration, throttle] fault, request in
                    let now = configuration.now()
                    switch fault {
                    case .rateLimited:
                        return GraphError.throttled(retryAfter: max(throttle.limits.windowSeconds, 1)).response(for: request, now: now)
                    case .serverError, .lostAnswer, .none:
                        let retryAfter = throttle.limits.serviceUnavailableRetryAfterSeconds
                        return GraphError.serviceUnavailable(retryAfter: retryAfter).response(for: request, now: now)
                    }
                }))
        api.register(on: group)
        addSimulatorControlRoutes(to: router, service: "graph", log: requestLog, faults: faults)
        addControlRoutes(to: router)
    }

    /// A standalone application serving this simulator on `host:port` (port 0: an ephemeral port).
    public func makeApplication(
        host: String = "127.0.0.1", port: Int = 0, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        let router = Router()
        addRoutes(to: router)
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Graph-Sandbox"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) })
    }

    /// The current data of every tenant (registrations added, sessions ended, …).
    public var tenants: [GraphTenantData] { store.tenants }

    /// The current data of one tenant.
    public func tenantData(_ tenantID: String) -> GraphTenantData? { store.tenant(tenantID) }

    /// The live subscriptions of every tenant.
    public var subscriptions: [GraphSubscriptionData] {
        store.snapshot.subscriptions.values.sorted { $0.id < $1.id }
    }

    /// Every notification (and validation) attempt so far, oldest first.
    public var notificationDeliveries: [GraphNotificationDelivery] { notifier.log }

    /// Waits until every notification delivery and retry has finished.
    public func notificationsSettled() async { await notifier.settle() }

    /// The throttling limits in force.
    public var throttlingLimits: GraphThrottlingLimits { throttle.limits }

    /// Replaces the throttling limits.
    public func setThrottlingLimits(_ limits: GraphThrottlingLimits) { throttle.update(limits) }
}
