import ConnectorKit
import Foundation
import Testing

@Suite("API call reports (protocol §2, feature api_calls)")
struct APICallReportTests {
    /// The server's output lines for handshake (with `features`), configure and list_webinars.
    private func lines(features: String) async throws -> [[String: Any]] {
        let (input, feed) = AsyncStream<LineEvent>.makeStream()
        for line in [
            #"{"jsonrpc":"2.0","id":1,"method":"handshake","params":{"protocolVersions":[1]\#(features)}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"configure","params":{"instance":"i1","config":{"account_id":"acme","token":{"secret":"abcdef"}},"context":{}}}"#,
        ] {
            feed.yield(.line(Data(line.utf8)))
        }
        let sink = CollectingSink()
        let server = Task { await ConnectorPluginServer.serve(FakeConnector.self, lines: input, output: sink) }
        var output = sink.lines.makeAsyncIterator()
        var objects: [[String: Any]] = []
        for _ in 0..<2 {
            let line = try #require(await output.next())
            objects.append(try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any]))
        }
        feed.yield(.line(Data(#"{"jsonrpc":"2.0","id":3,"method":"list_webinars","params":{"instance":"i1"}}"#.utf8)))
        feed.finish()
        await server.value
        sink.finish()
        while let line = await output.next() {
            objects.append(try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any]))
        }
        return objects
    }

    @Test("the SDK reports a request's API calls in an api_calls notification before its answer, only when offered")
    func reportedBeforeTheAnswer() async throws {
        let plain = try await lines(features: "")
        #expect(plain.count == 3)
        #expect(!plain.contains { $0["method"] as? String == "api_calls" })

        let reported = try await lines(features: #","features":["snapshot_parts","api_calls"]"#)
        #expect(reported.count == 4)
        let notification = reported[2]
        #expect(notification["method"] as? String == "api_calls" && notification["id"] == nil)
        #expect(reported[3]["id"] as? Int == 3)
        let calls = try #require((notification["params"] as? [String: Any])?["calls"] as? [[String: Any]])
        #expect(calls.count == 2)
        #expect(calls.map { $0["provider"] as? String } == ["fake", "fake"])
        #expect(calls.map { $0["operation"] as? String } == ["GET webinars", "GET webinars"])
        #expect(calls[0]["status"] as? Int == 200 && calls[1]["status"] == nil)
        #expect(calls.map { $0["seconds"] as? Double } == [0.25, 2])
    }

    @Test("a report's call turns back into the record the host counts")
    func roundTrip() throws {
        let record = APICallRecord(provider: "zoom", operation: "GET Light", status: 429, duration: .milliseconds(1500))
        let line = try ConnectorWire.encode(
            RPCNotification(method: ConnectorNotification.apiCalls, params: APICallReport(calls: [.init(record)])))
        let back = try #require(try ConnectorWire.decode(RPCNotification<APICallReport>.self, from: line).params.calls.first?.record)
        #expect(back.provider == "zoom" && back.operation == "GET Light" && back.status == 429)
        #expect(back.duration == .milliseconds(1500))
    }
}
