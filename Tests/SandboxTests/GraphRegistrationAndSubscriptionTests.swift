import Foundation
import Sandbox
import SwitchyardJSON
import Testing

/// Registrations (create, cancel, clear failures), subscriptions with the validation handshake,
/// change notifications with `clientState`, and lifecycle notifications.
@Suite struct GraphRegistrationAndSubscriptionTests {
    static let webinars = "/v1.0/solutions/virtualEvents/webinars"

    static func error(_ answer: HTTPAnswer) -> (code: String?, message: String) {
        let error = answer.json["error"] as? [String: Any]
        return (error?["code"] as? String, error?["message"] as? String ?? "")
    }

    @Test func registrationIsCreatedCancelledAndRefusedClearly() async throws {
        try await withGraphSandbox { graph in
            let token = try await graph.bearer()
            let upcoming = try #require(graph.tenant.notableWebinars["upcoming"])
            let path = "\(Self.webinars)/\(upcoming)/registrations"
            let person: [String: Any] = ["firstName": "Ada", "lastName": "Byron", "email": "ada.byron@example.com"]
            let created = try await graph.sendJSON(.POST, path, token: token, person)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["status"] as? String == "registered")
            #expect(created.json["registrationDateTime"] as? String == "2026-03-02T00:00:00.000Z")
            #expect(created.json["cancelationDateTime"] is NSNull)
            let id = try #require(created.json["id"] as? String)

            let duplicate = try await graph.sendJSON(.POST, path, token: token, person)
            #expect(duplicate.status == 409)
            let missing = try await graph.sendJSON(.POST, path, token: token, ["firstName": "Ada", "email": "a@example.com"])
            #expect(missing.status == 400 && Self.error(missing).message.contains("lastName"))
            let organizer = try #require(
                graph.tenant.users.first { $0.id == graph.tenant.webinars.first { $0.id == upcoming }?.organizerID })
            let own = try await graph.sendJSON(
                .POST, path, token: token, ["firstName": "O", "lastName": "Rganizer", "email": organizer.mail.uppercased()])
            #expect(own.status == 400 && Self.error(own).message.contains("organizer"))

