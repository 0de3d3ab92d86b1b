import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A simulated HubSpot API, faithful to HubSpot's public API specs: contacts, properties,
/// marketing events, timeline events, calls, users, business units and workflow actions,
/// with bearer-token and developer-key auth, rate limits, injected faults and a request log.
///
/// Run it in-process for tests (``withRunningServer(_:)``), add its routes to your own
/// router (``addRoutes(to:)``), or build a standalone application (``makeApplication(host:port:onServerRunning:)``).
/// Inspect what clients wrote with ``snapshot(portalID:)`` or `GET /_sandbox/hubspot/portals/{portalId}`.
///
/// ```swift
/// let hubspot = HubSpotSimulator(portals: [seed])
/// try await hubspot.withRunningServer { port in
///     // point a HubSpot client at http://127.0.0.1:\(port)
///     let state = hubspot.snapshot(portalID: seed.credentials.portalID)
/// }
/// ```
public final class HubSpotSimulator: Sendable {
    /// The name of the service in the request log and the inspection routes (`hubspot`).
    public static let service = "hubspot"

    /// Every simulated-API request received (not the `/_sandbox/` ones).
    public let requestLog: RequestLog
    /// The faults injected into simulated-API requests.
    public let faults: FaultInjector
    /// Fault plans of single portals, which replace ``faults`` for their requests.
    public let portalFaults: PortalFaults
    let store: HubSpotStore
    let limiter: HubSpotRateLimiter
    let httpClient: HTTPClient

    /// Creates a simulator.
    /// - Parameters:
    ///   - portals: portals to seed (users, business units, pre-existing contacts).
    ///   - rateLimits: the limits per app and portal.
    ///   - faults: faults to inject from the start.
    ///   - faultSeed: seed of the fault draws.
    ///   - httpClient: the client used to send workflow-action requests.
    ///   - now: the clock (inject one to control rate-limit windows and timestamps).
    public init(
        portals: [HubSpotPortalSeed] = [],
        rateLimits: HubSpotRateLimits = HubSpotRateLimits(),
        faults: FaultPlan = .none,
        faultSeed: UInt64 = 0,
        httpClient: HTTPClient = .shared,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.requestLog = RequestLog()
        self.faults = FaultInjector(plan: faults, seed: faultSeed)
        self.portalFaults = PortalFaults(seed: faultSeed)
        self.store = HubSpotStore(now: now)
        self.limiter = HubSpotRateLimiter(limits: rateLimits)
        self.httpClient = httpClient
        for portal in portals {
            store.seed(portal)
        }
    }

    /// Adds (or replaces) a portal with its users, business units and contacts; archived
    /// seed contacts go straight to the archive.
    public func seed(_ portal: HubSpotPortalSeed) {
        store.seed(portal)
    }

    /// The rate limits in force (changeable while running).
    public var rateLimits: HubSpotRateLimits {
        get { limiter.limits }
        set { limiter.limits = newValue }
    }

    /// Adds the simulated API and the `/_sandbox/hubspot/` inspection routes to a router.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        addInspectionRoutes(to: router)
        addSimulatorControlRoutes(to: router, service: Self.service, log: requestLog, faults: faults)
        let api = router.group()
            .add(
                middleware: SimulatorMiddleware<Context>(
                    service: Self.service, log: requestLog, faults: faults,
                    scopedFaults: { [store, portalFaults] request in
                        HubSpotGatewayMiddleware<Context>.bearerToken(request)
                            .flatMap { store.portalID(forAccessToken: $0) }
                            .flatMap { portalFaults.injector(portalID: $0) }
                    },
                    faultResponse: { [limiter] fault, _ in Self.faultResponse(fault, limits: limiter.limits) }
                )
            )
            .add(middleware: HubSpotGatewayMiddleware(store: store, limiter: limiter))
        for objectType in DefaultProperties.objectTypes {
            addObjectRoutes(to: api, objectType: objectType)
        }
        addContactRoutes(to: api)
        addPropertyRoutes(to: api)
        addMarketingEventRoutes(to: api)
        addAttendanceRoutes(to: api)
        addTimelineTemplateRoutes(to: api)
        addTimelineEventRoutes(to: api)
        addSettingsRoutes(to: api)
        addActionRoutes(to: api)
    }

    /// A standalone HTTP application serving the simulator.
    /// - Parameters:
    ///   - host: address to bind (default loopback).
    ///   - port: port to bind; 0 picks a free one, reported through `onServerRunning`.
    ///   - onServerRunning: called with the bound port once the server accepts connections.
    public func makeApplication(
        host: String = "127.0.0.1",
        port: Int = 0,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        addRoutes(to: router)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "HubSpotSimulator"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) }
        )
    }

    /// Runs the simulator on `127.0.0.1` and an ephemeral port while `body` runs, then stops it.
    public func withRunningServer<Result: Sendable>(_ body: @Sendable (Int) async throws -> Result)
        async throws -> Result
    {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = makeApplication { port in
            continuation.yield(port)
            continuation.finish()
        }
        let services = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application], logger: Logger(label: "HubSpotSimulator")))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HubSpotSimulatorError.serverDidNotStart }
            do {
                let result = try await body(port)
                await services.triggerGracefulShutdown()
                return result
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }

    /// The body of an injected fault: HubSpot's 429 (`TEN_SECONDLY_ROLLING`) or a 502.
    static func faultResponse(_ fault: InjectedFault, limits: HubSpotRateLimits) -> Response {
        switch fault {
        case .rateLimited:
            let error = HubSpotRateLimiter.tooManyRequests(
                policy: "TEN_SECONDLY_ROLLING", key: "injected",
                headers: HubSpotRateLimiter.headers(
                    limits: limits, dailyUsed: 0, windowUsed: limits.tenSecondlyRolling))
            return hubSpotJSONResponse(error.body, status: error.status, headers: error.headers)
        case .serverError, .lostAnswer, .none:
            let error = HubSpotAPIError(
                .badGateway, category: "INTERNAL_ERROR",
                message: "The server encountered an internal error. Please retry.")
            return hubSpotJSONResponse(error.body, status: error.status)
        }
    }
}

/// Failures of the simulator itself (not simulated API errors).
public enum HubSpotSimulatorError: Error, CustomStringConvertible {
    /// The HTTP server stopped before reporting its port.
    case serverDidNotStart
    /// There is no portal with this id; seed it first.
    case unknownPortal(Int)
    /// The portal has no app client secret, so workflow-action requests cannot be signed.
    case missingClientSecret(portalID: Int)
    /// The target URL of a workflow-action request is not a valid http(s) URL.
    case invalidURL(String)

    public var description: String {
        switch self {
        case .serverDidNotStart: "The HubSpot simulator's server stopped before it reported its port."
        case .unknownPortal(let id):
            "No simulated HubSpot portal \(id); seed it with HubSpotSimulator.seed(_:) first."
        case .missingClientSecret(let id):
            "Portal \(id) has no app client secret; set HubSpotPortalCredentials.clientSecret to sign workflow-action requests."
        case .invalidURL(let url): "'\(url)' is not a valid http(s) URL for a workflow-action request."
        }
    }
}
