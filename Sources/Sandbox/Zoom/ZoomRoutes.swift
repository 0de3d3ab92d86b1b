import Foundation
import Hummingbird

/// One request to a simulated Zoom operation, after authentication and rate limiting.
struct ZoomCall: Sendable {
    let request: Request
    let parameters: Parameters
    let body: ByteBuffer
    /// The account whose token authorized the call; only its resources are visible.
    let accountID: String
    let now: Date
    /// Scheme and authority of this simulator, for URLs it serves (downloads).
    let baseURL: String

    /// A raw (still percent-encoded) path parameter.
    func rawPath(_ name: String) -> String {
        parameters.get(name) ?? ""
    }

    /// A query parameter, percent-decoded.
    func query(_ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init)
    }
}

/// One operation of the Zoom API the simulator serves, with its spec'd rate-limit label.
struct ZoomOperation: Sendable {
    var method: HTTPRequest.Method
    var path: String
    var category: ZoomRateLimitCategory

    /// Every served operation, with the label its description in the spec gives.
    static let all: [ZoomOperation] = [
        ZoomOperation(method: .get, path: "/v2/users", category: .medium),
        ZoomOperation(method: .get, path: "/v2/users/{userId}/webinars", category: .medium),
        ZoomOperation(method: .get, path: "/v2/webinars/{webinarId}", category: .light),
        ZoomOperation(method: .get, path: "/v2/webinars/{webinarId}/registrants", category: .medium),
        ZoomOperation(method: .post, path: "/v2/webinars/{webinarId}/registrants", category: .light),
        ZoomOperation(
            method: .put, path: "/v2/webinars/{webinarId}/registrants/status", category: .medium),
        ZoomOperation(
            method: .get, path: "/v2/webinars/{webinarId}/registrants/questions", category: .light),
        ZoomOperation(method: .get, path: "/v2/past_webinars/{webinarId}/instances", category: .light),
        ZoomOperation(
            method: .get, path: "/v2/past_webinars/{webinarId}/participants", category: .medium),
        ZoomOperation(method: .get, path: "/v2/past_webinars/{webinarId}/absentees", category: .heavy),
        ZoomOperation(method: .get, path: "/v2/report/webinars/{webinarId}", category: .heavy),
        ZoomOperation(
            method: .get, path: "/v2/report/webinars/{webinarId}/participants", category: .heavy),
        ZoomOperation(method: .get, path: "/v2/report/users/{userId}/meetings", category: .heavy),
        ZoomOperation(method: .get, path: "/v2/meetings/{meetingId}/recordings", category: .light),
        ZoomOperation(method: .get, path: "/v2/zoom_events/events", category: .light),
        ZoomOperation(
            method: .get, path: "/v2/zoom_events/events/{eventId}/sessions", category: .light),
    ]

    /// The category of a request path (for injected 429s), Light when unknown.
    static func category(method: HTTPRequest.Method, path: String) -> ZoomRateLimitCategory {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for operation in all where operation.method == method {
            let template = operation.path.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count else { continue }
            let matches = zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            if matches { return operation.category }
        }
        return .light
    }
}

/// The simulated Zoom REST API: wiring of operations to handlers, with auth and rate limits.
struct ZoomAPI: Sendable {
    let store: ZoomStore
    let auth: ZoomAuth
    let limiter: ZoomRateLimiter
    let configuration: ZoomSimulatorConfiguration
    let webhooks: ZoomWebhookDispatcher
    let baseURL: @Sendable (Request) -> String

    typealias Handler = @Sendable (ZoomCall) async throws -> Response

    /// Registers `/oauth/token`, every `/v2` operation and the recording download route.
    func register<Methods: RouterMethods>(on router: Methods) {
        router.post("/oauth/token") { request, context in
            try await auth.issueToken(request, context: context)
        }
        let handlers: [String: Handler] = [
            "GET /v2/users": listUsers,
            "GET /v2/users/{userId}/webinars": listWebinars,
            "GET /v2/webinars/{webinarId}": getWebinar,
            "GET /v2/webinars/{webinarId}/registrants": listRegistrants,
            "POST /v2/webinars/{webinarId}/registrants": addRegistrant,
            "PUT /v2/webinars/{webinarId}/registrants/status": updateRegistrantStatus,
            "GET /v2/webinars/{webinarId}/registrants/questions": registrationQuestions,
            "GET /v2/past_webinars/{webinarId}/instances": pastInstances,
            "GET /v2/past_webinars/{webinarId}/participants": pastParticipants,
            "GET /v2/past_webinars/{webinarId}/absentees": absentees,
            "GET /v2/report/webinars/{webinarId}": webinarReport,
            "GET /v2/report/webinars/{webinarId}/participants": reportParticipants,
            "GET /v2/report/users/{userId}/meetings": meetingReports,
            "GET /v2/meetings/{meetingId}/recordings": recordings,
            "GET /v2/zoom_events/events": listZoomEvents,
            "GET /v2/zoom_events/events/{eventId}/sessions": listZoomEventSessions,
        ]
        for operation in ZoomOperation.all {
            guard let handler = handlers["\(operation.method.rawValue) \(operation.path)"] else {
                continue
            }
            router.on(
                RouterPath(operation.path), method: operation.method,
                use: endpoint(operation.category, handler))
        }
        router.get("/rec/download/{fileId}") { request, context in
            try await downloadRecordingFile(request, context: context)
        }
    }

    /// Wraps a handler: bearer token, rate limit, Zoom error rendering, rate-limit headers.
    private func endpoint<Context: RequestContext>(
        _ category: ZoomRateLimitCategory,
        _ handler: @escaping Handler
    ) -> @Sendable (Request, Context) async throws -> Response {
        { request, context in
            let accountID: String
            do {
                accountID = try auth.authenticate(request)
            } catch let error as ZoomAPIError {
                return error.response()
            }
            let now = configuration.now()
            let plan = configuration.plan(named: store.account(accountID)?.credentials.plan ?? "business")
            let decision = limiter.admit(accountID: accountID, category: category, plan: plan, now: now)
            guard decision.allowed else {
                return decision.rejection.response(headers: decision.headers)
            }
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let call = ZoomCall(
                request: request,
                parameters: context.parameters,
                body: body,
                accountID: accountID,
                now: now,
                baseURL: baseURL(request)
            )
            do {
                var response = try await handler(call)
                response.headers.append(contentsOf: decision.headers)
                return response
            } catch let error as ZoomAPIError {
                return error.response(headers: decision.headers)
            }
        }
    }
}
