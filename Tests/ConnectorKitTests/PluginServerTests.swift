import ConnectorKit
import Foundation
import Testing

/// A second conformer of `NativeConnector`, served in-process over the protocol.
struct FakeConnector: NativeConnector {
    static let descriptor = WireFixtures.descriptor
    let routingKey: String
    let hostPolicies: [HostPolicy]
    let token: Secret
    let onAPICall: (@Sendable (APICallRecord) -> Void)?
    let budgetShare: RequestBudgetShare

    init(config: ConfigObject, context: ConnectorContext) throws {
        onAPICall = context.onAPICall
        budgetShare = context.budgetShare
        routingKey = try config.string("account_id")
        token = try config.secret("token")
        hostPolicies = [HostPolicy(email: "host@example.com", syncNewWebinarsByDefault: true, syncRecordings: false)]
        guard routingKey != "refused" else { throw ConnectorError(.configuration, "account 'refused' cannot be used") }
    }

    func verifyWebhook(_ request: WebhookRequest) async throws -> WebhookVerification {
        guard request.header("x-sig") != nil else { throw WebhookRejection(.missingSignature, "no x-sig header") }
        return .accepted(WebhookEnvelope(eventType: "e", routingKey: routingKey, occurredAt: nil, deliveryKey: "k"))
    }

    func decodeWebhook(_ body: Data) async throws -> [SourceEvent] { [.ignored(eventType: String(decoding: body, as: UTF8.self))] }

    func listWebinars() async throws -> [Webinar] {
        onAPICall?(APICallRecord(provider: "fake", operation: "GET webinars", status: 200, duration: .milliseconds(250)))
        onAPICall?(APICallRecord(provider: "fake", operation: "GET webinars", status: nil, duration: .seconds(2)))
        return [WireFixtures.webinar]
    }

    func snapshot(webinarID: String) async throws -> WebinarSnapshot {
        if webinarID == "slow" { try await Task.sleep(for: .seconds(600)) }
        if webinarID == "large" { return WireFixtures.largeSnapshot(count: 1500) }
        guard webinarID == WireFixtures.webinar.id else { throw ConnectorError(.notFound, "no webinar \(webinarID)", httpStatus: 404) }
        return WireFixtures.snapshot
    }

    func perform(_ request: ActionRequest) async throws -> ActionResult {
        if request.action == "read_budget_share" {
            return ActionResult(outputs: ["budget_shared_by": String(budgetShare.sharedBy)], message: "done")
        }
        return ActionResult(outputs: ["token_length": String(token.reveal().count)], message: "done")
    }
}

/// Collects what the server writes, line by line.
final class CollectingSink: LineSink {
    let lines: AsyncStream<Data>
    private let continuation: AsyncStream<Data>.Continuation

    init() { (lines, continuation) = AsyncStream.makeStream() }

    func send(_ line: Data) async { continuation.yield(line) }
    func finish() { continuation.finish() }
}

@Suite("Plugin server (SDK)")
struct PluginServerTests {
    /// Runs the server on `FakeConnector` with the given input lines; returns the answers by id.
    private func serve(_ lines: [String]) async throws -> [String: [String: Any]] {
        let (input, feed) = AsyncStream<LineEvent>.makeStream()
        for line in lines { feed.yield(.line(Data(line.utf8))) }
        feed.finish()
        let sink = CollectingSink()
        await ConnectorPluginServer.serve(FakeConnector.self, lines: input, output: sink)
        sink.finish()
        var answers: [String: [String: Any]] = [:]
        for await line in sink.lines {
            let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
            answers[(object["id"] as? Int).map(String.init) ?? (object["id"] as? String) ?? "null"] = object
        }
        return answers
    }

