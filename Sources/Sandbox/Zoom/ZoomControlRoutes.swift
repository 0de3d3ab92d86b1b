import Foundation
import Hummingbird

/// Bodies and answers of the Zoom control routes.
private enum ZoomControl {
    struct AccountSummary: Encodable {
        var accountID: String
        var plan: String
        var webhookURL: String?
        var users: [String]
        var webinarIDs: [Int64]
    }

    struct WebhookTarget: Decodable {
        var url: String?
    }

    struct RecordingRequest: Decodable {
        var state: ZoomRecordingData.State
        var instanceUUID: String?

        enum CodingKeys: String, CodingKey {
            case state
            case instanceUUID = "instance_uuid"
        }
    }

    struct Registration: Decodable {
        var email: String
        var firstName: String
        var lastName: String?

        enum CodingKeys: String, CodingKey {
            case email
            case firstName = "first_name"
            case lastName = "last_name"
        }
    }

    struct Pushed: Encodable {
        var events: Int
    }

    struct Failure: Encodable {
        var error: String
    }
}

extension ZoomSimulator {
    /// Registers the scenario-driving and inspection routes under `/_sandbox/zoom/`:
    ///
    /// - `GET accounts`, `GET accounts/{accountId}` — state dump
    /// - `PUT accounts/{accountId}/webhook` — `{"url": …}` where the account's webhooks go
    /// - `GET webhooks` — every delivery attempt
    /// - `POST webhooks/push-scenario` — push every event the scenario implies
    /// - `POST webinars/{webinarId}/end` — end the webinar now (instance, attendance, webhooks)
    /// - `POST webinars/{webinarId}/recording` — `{"state": "completed", "instance_uuid": …}`
    /// - `POST webinars/{webinarId}/registrants` — register through "Zoom's page"
    /// - `POST webinars/{webinarId}/registrants/{registrantId}/{action}` — approve, deny, cancel
    func addControlRoutes<Context: RequestContext>(to router: Router<Context>) {
        let group = router.group(RouterPath("/_sandbox/zoom"))
        group.get("accounts") { _, _ in
            try JSONResponse(
                self.accounts.map {
                    ZoomControl.AccountSummary(
                        accountID: $0.credentials.accountID, plan: $0.credentials.plan,
                        webhookURL: $0.credentials.webhookURL, users: $0.users.map(\.email),
                        webinarIDs: $0.webinars.map(\.id))
                })
        }
        group.get("accounts/{accountId}") { _, context -> Response in
            guard let account = self.accountData(context.parameters.get("accountId") ?? "") else {
                return controlJSON(ZoomControl.Failure(error: "unknown account"), status: .notFound)
            }
            return controlJSON(account)
        }
        group.put("accounts/{accountId}/webhook") { request, context -> HTTPResponse.Status in
            let target = try await request.decode(as: ZoomControl.WebhookTarget.self, context: context)
            guard
                self.setWebhookURL(accountID: context.parameters.get("accountId") ?? "", url: target.url)
            else {
                return HTTPResponse.Status.notFound
            }
            return .noContent
        }
        group.get("webhooks") { _, _ in
            try JSONResponse(self.webhookDeliveries)
        }
        group.post("webhooks/push-scenario") { _, _ in
            try JSONResponse(ZoomControl.Pushed(events: await self.pushScenarioWebhooks()))
        }
        group.post("webinars/{webinarId}/end") { _, context in
            try await self.control(context) { id in controlJSON(try await self.endWebinar(id: id)) }
        }
        group.post("webinars/{webinarId}/recording") { request, context -> Response in
            let body = try await request.decode(as: ZoomControl.RecordingRequest.self, context: context)
            return try await self.control(context) { id in
                controlJSON(
                    try await self.setRecording(
                        webinarID: id, instanceUUID: body.instanceUUID, state: body.state))
            }
        }
        group.post("webinars/{webinarId}/registrants") { request, context -> Response in
            let body = try await request.decode(as: ZoomControl.Registration.self, context: context)
            return try await self.control(context) { id in
                controlJSON(
                    try await self.registerThroughZoom(
                        webinarID: id, email: body.email, firstName: body.firstName,
                        lastName: body.lastName ?? ""),
                    status: .created)
            }
        }
        group.post("webinars/{webinarId}/registrants/{registrantId}/{action}") {
            _, context -> Response in
            let action = context.parameters.get("action") ?? ""
            guard ["approve", "deny", "cancel"].contains(action) else {
                return controlJSON(
                    ZoomControl.Failure(error: "action must be approve, deny or cancel"), status: .badRequest)
            }
            let registrantID = context.parameters.get("registrantId") ?? ""
            return try await self.control(context) { id in
                try await self.changeRegistration(webinarID: id, registrantID: registrantID, action: action)
                return controlJSON(ZoomControl.Pushed(events: 1))
            }
        }
    }

    /// Runs a webinar action, turning its typed errors into 404/400 JSON answers.
    private func control<Context: RequestContext>(
        _ context: Context,
        _ body: (Int64) async throws -> Response
    ) async throws -> Response {
        guard let id = Int64(context.parameters.get("webinarId") ?? "") else {
            return controlJSON(
                ZoomControl.Failure(error: "webinar id must be numeric"), status: .badRequest)
        }
        do {
            return try await body(id)
        } catch let error as ZoomSimulatorActionError {
            let status: HTTPResponse.Status =
                switch error {
                case .unknownWebinar: .notFound
                case .noInstance, .registrationRefused: .badRequest
                }
            return controlJSON(ZoomControl.Failure(error: error.description), status: status)
        }
    }
}

/// A control-route answer: JSON with ISO-8601 dates and sorted keys (like ``JSONResponse``).
func controlJSON(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys]
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
