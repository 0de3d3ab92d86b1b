import Foundation
import Hummingbird
import SwitchyardJSON

/// The simulated Graph v1.0 API: wiring of operations to handlers, with auth and throttling.
struct GraphAPI: Sendable {
    let store: GraphStore
    let auth: GraphAuth
    let throttle: GraphThrottle
    let configuration: GraphSimulatorConfiguration
    let actions: GraphActions
    let notifier: GraphNotifier

    typealias Handler = @Sendable (GraphCall) async throws(GraphError) -> Response

    static let webinars = "/v1.0/solutions/virtualEvents/webinars"
    static let webinar = webinars + "/{webinarId}"
    static let session = webinar + "/sessions/{sessionId}"
    static let report = session + "/attendanceReports/{reportId}"
    static let meeting = "/v1.0/users/{userId}/onlineMeetings/{meetingId}"

    /// Every served operation: method and path template (Hummingbird syntax).
    var operations: [(HTTPRequest.Method, String, Handler)] {
        [
            (.get, Self.webinars, listWebinars),
            (.get, Self.webinar, getWebinarOrFunction),
            (.get, Self.webinar + "/registrationConfiguration", registrationConfiguration),
            (.get, Self.webinar + "/registrationConfiguration/questions", registrationQuestions),
            (.get, Self.webinar + "/registrations", listRegistrations),
            (.post, Self.webinar + "/registrations", createRegistration),
            (.get, Self.webinar + "/registrations/{registrationId}", getRegistration),
            (.post, Self.webinar + "/registrations/{registrationId}/cancel", cancelRegistration),
            (.get, Self.webinar + "/sessions", listSessions),
            (.get, Self.session, getSession),
            (.get, Self.session + "/attendanceReports", listAttendanceReports),
            (.get, Self.report, getAttendanceReport),
            (.get, Self.report + "/attendanceRecords", listAttendanceRecords),
            (.get, "/v1.0/users/{userId}", getUser),
            (.get, "/v1.0/users/{userId}/onlineMeetings", findOnlineMeetings),
            (.get, Self.meeting + "/recordings", { call throws(GraphError) in try listContent(call, transcripts: false) }),
            (.get, Self.meeting + "/recordings/{contentId}", { call throws(GraphError) in try getContent(call, transcripts: false) }),
            (
                .get, Self.meeting + "/recordings/{contentId}/content",
                { call throws(GraphError) in try downloadContent(call, transcripts: false) }
            ),
            (.get, Self.meeting + "/transcripts", { call throws(GraphError) in try listContent(call, transcripts: true) }),
            (.get, Self.meeting + "/transcripts/{contentId}", { call throws(GraphError) in try getContent(call, transcripts: true) }),
            (
                .get, Self.meeting + "/transcripts/{contentId}/content",
                { call throws(GraphError) in try downloadContent(call, transcripts: true) }
            ),
            (.get, "/v1.0/subscriptions", listSubscriptions),
            (.post, "/v1.0/subscriptions", createSubscription),
            (.get, "/v1.0/subscriptions/{subscriptionId}", getSubscription),
            (.patch, "/v1.0/subscriptions/{subscriptionId}", updateSubscription),
            (.delete, "/v1.0/subscriptions/{subscriptionId}", deleteSubscription),
            (.post, "/v1.0/subscriptions/{subscriptionId}/reauthorize", reauthorizeSubscription),
        ]
    }

    /// Registers the token endpoint and every `/v1.0` operation.
    func register<Methods: RouterMethods>(on router: Methods) {
        router.post("/{tenantId}/oauth2/v2.0/token") { request, context in
            try await auth.issueToken(request, tenantID: context.parameters.get("tenantId") ?? "", context: context)
        }
        for (method, path, handler) in operations {
            router.on(RouterPath(path), method: method, use: endpoint(handler))
        }
    }

    /// Wraps a handler: bearer token, throttling, Graph error rendering.
    private func endpoint<Context: RequestContext>(_ handler: @escaping Handler)
        -> @Sendable (Request, Context) async throws -> Response
    {
        { request, context in
            let now = configuration.now()
            let tenantID: String
            switch Result(catching: { () throws(GraphError) in try auth.authenticate(request) }) {
            case .success(let id): tenantID = id
            case .failure(let error): return error.response(for: request, now: now)
            }
            if let retryAfter = throttle.admit(tenantID: tenantID, now: now) {
                return GraphError.throttled(retryAfter: retryAfter).response(for: request, now: now)
            }
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let call = GraphCall(
                request: request, parameters: context.parameters, body: body, tenantID: tenantID, now: now,
                origin: "http://\(request.head.authority ?? "127.0.0.1")")
            do {
                var response = try await handler(call)
                response.headers.setField("request-id", GraphResponses.requestID())
                return response
            } catch let error as GraphError {
                return error.response(for: request, now: now)
            } catch {
                return GraphError(.internalServerError, "generalException", "\(type(of: error))").response(for: request, now: now)
            }
        }
    }

    /// A page of `items` with the configured default and maximum sizes.
    func page(_ items: [JSONValue], _ call: GraphCall, _ fragment: String) throws(GraphError) -> Response {
        try GraphPaging.page(
            items, call: call, contextFragment: fragment, defaultSize: configuration.defaultPageSize,
            maxSize: configuration.maxPageSize)
    }
}