    private func configure(id: Int, account: String = "acme") -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"configure","params":{"instance":"i1","config":{"account_id":"\#(account)","token":{"secret":"abcdef"}},"context":{}}}"#
    }

    @Test("handshake, configure (secret typed back), and every method answer as documented")
    func methods() async throws {
        let answers = try await serve([
            #"{"jsonrpc":"2.0","id":1,"method":"handshake","params":{"protocolVersions":[1],"host":"switchyard"}}"#,
            configure(id: 2),
        ])
        #expect((answers["1"]?["result"] as? [String: Any])?["protocolVersion"] as? Int == 1)
        #expect(((answers["1"]?["result"] as? [String: Any])?["descriptor"] as? [String: Any])?["typeName"] as? String == "fake")
        #expect((answers["2"]?["result"] as? [String: Any])?["routingKey"] as? String == "acme")

        let calls = try await serve([
            configure(id: 1),
            #"{"jsonrpc":"2.0","id":2,"method":"perform","params":{"instance":"i1","action":"x","inputs":{}}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"snapshot","params":{"instance":"i1","webinarId":"404"}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"verify_webhook","params":{"instance":"i1","headers":{},"query":{},"body":"e30=","receivedAt":"2026-12-06T10:00:00Z"}}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"decode_webhook","params":{"instance":"i1","body":"aGk="}}"#,
            #"{"jsonrpc":"2.0","id":6,"method":"list_webinars","params":{"instance":"nobody"}}"#,
            #"{"jsonrpc":"2.0","id":7,"method":"handshake","params":{"protocolVersions":[2]}}"#,
        ])
        #expect(((calls["2"]?["result"] as? [String: Any])?["outputs"] as? [String: String]) == ["token_length": "6"])
        let notFound = try #require(calls["3"]?["error"] as? [String: Any])
        #expect(notFound["code"] as? Int == -32000)
        #expect((notFound["data"] as? [String: Any])?["kind"] as? String == "not_found")
        #expect((notFound["data"] as? [String: Any])?["httpStatus"] as? Int == 404)
        #expect(
            calls["4"]?["result"] as? [String: String] == [
                "outcome": "rejected", "reason": "missing_signature", "message": "no x-sig header",
            ])
        #expect(((calls["5"]?["result"] as? [String: Any])?["events"] as? [[String: String]]) == [["type": "ignored", "eventType": "hi"]])
        #expect((calls["6"]?["error"] as? [String: Any])?["code"] as? Int == -32602)
        #expect(((calls["7"]?["error"] as? [String: Any])?["data"] as? [String: Any])?["kind"] as? String == "unsupported")
    }

    @Test("recording: answered over the protocol by the SDK's default (from a snapshot), and read back as the host reads it")
    func recordingRoundTrip() async throws {
        let calls = try await serve([
            configure(id: 1),
            #"{"jsonrpc":"2.0","id":2,"method":"recording","params":{"instance":"i1","webinarId":"\#(WireFixtures.webinar.id)","instanceUUID":"u1"}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"recording","params":{"instance":"i1","webinarId":"\#(WireFixtures.webinar.id)","instanceUUID":"elsewhere"}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"recording","params":{"instance":"i1","webinarId":"404"}}"#,
        ])
        let result = try #require(calls["2"]?["result"])
        let fetched = try ConnectorWire.decode(RecordingFetch.self, from: JSONSerialization.data(withJSONObject: result))
        #expect(fetched.recording == WireFixtures.snapshot.recording)
        #expect(fetched.transcript == WireFixtures.snapshot.transcript)
        let other = try #require(calls["3"]?["result"])
        #expect(try ConnectorWire.decode(RecordingFetch.self, from: JSONSerialization.data(withJSONObject: other)).recording == nil)
        #expect(((calls["4"]?["error"] as? [String: Any])?["data"] as? [String: Any])?["kind"] as? String == "not_found")
    }

    @Test("a connector's own configuration error is -32000 kind configuration")
    func configurationError() async throws {
        let answers = try await serve([configure(id: 1, account: "refused")])
        let error = try #require(answers["1"]?["error"] as? [String: Any])
        #expect(error["message"] as? String == "account 'refused' cannot be used")
        #expect((error["data"] as? [String: Any])?["kind"] as? String == "configuration")
    }

    @Test("malformed lines get -32700, -32600, -32601 and -32602")
    func malformed() async throws {
        let answers = try await serve([
            "not json",
            #"{"jsonrpc":"2.0","id":1}"#,
            #"{"jsonrpc":"1.0","id":2,"method":"handshake"}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"nope","params":{}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"snapshot","params":{"instance":1}}"#,
            #"{"jsonrpc":"2.0","id":{"x":1},"method":"snapshot"}"#,
        ])
        func code(_ id: String) -> Int? { (answers[id]?["error"] as? [String: Any])?["code"] as? Int }
        #expect(code("1") == -32600)
        #expect(code("2") == -32600)
        #expect(code("3") == -32601)
        #expect(code("4") == -32602)
        #expect(code("null") != nil)
    }

    @Test("the budget share comes with configure and changes with share_budget notifications")
    func budgetShare() async throws {
        let (input, feed) = AsyncStream<LineEvent>.makeStream()
        let sink = CollectingSink()
        let server = Task { await ConnectorPluginServer.serve(FakeConnector.self, lines: input, output: sink) }
        var answers = sink.lines.makeAsyncIterator()
        /// Performs the action and returns the share the instance read.
        func sharedBy(id: Int) async throws -> String? {
            feed.yield(
                .line(
                    Data(
                        #"{"jsonrpc":"2.0","id":\#(id),"method":"perform","params":{"instance":"i1","action":"read_budget_share","inputs":{}}}"#
                            .utf8)))
            let answer = try #require(await answers.next())
            return try ConnectorWire.decode(RPCResponse<ActionResult>.self, from: answer).result.outputs["budget_shared_by"]
        }
        feed.yield(
            .line(
                Data(
                    #"{"jsonrpc":"2.0","id":1,"method":"configure","params":{"instance":"i1","config":{"account_id":"acme","token":{"secret":"abcdef"}},"context":{"budgetSharedBy":2}}}"#
                        .utf8)))
        _ = await answers.next()
        #expect(try await sharedBy(id: 2) == "2")
        feed.yield(.line(Data(#"{"jsonrpc":"2.0","method":"share_budget","params":{"sharedBy":3}}"#.utf8)))
        #expect(try await sharedBy(id: 3) == "3")
        feed.finish()
        await server.value
        sink.finish()
    }

    @Test("requests run concurrently; cancel stops one and its answer is never written")
    func concurrencyAndCancel() async throws {
        let (input, feed) = AsyncStream<LineEvent>.makeStream()
        let sink = CollectingSink()
        let server = Task { await ConnectorPluginServer.serve(FakeConnector.self, lines: input, output: sink) }
        var answers = sink.lines.makeAsyncIterator()
        feed.yield(.line(Data(configure(id: 1).utf8)))
        _ = await answers.next()
        feed.yield(.line(Data(#"{"jsonrpc":"2.0","id":2,"method":"snapshot","params":{"instance":"i1","webinarId":"slow"}}"#.utf8)))
        feed.yield(.line(Data(#"{"jsonrpc":"2.0","id":3,"method":"snapshot","params":{"instance":"i1","webinarId":"81234567890"}}"#.utf8)))
        let fast = try #require(await answers.next())
        let snapshot = try ConnectorWire.decode(RPCResponse<SnapshotResult>.self, from: fast)
        #expect(snapshot.id == .number(3))
        #expect(snapshot.result.snapshot == WireFixtures.snapshot)
        feed.yield(.line(Data(#"{"jsonrpc":"2.0","method":"cancel","params":{"id":2}}"#.utf8)))
        feed.finish()
        await server.value
        sink.finish()
        #expect(await answers.next() == nil)
    }
}
