import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import Sandbox
import Synchronization
import Testing

/// A webhook receiver that answers Zoom's URL validation like a real app and can fail on purpose.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var event: String
        var body: String
        var timestamp: String
        var signature: String
    }

    let secret: String
    private let state: Mutex<(received: [Received], failuresLeft: Int)>

    init(secret: String, failFirst: Int = 0) {
        self.secret = secret
        state = Mutex(([], failFirst))
    }

    var received: [Received] { state.withLock { $0.received } }

    func hex(_ message: String) -> String {
        HMAC<SHA256>.authenticationCode(
            for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8))
        )
        .map { String(format: "%02x", $0) }.joined()
    }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("/zoom") { request, context -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
            let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            let event = json["event"] as? String ?? ""
            let item = Received(
                event: event, body: body,
                timestamp: request.headers[HTTPField.Name("x-zm-request-timestamp")!] ?? "",
                signature: request.headers[HTTPField.Name("x-zm-signature")!] ?? "")
            let fail = self.state.withLock { state -> Bool in
                state.received.append(item)
                guard event != "endpoint.url_validation", state.failuresLeft > 0 else { return false }
                state.failuresLeft -= 1
                return true
            }
            if fail { return Response(status: .internalServerError) }
            if event == "endpoint.url_validation" {
                let plain = (json["payload"] as? [String: Any])?["plainToken"] as? String ?? ""
                let answer = try JSONSerialization.data(withJSONObject: [
                    "plainToken": plain, "encryptedToken": self.hex(plain),
                ])
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: answer)))
            }
            return Response(status: .ok)
        }
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite("Zoom recordings and webhooks")
struct ZoomRecordingAndWebhookTests {
    let scenario = zoomTestScenario()

