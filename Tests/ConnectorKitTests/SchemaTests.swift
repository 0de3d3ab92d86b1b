import ConnectorKit
import Foundation
import Testing

@Suite("Connector protocol JSON Schemas")
struct SchemaTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Plugins/connector-protocol")

    private let checker: SchemaChecker
    init() throws { checker = try SchemaChecker(folder: Self.folder) }

    private func json(_ value: some Encodable) throws -> JSON { try JSON.parse(ConnectorWire.encode(value)) }

    private func expectValid(_ value: some Encodable, _ file: String, _ definition: String?) throws {
        let problems = checker.problems(try json(value), file: file, definition: definition)
        #expect(problems.isEmpty, "\(file)#\(definition ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test("there is a draft 2020-12 schema for every method, the envelope, the records and the descriptor")
    func everyMessageHasASchema() throws {
        let expected =
            ConnectorMethod.allCases.map { "\($0.rawValue).schema.json" } + [
                "descriptor.schema.json", "envelope.schema.json", "records.schema.json", "api_calls.schema.json",
            ]
        #expect(checker.fileNames == expected.sorted())
        for name in checker.fileNames {
            let root = try JSON.parse(Data(contentsOf: Self.folder.appendingPathComponent(name)))
            guard case .object(let object) = root else { Issue.record("\(name) is not an object"); continue }
            #expect(object["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"), "\(name)")
        }
    }

    @Test("params and results the Swift encoder writes match their schemas")
    func methods() throws {
        let instance = "t/1/0"
        try expectValid(HandshakeParams(), "handshake.schema.json", "params")
        try expectValid(HandshakeParams(features: [ConnectorFeature.snapshotParts]), "handshake.schema.json", "params")
        try expectValid(HandshakeResult(protocolVersion: 1, descriptor: WireFixtures.descriptor), "handshake.schema.json", "result")
        try expectValid(WireFixtures.descriptor, "descriptor.schema.json", nil)
        try expectValid(
            ConfigureParams(
                instance: instance, config: WireConfig(WireFixtures.config), context: .init(sandboxBaseURLs: ["fake": "http://x"])),
            "configure.schema.json", "params")
        try expectValid(
            ConfigureResult(
                routingKey: "acme",
                hostPolicies: [
                    HostPolicy(email: "h@example.com", syncNewWebinarsByDefault: true, syncRecordings: false, webinarOverrides: ["1": true])
                ]),
            "configure.schema.json", "result")
        try expectValid(InstanceParams(instance: instance), "release.schema.json", "params")
        try expectValid(EmptyResult(), "release.schema.json", "result")
        let request = WebhookRequest(headers: ["x-sig": "v0"], body: Data("{}".utf8), receivedAt: WireFixtures.later)
        try expectValid(VerifyWebhookParams(instance: instance, request: request), "verify_webhook.schema.json", "params")
        for outcome: VerifyWebhookResult in [
            .accepted(WebhookEnvelope(eventType: "e", routingKey: "acme", occurredAt: nil, deliveryKey: "k")),
            .challenge(body: Data("x".utf8), contentType: "text/plain"), .rejected(WebhookRejection(.staleTimestamp, "old")),
        ] {
            try expectValid(outcome, "verify_webhook.schema.json", "result")
        }
        try expectValid(DecodeWebhookParams(instance: instance, body: Data("{}".utf8)), "decode_webhook.schema.json", "params")
        try expectValid(DecodeWebhookResult(events: WireFixtures.events), "decode_webhook.schema.json", "result")
        try expectValid(InstanceParams(instance: instance), "list_webinars.schema.json", "params")
        try expectValid(ListWebinarsResult(webinars: [WireFixtures.webinar]), "list_webinars.schema.json", "result")
        try expectValid(
            ListPastWebinarsParams(instance: instance, since: Date(timeIntervalSince1970: 1_780_000_000)),
            "list_past_webinars.schema.json", "params")
        let past = PastWebinar(
            webinar: WireFixtures.webinar, sessions: 1, registrants: nil, participants: 12,
            snapshotRequests: ["Light": 3, "Heavy": 2])
        try expectValid(
            PastWebinarListing(
                webinars: [past], retainedSince: Date(timeIntervalSince1970: 1_770_000_000), listingRequests: ["Heavy": 6],
                rateLimits: [SourceRateLimit(category: "Heavy", perSecond: 40, perDay: 60_000)], notes: ["kept 6 months"]),
            "list_past_webinars.schema.json", "result")
        try expectValid(SnapshotParams(instance: instance, webinarId: "8"), "snapshot.schema.json", "params")
        try expectValid(SnapshotResult(snapshot: WireFixtures.snapshot), "snapshot.schema.json", "result")
        for part in SnapshotPart.split(WireFixtures.snapshot, id: .number(7), recordsPerPart: 1).parts {
            try expectValid(part, "snapshot.schema.json", "part")
        }
        try expectValid(RecordingParams(instance: instance, webinarId: "8"), "recording.schema.json", "params")
        try expectValid(RecordingParams(instance: instance, webinarId: "8", instanceUUID: "u/1=="), "recording.schema.json", "params")
        try expectValid(
            RecordingFetch(recording: WireFixtures.snapshot.recording, transcript: WireFixtures.snapshot.transcript, problems: ["x"]),
            "recording.schema.json", "result")
        try expectValid(RecordingFetch(recording: nil), "recording.schema.json", "result")
        try expectValid(
            PerformParams(instance: instance, request: ActionRequest(action: "register_contact", inputs: ["email": "a@example.com"])),
            "perform.schema.json", "params")
        try expectValid(ActionResult(outputs: ["registrant_id": "r1"], message: "Registered."), "perform.schema.json", "result")
        try expectValid(CancelParams(id: .number(7)), "cancel.schema.json", "params")
        try expectValid(ShareBudgetParams(sharedBy: 3), "share_budget.schema.json", "params")
        try expectValid(
            ConfigureParams(
                instance: instance, config: WireConfig(WireFixtures.config), context: .init(sandboxBaseURLs: [:], budgetSharedBy: 3)),
            "configure.schema.json", "params")
        try expectValid(
            APICallReport(calls: [
                APICallReport.Call(APICallRecord(provider: "zoom", operation: "GET Light", status: 200, duration: .milliseconds(84))),
                APICallReport.Call(APICallRecord(provider: "zoom", operation: "GET Heavy", status: nil, duration: .seconds(30))),
            ]), "api_calls.schema.json", "params")
        try expectValid(
            MaintainSubscriptionsParams(
                instance: instance, request: SubscriptionRequest(notificationURL: "https://example.com/webhooks/acme")),
            "maintain_subscriptions.schema.json", "params")
        try expectValid(
            SubscriptionStatus(active: 3, created: 1, renewed: 2, problems: ["x"], nextDueAt: Date(timeIntervalSince1970: 1_780_000_000)),
            "maintain_subscriptions.schema.json", "result")
    }

    @Test("snapshot_part lines from the SDK's fast writer match the envelope and part schemas")
    func fastPartLines() throws {
        for part in SnapshotPart.split(WireFixtures.largeSnapshot(count: 3), id: .number(7), recordsPerPart: 2).parts {
            let line = try JSON.parse(part.notificationLine())
            let envelope = checker.problems(line, file: "envelope.schema.json")
            #expect(envelope.isEmpty, "\(envelope)")
            guard case .object(let message) = line, let params = message["params"] else {
                Issue.record("a part line without params")
                continue
            }
            let problems = checker.problems(params, file: "snapshot.schema.json", definition: "part")
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    @Test("envelopes match the JSON-RPC schema")
    func envelopes() throws {
        try expectValid(
            RPCRequest(id: .number(1), method: "snapshot", params: SnapshotParams(instance: "i", webinarId: "8")), "envelope.schema.json",
            nil)
        try expectValid(RPCNotification(method: "cancel", params: CancelParams(id: .number(1))), "envelope.schema.json", nil)
        try expectValid(RPCResponse(id: .string("a"), result: EmptyResult()), "envelope.schema.json", nil)
        try expectValid(
            RPCErrorResponse(id: .number(1), error: RPCError(ConnectorError(.notFound, "no such webinar", httpStatus: 404))),
            "envelope.schema.json", nil)
        try expectValid(
            RPCErrorResponse(id: nil, error: RPCError(code: RPCErrorCode.parseError, message: "not JSON")), "envelope.schema.json", nil)
    }

    @Test("the checker finds what is missing or wrongly typed")
    func checkerCatchesMistakes() throws {
        guard case .object(var snapshot) = try json(SnapshotResult(snapshot: WireFixtures.snapshot)) else {
            Issue.record("not an object"); return
        }
        guard case .object(var inner)? = snapshot["snapshot"] else { Issue.record("no snapshot"); return }
        inner["takenAt"] = .string("yesterday")
        inner.removeValue(forKey: "problems")
        snapshot["snapshot"] = .object(inner)
        let problems = checker.problems(.object(snapshot), file: "snapshot.schema.json", definition: "result")
        #expect(problems.contains("$.snapshot: missing required 'problems'"))
        #expect(problems.contains { $0.hasPrefix("$.snapshot.takenAt: 'yesterday' does not match") })
        let badEvent = JSON.object(["type": .string("registered")])
        #expect(!checker.problems(badEvent, file: "records.schema.json", definition: "SourceEvent").isEmpty)
    }
}
