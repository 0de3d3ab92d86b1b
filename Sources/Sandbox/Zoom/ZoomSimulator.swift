import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A simulated Zoom API (Server-to-Server OAuth, users, webinars, registrants, past webinars,
/// reports, cloud recordings, webhooks) built from Zoom's official OpenAPI specs.
///
/// Serve it standalone with ``makeApplication(host:port:onServerRunning:)`` or add its routes
/// to an existing router with ``addRoutes(to:)``. Control and inspection routes live under
/// `/_sandbox/zoom/`; the same actions are available as Swift methods.
///
/// ```swift
/// let scenario = ScenarioGenerator.generate(ScenarioInput.default, seed: 7, referenceDate: date)
/// let zoom = ZoomSimulator(accounts: scenario.zoomAccounts)
/// let app = zoom.makeApplication(port: 0) { port in print("Zoom sandbox on \(port)") }
/// try await app.runService()
/// ```
public final class ZoomSimulator: Sendable {
    /// Every API request received (method, path, query, body, status).
    public let requestLog: RequestLog
    /// The faults injected into API requests and webhook deliveries.
    public let faults: FaultInjector
    let configuration: ZoomSimulatorConfiguration
    let store: ZoomStore
    let webhooks: ZoomWebhookDispatcher
    let api: ZoomAPI
    private let publicBaseURL: ZoomBaseURL

    /// Creates a simulator serving `accounts`.
    ///
    /// - Parameters:
    ///   - accounts: the accounts and their data (usually ``SandboxScenario/zoomAccounts``).
    ///   - configuration: clock, rate-limit plans, webhook retry delays, seed and faults.
    ///   - httpClient: the client that pushes webhooks.
    public init(
        accounts: [ZoomAccountData],
        configuration: ZoomSimulatorConfiguration = ZoomSimulatorConfiguration(),
        httpClient: HTTPClient = .shared
    ) {
        let store = ZoomStore(accounts: accounts, seed: configuration.seed)
        let faults = FaultInjector(plan: configuration.faults, seed: configuration.seed)
        let webhooks = ZoomWebhookDispatcher(
            store: store, configuration: configuration, faults: faults, httpClient: httpClient)
        let baseURL = ZoomBaseURL()
        self.requestLog = RequestLog()
        self.faults = faults
        self.configuration = configuration
        self.store = store
        self.webhooks = webhooks
        self.publicBaseURL = baseURL
        let auth = ZoomAuth(store: store, configuration: configuration)
        self.api = ZoomAPI(
            store: store, auth: auth, limiter: ZoomRateLimiter(), configuration: configuration,
            webhooks: webhooks,
            baseURL: { request in
                baseURL.value ?? "http://\(request.head.authority ?? "127.0.0.1")"
            })
    }

    /// The URL this simulator is reachable at (set when its own application starts), used in
    /// `download_url`s of webhooks; nil until known.
    public var baseURL: String? {
        publicBaseURL.value
    }

    /// Sets the URL the simulator is reachable at (when its routes run in another application).
    public func setBaseURL(_ url: String) {
        publicBaseURL.value = url
    }

    /// Adds the simulated API (`/oauth/token`, `/v2/...`, `/rec/download/...`) and the control
    /// routes (`/_sandbox/zoom/...`) to `router`, behind the request log and fault injection.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let group = router.group()
        group.add(
            middleware: SimulatorMiddleware<Context>(
                service: "zoom", log: requestLog, faults: faults,
                faultResponse: { fault, request in Self.faultResponse(fault, request: request) }))
        api.register(on: group)
        addSimulatorControlRoutes(to: router, service: "zoom", log: requestLog, faults: faults)
        addControlRoutes(to: router)
    }

    /// A standalone application serving this simulator on `host:port` (port 0: an ephemeral
    /// port); `onServerRunning` receives the bound port once the server listens.
    public func makeApplication(
        host: String = "127.0.0.1",
        port: Int = 0,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        let router = Router()
        addRoutes(to: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "Zoom-Sandbox"),
            onServerRunning: { [self] channel in
                let bound = channel.localAddress?.port ?? port
                setBaseURL("http://\(host):\(bound)")
                await onServerRunning(bound)
            }
        )
    }

    /// The current data of one account (registrants added, instances ended, …).
    public func accountData(_ accountID: String) -> ZoomAccountData? {
        store.account(accountID)
    }

    /// The current data of every account.
    public var accounts: [ZoomAccountData] {
        store.accounts
    }

    /// Every webhook delivery attempt so far, oldest first.
    public var webhookDeliveries: [ZoomWebhookDelivery] {
        webhooks.log
    }

    /// Waits until every webhook delivery and retry has finished.
    public func webhooksSettled() async {
        await webhooks.settle()
    }

    /// Sets (or clears, with nil) where an account's webhooks are pushed; false for an unknown account.
    @discardableResult
    public func setWebhookURL(accountID: String, url: String?) -> Bool {
        store.setWebhookURL(accountID: accountID, url: url)
    }

    /// Zoom's answers to injected faults: a 5xx, or the per-second 429 with its headers.
    static func faultResponse(_ fault: InjectedFault, request: Request) -> Response {
        switch fault {
        case .rateLimited:
            let category = ZoomOperation.category(method: request.method, path: request.uri.path)
            let decision = ZoomRateLimiter.Decision(
                allowed: false, category: category, type: "QPS",
                limit: ZoomRateLimitPlan.business.perSecond(category), remaining: 0)
            return decision.rejection.response(headers: decision.headers)
        case .serverError, .lostAnswer, .none:
            return ZoomAPIError(.internalServerError, code: 500, "Internal Server Error").response()
        }
    }
}

/// The URL a simulator is reachable at, known once its server listens.
final class ZoomBaseURL: Sendable {
    private let storage = Mutex<String?>(nil)

    var value: String? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