    @Test(
        "completed recordings list MP4, M4A and a transcript that downloads as WebVTT with the token")
    func completedRecording() async throws {
        let account = scenario.tenants[0].zoomAccounts[0]
        let webinar = try #require(
            account.webinars.first { $0.instances.first?.recording.state == .completed })
        try await withZoomSandbox(
            accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
        ) {
            zoom in
            let token = try await zoom.bearer(for: account.credentials)
            let answer = try await zoom.get("/v2/meetings/\(webinar.id)/recordings", token: token)
            #expect(answer.status == 200)
            let files = try #require(answer.json["recording_files"] as? [[String: Any]])
            #expect(files.compactMap { $0["file_type"] as? String } == ["MP4", "M4A", "TRANSCRIPT"])
            #expect(files.allSatisfy { $0["status"] as? String == "completed" })
            let transcript = try #require(files.first { $0["file_type"] as? String == "TRANSCRIPT" })
            let url = try #require(transcript["download_url"] as? String)
            let path = String(url.dropFirst(zoom.base.count))
            let download = try await zoom.get(path, token: token)
            #expect(download.status == 200)
            #expect(download.headers["content-type"] == "text/vtt")
            #expect(download.text.hasPrefix("WEBVTT"))
            #expect(try await zoom.send(.GET, path + "?access_token=\(token)").status == 200)
            #expect(try await zoom.send(.GET, path).status == 401)
        }
    }

    @Test("processing, trashed and absent recordings answer 404 with code 3301")
    func unavailableRecordings() async throws {
        let account = scenario.tenants[0].zoomAccounts[0]
        try await withZoomSandbox(
            accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
        ) {
            zoom in
            let token = try await zoom.bearer(for: account.credentials)
            for state in [ZoomRecordingData.State.processing, .absent, .trashed] {
                let webinar = try #require(
                    scenario.zoomAccounts.flatMap(\.webinars).first {
                        $0.instances.first?.recording.state == state
                    })
                let owner = try #require(
                    scenario.zoomAccounts.first { $0.webinars.contains { $0.id == webinar.id } })
                let ownerToken = try await zoom.bearer(for: owner.credentials)
                let answer = try await zoom.get("/v2/meetings/\(webinar.id)/recordings", token: ownerToken)
                #expect(answer.status == 404, "\(state)")
                #expect(answer.json["code"] as? Int == 3301)
                #expect(answer.json["message"] as? String == "There is no recording for this meeting.")
            }
            let upcoming = try #require(account.webinars.first { $0.instances.isEmpty })
            #expect(
                try await zoom.get("/v2/meetings/\(upcoming.id)/recordings", token: token).json["code"]
                    as? Int == 3301)
        }
    }

    @Test("webhooks are signed, preceded by URL validation, and a failed delivery is retried")
    func signedWebhooksWithRetry() async throws {
        let scenarioAccounts = scenario.zoomAccounts
        let secret = scenarioAccounts[0].credentials.webhookSecretToken
        let receiver = WebhookReceiver(secret: secret, failFirst: 1)
        let questionID = scenario.tenants[0].notableWebinars["requiredQuestion"]
        let webinar = try #require(
            scenarioAccounts[0].webinars.first {
                $0.startTime > zoomTestReferenceDate && $0.id != questionID
            })
        try await receiver.application().test(.live) { receiverClient in
            let port = try #require(receiverClient.port)
            var accounts = scenarioAccounts
            accounts[0].credentials.webhookURL = "http://127.0.0.1:\(port)/zoom"
            let configuration = ZoomSimulatorConfiguration(
                now: { zoomTestReferenceDate },
                webhookRetryDelays: [.milliseconds(20), .milliseconds(40), .milliseconds(80)])
            try await withZoomSandbox(accounts: accounts, configuration: configuration) { zoom in
                try await zoom.simulator.registerThroughZoom(
                    webinarID: webinar.id, email: "hook.person@example.com", firstName: "Hook",
                    lastName: "Person")
                await zoom.simulator.webhooksSettled()
            }
        }
        let received = receiver.received
        #expect(
            received.map(\.event) == [
                "endpoint.url_validation", "webinar.registration_created", "webinar.registration_created",
            ])
        for item in received {
            #expect(item.signature == "v0=" + receiver.hex("v0:\(item.timestamp):\(item.body)"))
        }
        let created = try #require(received.last)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
        let object = try #require((json["payload"] as? [String: Any])?["object"] as? [String: Any])
        #expect(object["id"] as? Int == Int(webinar.id))
        #expect(
            (object["registrant"] as? [String: Any])?["email"] as? String == "hook.person@example.com")
    }

    @Test(
        "ending a webinar pushes started, joined/left (string id) and ended, and the report serves it")
    func endWebinar() async throws {
        let scenarioAccounts = scenario.zoomAccounts
        let receiver = WebhookReceiver(secret: scenarioAccounts[0].credentials.webhookSecretToken)
        let webinar = try #require(
            scenarioAccounts[0].webinars.first { $0.startTime > zoomTestReferenceDate })
        try await receiver.application().test(.live) { receiverClient in
            var accounts = scenarioAccounts
            accounts[0].credentials.webhookURL =
                "http://127.0.0.1:\(try #require(receiverClient.port))/zoom"
            try await withZoomSandbox(
                accounts: accounts, configuration: .init(now: { zoomTestReferenceDate })
            ) { zoom in
                let instance = try await zoom.simulator.endWebinar(id: webinar.id)
                let token = try await zoom.bearer(for: scenarioAccounts[0].credentials)
                let report = try await zoom.get("/v2/report/webinars/\(webinar.id)", token: token)
                #expect(report.json["uuid"] as? String == instance.uuid)
                await zoom.simulator.webhooksSettled()
            }
        }
        let events = receiver.received.map(\.event).filter { $0 != "endpoint.url_validation" }
        #expect(events.first == "webinar.started")
        #expect(events.last == "webinar.ended")
        #expect(events.contains("webinar.participant_joined"))
        let joined = try #require(receiver.received.first { $0.event == "webinar.participant_joined" })
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(joined.body.utf8)) as? [String: Any])
        let object = try #require((json["payload"] as? [String: Any])?["object"] as? [String: Any])
        #expect(object["id"] as? String == String(webinar.id))
    }

    @Test("a registration burst registers each person once in Zoom and pushes one signed event each, spread over the webinars")
    func registrationBurst() async throws {
        let scenarioAccounts = scenario.zoomAccounts
        let receiver = WebhookReceiver(secret: scenarioAccounts[0].credentials.webhookSecretToken)
        let upcoming = scenarioAccounts[0].webinars.filter { $0.startTime > zoomTestReferenceDate && $0.registrationEnabled }
        let targets = Array(upcoming.prefix(2)).map(\.id)
        try #require(targets.count == 2)
        try await receiver.application().test(.live) { receiverClient in
            var accounts = scenarioAccounts
            accounts[0].credentials.webhookURL = "http://127.0.0.1:\(try #require(receiverClient.port))/zoom"
            try await withZoomSandbox(accounts: accounts, configuration: .init(now: { zoomTestReferenceDate })) { zoom in
                let pushed = await zoom.simulator.pushRegistrationBurst(webinarIDs: targets + [999], count: 7, concurrency: 3)
                #expect(pushed == 7)
                await zoom.simulator.webhooksSettled()
                let token = try await zoom.bearer(for: scenarioAccounts[0].credentials)
                let first = try await zoom.get("/v2/webinars/\(targets[0])/registrants?page_size=300", token: token)
                let emails = (first.json["registrants"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
                #expect(
                    emails.filter { $0.hasSuffix("@burst.example") }.sorted() == [
                        "burst-0@burst.example", "burst-2@burst.example", "burst-4@burst.example", "burst-6@burst.example",
                    ])
            }
        }
        let events = receiver.received.filter { $0.event == "webinar.registration_created" }
        #expect(events.count == 7)
        #expect(events.allSatisfy { $0.signature == "v0=" + receiver.hex("v0:\($0.timestamp):\($0.body)") })
    }
}
