import ConnectorKit
import Foundation
import Logging
import Testing

@testable import Host

@Suite("Plugins: a connector's stderr in the host's log")
struct ConnectorLogForwarderTests {
    static func forwarder(_ logs: CapturedLogs) -> ConnectorLogForwarder {
        let scrubber = SecretScrubber()
        scrubber.learn(FakePlugin.config())
        return ConnectorLogForwarder(type: "fake-webinars", logger: logs.logger, scrubber: scrubber)
    }

    @Test("lines are forwarded one record each with the connector's name; an unterminated last line too")
    func lines() {
        let logs = CapturedLogs()
        var forwarder = Self.forwarder(logs)
        forwarder.consume(Array("starting\nrea".utf8))
        forwarder.consume(Array("dy\nbye".utf8))
        forwarder.finish()
        #expect(logs.all.map(\.message) == ["starting", "ready", "bye"])
        #expect(logs.all.allSatisfy { $0.metadata["connector"] == "fake-webinars" && $0.metadata["stream"] == "stderr" })
    }

    @Test("a line longer than 4 KiB is cut, and a secret straddling the cut is still scrubbed")
    func longLine() {
        let logs = CapturedLogs()
        var forwarder = Self.forwarder(logs)
        let line = String(repeating: "x", count: 4090) + FakePlugin.secret + String(repeating: "y", count: 10_000)
        forwarder.consume(Array((line + "\nnext\n").utf8))
        let records = logs.all
        #expect(records.map(\.message).last == "next")
        let cut = records[0].message
        #expect(cut.hasSuffix(" …(cut)"))
        #expect(cut.utf8.count <= 4096 + " …(cut)".utf8.count)
        #expect(!cut.contains(String(FakePlugin.secret.prefix(6))), "no part of the secret survives the cut")
    }
}
