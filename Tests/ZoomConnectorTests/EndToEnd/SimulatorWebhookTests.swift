import ConnectorKit
import Foundation
import HTTPTypes
import Hummingbird
import Sandbox
import Synchronization
import Testing
import ZoomConnector

@Suite("Zoom connector against the simulator: signed webhooks")
struct SimulatorWebhookTests {
    static let account = "nwAccount0001"

    /// What the receiver saw.
    private final class Inbox: Sendable {
        let events = Mutex<[SourceEvent]>([])
        let refusals = Mutex<[String]>([])
        let challenges = Mutex(0)
        let deliveryKeys = Mutex<[String]>([])
    }

    @Test("the simulator's URL validation is answered and every pushed event verifies and decodes")
    func scenarioWebhooks() async throws {
        try await SimulatorHarness.run { harness in
            let connector = try harness.connector(Self.account)
            let inbox = Inbox()
            let router = Router()
            router.post("/webhooks/zoom") { request, _ -> Response in
                var request = request
                let body = Data(try await request.collectBody(upTo: 1 << 22).readableBytesView)
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.rawName] = field.value }
                let delivery = WebhookRequest(
                    headers: headers, body: body, receivedAt: harness.clock.date)
                do {
                    switch try await connector.verifyWebhook(delivery) {
                    case .challenge(let answer, _):
                        inbox.challenges.withLock { $0 += 1 }
                        return ScriptedZoom.json(String(decoding: answer, as: UTF8.self))
                    case .accepted(let envelope):
                        let events = try await connector.decodeWebhook(body)
                        inbox.events.withLock { $0 += events }
                        inbox.deliveryKeys.withLock { $0.append(envelope.deliveryKey) }
                        return Response(status: .ok)
                    }
                } catch {
                    inbox.refusals.withLock { $0.append("\(error)") }
                    return Response(status: .unauthorized)
                }
            }
            try await ScriptedZoom.serve(router) { receiverPort in
                harness.simulator.setWebhookURL(
                    accountID: Self.account, url: "http://127.0.0.1:\(receiverPort)/webhooks/zoom")
                let pushed = await harness.simulator.pushScenarioWebhooks()
                await harness.simulator.webhooksSettled()
                #expect(pushed > 0)
                let deliveries = harness.simulator.webhookDeliveries.filter {
                    $0.event != "endpoint.url_validation"
                }
                #expect(
                    deliveries.allSatisfy { $0.outcome == "delivered" },
                    "\(deliveries.filter { $0.outcome != "delivered" }.prefix(3))")
            }
            #expect(inbox.refusals.withLock { $0 } == [])
            #expect(inbox.challenges.withLock { $0 } == 1)
            let events = inbox.events.withLock { $0 }
            var kinds: Set<String> = []
            for event in events {
                switch event {
                case .webinarChanged: kinds.insert("changed")
                case .registered: kinds.insert("registered")
                case .cancelled: kinds.insert("cancelled")
                case .webinarStarted: kinds.insert("started")
                case .webinarEnded: kinds.insert("ended")
                case .participantActivity(_, _, let email, let joined, _):
                    kinds.insert(joined ? "joined" : "left")
                    if email == nil { kinds.insert("guest") }
                case .recordingCompleted(let recording):
                    kinds.insert("recording")
                    #expect(recording.state == .completed)
                case .transcriptCompleted: kinds.insert("transcript")
                case .webinarTouched, .webinarDeleted, .ignored: kinds.insert("other")
                }
            }
            #expect(
                kinds.isSuperset(of: [
                    "changed", "registered", "cancelled", "started", "ended", "joined", "left", "guest",
                    "recording", "transcript",
                ]), "\(kinds)")
            let zoomEvents = String(try harness.notable("zoomEvents"))
            let created = events.compactMap { event -> Webinar? in
                if case .webinarChanged(let webinar) = event { return webinar }
                return nil
            }
            #expect(created.first { $0.id == zoomEvents }?.support != .supported)
            let keys = inbox.deliveryKeys.withLock { $0 }
            #expect(Set(keys).count == keys.count, "distinct deliveries have distinct keys")
        }
    }
}