            let cancel = try await graph.send(.POST, "\(path)/\(id)/cancel", headers: [("Authorization", "Bearer \(token)")])
            #expect(cancel.status == 204)
            let after = try await graph.get("\(path)/\(id)", token: token)
            #expect(after.json["status"] as? String == "canceled")
            #expect(after.json["cancelationDateTime"] as? String == "2026-03-02T00:00:00.000Z")
        }
    }

    @Test func requiredQuestionMustBeAnswered() async throws {
        try await withGraphSandbox { graph in
            let token = try await graph.bearer()
            let webinarID = try #require(graph.tenant.notableWebinars["requiredQuestion"])
            let question = try #require(graph.tenant.webinars.first { $0.id == webinarID }?.questions.first { $0.isRequired })
            let questions = try await graph.get("\(Self.webinars)/\(webinarID)/registrationConfiguration/questions", token: token)
            let listed = (questions.json["value"] as? [[String: Any]] ?? []).first { $0["id"] as? String == question.id }
            #expect(listed?["@odata.type"] as? String == "#microsoft.graph.virtualEventRegistrationCustomQuestion")
            let path = "\(Self.webinars)/\(webinarID)/registrations"
            var person: [String: Any] = ["firstName": "Q", "lastName": "Less", "email": "q.less@example.com"]
            let refused = try await graph.sendJSON(.POST, path, token: token, person)
            #expect(refused.status == 400)
            #expect(Self.error(refused).code == "BadRequest" && Self.error(refused).message.contains(question.displayName))
            person["registrationQuestionAnswers"] = [["questionId": question.id, "value": "51-500"]]
            let accepted = try await graph.sendJSON(.POST, path, token: token, person)
            #expect(accepted.status == 201)
            let answers = accepted.json["registrationQuestionAnswers"] as? [[String: Any]]
            #expect(answers?.first?["displayName"] as? String == question.displayName)
        }
    }

    @Test func subscriptionValidatesTheURLAndNotificationsCarryClientState() async throws {
        try await withGraphSandbox { graph in
            let token = try await graph.bearer()
            let upcoming = try #require(graph.tenant.notableWebinars["upcoming"])
            let receiver = NotificationReceiver()
            try await receiver.serve { url in
                let created = try await graph.subscribe(
                    "solutions/virtualEvents/webinars/\(upcoming)/registrations", url: url, token: token,
                    changeType: "created,updated", expires: "2026-03-02T20:00:00.0000000Z",
                    extra: ["lifecycleNotificationUrl": url, "clientState": "s3cret"])
                #expect(created.status == 201, "\(created.text)")
                #expect(receiver.validations.count == 2)
                #expect(receiver.validations.allSatisfy { $0.hasPrefix("Validation: Testing client application reachability") })
                let subscriptionID = try #require(created.json["id"] as? String)

                let registered = try await graph.sendJSON(
                    .POST, "\(Self.webinars)/\(upcoming)/registrations", token: token,
                    ["firstName": "Note", "lastName": "Worthy", "email": "note.worthy@example.com"])
                await graph.simulator.notificationsSettled()
                let notification = try #require(receiver.notifications.first)
                #expect(notification["clientState"]?.stringValue == "s3cret")
                #expect(notification["subscriptionId"]?.stringValue == subscriptionID)
                #expect(notification["changeType"]?.stringValue == "created")
                #expect(notification["tenantId"]?.stringValue == graph.tenant.credentials.tenantID)
                #expect(notification["resourceData"]?["id"]?.stringValue == registered.json["id"] as? String)
                #expect(notification["subscriptionExpirationDateTime"]?.stringValue == "2026-03-02T20:00:00.000Z")

                let lifecycle = try await graph.sendJSON(
                    .POST, "/_sandbox/graph/subscriptions/\(subscriptionID)/lifecycle", token: nil,
                    ["lifecycleEvent": "subscriptionRemoved"])
                #expect(lifecycle.status == 202)
                await graph.simulator.notificationsSettled()
                #expect(receiver.notifications.contains { $0["lifecycleEvent"]?.stringValue == "subscriptionRemoved" })
                #expect(try await graph.get("/v1.0/subscriptions/\(subscriptionID)", token: token).status == 404)
            }
        }
    }

    @Test func subscriptionFailsWhenTheTokenIsWrongOrLateAndItsLifetimeIsCapped() async throws {
        // Wide enough that a prompt receiver answers in time on a loaded machine (300 ms was not).
        let configuration = GraphSimulatorConfiguration(now: { zoomTestReferenceDate }, validationTimeout: .seconds(2))
        try await withGraphSandbox(configuration: configuration) { graph in
            let token = try await graph.bearer()
            let resource = "solutions/virtualEvents/webinars/\(graph.tenant.webinars[0].id)/sessions"
            @Sendable func subscribe(_ url: String, expires: String = "2026-03-02T12:00:00Z", resource: String = resource) async throws
                -> HTTPAnswer
            {
                try await graph.sendJSON(
                    .POST, "/v1.0/subscriptions", token: token,
                    ["changeType": "created", "notificationUrl": url, "resource": resource, "expirationDateTime": expires])
            }
            try await NotificationReceiver(validation: .wrongToken).serve { url in
                let answer = try await subscribe(url)
                #expect(answer.status == 400)
                #expect(Self.error(answer).code == "ValidationError")
                #expect(Self.error(answer).message.contains("must exactly match validationToken"))
            }
            try await NotificationReceiver(validation: .slow(.seconds(4))).serve { url in
                let late = try await subscribe(url)
                #expect(late.status == 400 && Self.error(late).code == "ValidationError")
            }
            try await NotificationReceiver().serve { url in
                let tooLong = try await subscribe(url, expires: "2026-03-03T00:01:00Z")
                #expect(tooLong.status == 400 && Self.error(tooLong).message.contains("1440 minutes"))
                let unsupported = try await subscribe(url, resource: "me/events")
                #expect(unsupported.status == 400)
                let wrongChange = try await graph.sendJSON(
                    .POST, "/v1.0/subscriptions", token: token,
                    [
                        "changeType": "deleted", "notificationUrl": url, "resource": resource,
                        "expirationDateTime": "2026-03-02T12:00:00Z",
                    ])
                #expect(wrongChange.status == 400)
                let created = try await subscribe(url)
                let id = try #require(created.json["id"] as? String)
                let renewed = try await graph.sendJSON(
                    .PATCH, "/v1.0/subscriptions/\(id)", token: token, ["expirationDateTime": "2026-03-02T23:00:00Z"])
                #expect(renewed.json["expirationDateTime"] as? String == "2026-03-02T23:00:00.000Z")
                #expect(graph.simulator.subscriptions.map(\.id) == [id])
            }
        }
    }

    @Test func endingASessionPublishesAnAttendanceReportAndNotifiesIt() async throws {
        try await withGraphSandbox { graph in
            let token = try await graph.bearer()
            let webinar = try #require(graph.tenant.webinars.first { $0.id == graph.tenant.notableWebinars["upcoming"] })
            let session = try #require(webinar.sessions.first)
            let receiver = NotificationReceiver()
            try await receiver.serve { url in
                let created = try await graph.sendJSON(
                    .POST, "/v1.0/subscriptions", token: token,
                    [
                        "changeType": "created", "notificationUrl": url, "clientState": "reports",
                        "resource": "/solutions/virtualEvents/webinars/\(webinar.id)/getAttendanceReports",
                        "expirationDateTime": "2026-03-02T12:00:00Z",
                    ])
                #expect(created.status == 201)
                let sessions = try await graph.subscribe(
                    "solutions/virtualEvents/webinars/\(webinar.id)/sessions", url: url, token: token,
                    changeType: "created,updated", extra: ["clientState": "sessions"])
                #expect(sessions.status == 201)
                let added = try await graph.send(.POST, "/_sandbox/graph/webinars/\(webinar.id)/sessions")
                let addedID = try #require(added.json["id"] as? String)
                let listed = try await graph.get("\(Self.webinars)/\(webinar.id)/sessions", token: token)
                #expect((listed.json["value"] as? [[String: Any]])?.map { $0["id"] as? String } == [session.id, addedID])
                let ended = try await graph.send(.POST, "/_sandbox/graph/webinars/\(webinar.id)/sessions/\(session.id)/end")
                #expect(ended.status == 200)
                let reportID = try #require(ended.json["id"] as? String)
                let reports = try await graph.get("\(Self.webinars)/\(webinar.id)/sessions/\(session.id)/attendanceReports", token: token)
                #expect((reports.json["value"] as? [[String: Any]])?.map { $0["id"] as? String } == [reportID])
                await graph.simulator.notificationsSettled()
                #expect(graph.simulator.notificationDeliveries.allSatisfy { $0.outcome == "delivered" || $0.outcome == "validated" })
                let report = try #require(receiver.notifications.first { $0["clientState"]?.stringValue == "reports" })
                #expect(report["resourceData"]?["id"]?.stringValue == reportID)
                let changes = receiver.notifications.filter { $0["clientState"]?.stringValue == "sessions" }
                #expect(Set(changes.compactMap { $0["changeType"]?.stringValue }) == ["created", "updated"])
                #expect(changes.contains { $0["resourceData"]?["id"]?.stringValue == addedID })
            }
        }
    }

    @Test func anExpiredSubscriptionIsGoneAndNotifiesNothing() async throws {
        let clock = ManualClock()
        try await withGraphSandbox(configuration: GraphSimulatorConfiguration(now: { clock.now })) { graph in
            let token = try await graph.bearer()
            let upcoming = try #require(graph.tenant.notableWebinars["upcoming"])
            let receiver = NotificationReceiver()
            try await receiver.serve { url in
                let created = try await graph.subscribe(
                    "solutions/virtualEvents/webinars/\(upcoming)/registrations", url: url, token: token,
                    expires: "2026-03-02T00:30:00Z")
                let id = try #require(created.json["id"] as? String)
                clock.advance(seconds: 1800)
                let fresh = try await graph.bearer()
                let registered = try await graph.sendJSON(
                    .POST, "\(Self.webinars)/\(upcoming)/registrations", token: fresh,
                    ["firstName": "Too", "lastName": "Late", "email": "too.late@example.com"])
                #expect(registered.status == 201)
                await graph.simulator.notificationsSettled()
                #expect(receiver.notifications.isEmpty)
                #expect(try await graph.get("/v1.0/subscriptions/\(id)", token: fresh).status == 404)
                let listed = try await graph.get("/v1.0/subscriptions", token: fresh)
                #expect((listed.json["value"] as? [Any])?.isEmpty == true)
            }
        }
    }
}
