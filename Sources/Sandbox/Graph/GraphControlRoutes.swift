import Foundation
import Hummingbird
import SwitchyardJSON

/// Bodies and answers of the Graph control routes.
private enum GraphControl {
    struct TenantSummary: Encodable {
        var tenantID: String
        var clientID: String
        var businessUnitID: Int
        var organizers: [String]
        var webinarIDs: [String]
        var subscriptions: Int
    }

    struct TenantState: Encodable {
        var tenant: GraphTenantData
        var subscriptions: [GraphSubscriptionData]
    }

    struct Lifecycle: Decodable {
        var lifecycleEvent: String
    }

    struct Failure: Encodable {
        var error: String
    }
}

extension GraphSimulator {
    /// Registers the scenario-driving and inspection routes under `/_sandbox/graph/`:
    ///
    /// - `GET tenants`, `GET tenants/{tenantId}` — state dump (with the tenant's subscriptions)
    /// - `GET notifications` — every validation, change and lifecycle delivery attempt
    /// - `GET|PUT throttling` — the per-tenant throttling limits
    /// - `POST webinars/{webinarId}/registrations` — register (Graph's body; sends notifications)
    /// - `POST webinars/{webinarId}/registrations/{registrationId}/cancel` — cancel a registration
    /// - `POST webinars/{webinarId}/sessions` — add a session a day after the last one
    /// - `POST webinars/{webinarId}/sessions/{sessionId}/end` — end a session now: attendance report
    /// - `POST subscriptions/{subscriptionId}/lifecycle` — `{"lifecycleEvent": "reauthorizationRequired" |
    ///   "subscriptionRemoved" | "missed"}`; `subscriptionRemoved` also deletes the subscription
    func addControlRoutes<Context: RequestContext>(to router: Router<Context>) {
        let group = router.group(RouterPath("/_sandbox/graph"))
        group.get("tenants") { _, _ in
            let subscriptions = self.subscriptions
            return try JSONResponse(
                self.tenants.map { tenant in
                    GraphControl.TenantSummary(
                        tenantID: tenant.credentials.tenantID, clientID: tenant.credentials.clientID,
                        businessUnitID: tenant.credentials.businessUnit.id, organizers: tenant.users.map(\.mail),
                        webinarIDs: tenant.webinars.map(\.id),
                        subscriptions: subscriptions.count { $0.tenantID == tenant.credentials.tenantID })
                })
        }
        group.get("tenants/{tenantId}") { _, context -> Response in
            let id = context.parameters.get("tenantId") ?? ""
            guard let tenant = self.tenantData(id) else {
                return controlJSON(GraphControl.Failure(error: "unknown tenant \(id)"), status: .notFound)
            }
            return controlJSON(GraphControl.TenantState(tenant: tenant, subscriptions: self.subscriptions.filter { $0.tenantID == id }))
        }
        group.get("notifications") { _, _ in try JSONResponse(self.notificationDeliveries) }
        group.get("throttling") { _, _ in try JSONResponse(self.throttlingLimits) }
        group.put("throttling") { request, context in
            let limits = try await request.decode(as: GraphThrottlingLimits.self, context: context)
            self.setThrottlingLimits(limits)
            return try JSONResponse(limits)
        }
        group.post("webinars/{webinarId}/registrations") { request, context -> Response in
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            return self.control(webinarID: context.parameters.get("webinarId")) { tenantID, webinarID throws(GraphError) in
                guard let value = try? JSONValue.parse(Data(body.readableBytesView)), case .object(let members) = value else {
                    throw .badRequest("Empty Payload. JSON content expected.")
                }
                let input = try GraphRegistrationInput(members)
                return GraphRendering.registration(try self.actions.register(tenantID: tenantID, webinarID: webinarID, input: input))
            }
        }
        group.post("webinars/{webinarId}/registrations/{registrationId}/cancel") { _, context -> Response in
            self.control(webinarID: context.parameters.get("webinarId")) { tenantID, webinarID throws(GraphError) in
                let registrationID = context.parameters.get("registrationId") ?? ""
                try self.actions.cancel(tenantID: tenantID, webinarID: webinarID, registrationID: registrationID)
                return ["canceled": .string(registrationID)]
            }
        }
        group.post("webinars/{webinarId}/sessions") { _, context -> Response in
            self.control(webinarID: context.parameters.get("webinarId")) { tenantID, webinarID throws(GraphError) in
                GraphRendering.session(try self.actions.addSession(tenantID: tenantID, webinarID: webinarID))
            }
        }
        group.post("webinars/{webinarId}/sessions/{sessionId}/end") { _, context -> Response in
            self.control(webinarID: context.parameters.get("webinarId")) { tenantID, webinarID throws(GraphError) in
                let report = try self.actions.endSession(
                    tenantID: tenantID, webinarID: webinarID, sessionID: context.parameters.get("sessionId") ?? "")
                return GraphRendering.attendanceReport(report)
            }
        }
        group.post("subscriptions/{subscriptionId}/lifecycle") { request, context -> Response in
            let body = try await request.decode(as: GraphControl.Lifecycle.self, context: context)
            let id = context.parameters.get("subscriptionId") ?? ""
            guard ["reauthorizationRequired", "subscriptionRemoved", "missed"].contains(body.lifecycleEvent) else {
                return GraphResponses.json(
                    ["error": "lifecycleEvent must be reauthorizationRequired, subscriptionRemoved or missed"], status: .badRequest)
            }
            guard let subscription = self.store.snapshot.subscriptions[id] else {
                return GraphResponses.json(["error": .string("unknown subscription \(id)")], status: .notFound)
            }
            guard self.notifier.lifecycle(subscription, event: body.lifecycleEvent) else {
                return GraphResponses.json(
                    ["error": "the subscription has no lifecycleNotificationUrl, so Graph sends it no lifecycle notifications"],
                    status: .conflict)
            }
            if body.lifecycleEvent == "subscriptionRemoved" {
                self.store.withState { $0.subscriptions[id] = nil }
            }
            return GraphResponses.json(["sent": .string(body.lifecycleEvent)], status: .accepted)
        }
    }

    /// Runs a control action on a webinar found in any tenant; Graph errors become their JSON.
    private func control(webinarID: String?, _ body: (String, String) throws(GraphError) -> JSONValue) -> Response {
        let webinarID = (webinarID ?? "").removingPercentEncoding ?? ""
        guard let tenantID = store.tenantID(ofWebinar: webinarID) else {
            return GraphResponses.json(["error": .string("unknown webinar \(webinarID)")], status: .notFound)
        }
        do {
            return GraphResponses.json(try body(tenantID, webinarID))
        } catch {
            return GraphResponses.json(["error": .string(error.message), "code": .string(error.code)], status: error.status)
        }
    }
}
