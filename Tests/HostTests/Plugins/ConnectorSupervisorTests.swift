import ConnectorKit
import Foundation
import Host
import Logging
import Testing

/// The bad-input cases of issue 11 against one supervised fake connector process: each fails
/// the affected request as `unavailable` with a message naming the connector and what it did,
/// and the same request succeeds once the restarted process is healthy.
@Suite("Plugin supervision: misbehaving connector processes")
struct ConnectorSupervisorTests {
    /// Runs `mode`'s fake: the first snapshot fails as `unavailable`, the log names the connector
    /// and `expected`, and a later snapshot (after the restart) returns the webinar.
    func failsThenRecovers(mode: String, expected: String) async throws {
        let logs = CapturedLogs()
        let supervisor = try FakePlugin.supervisor(mode: mode, logs: logs)
        let connector = try await FakePlugin.connector(supervisor, logs: logs)
        let error = try await #require(throws: ConnectorError.self) { try await connector.snapshot(webinarID: "900001") }
        #expect(error.kind == .unavailable)
        #expect(error.message.contains("the fake-webinars connector"), "\(error.message)")
        #expect(error.isRetryable)
        let logged = logs.all.filter { $0.level == .error && $0.metadata["connector"] == "fake-webinars" }
        #expect(logged.contains { $0.message.contains(expected) }, "\(logs.all.map(\.text))")
        let snapshot = try await FakePlugin.eventually { try await connector.snapshot(webinarID: "900001") }
        #expect(snapshot.registrations.map(\.email) == ["ada@customer.example"])
        #expect(logs.contains("connector process started"))
        await supervisor.shutdown()
    }

    @Test("a connector that prints non-JSON is restarted; the request fails as unavailable and works after the restart")
    func garbage() async throws {
        try await failsThenRecovers(mode: "garbage", expected: "is not a JSON-RPC message: 'this is not json'")
    }

    @Test("a connector that answers an id it was never sent is restarted")
    func unknownID() async throws {
        try await failsThenRecovers(mode: "unknown-id", expected: "answered id 424242, which the host never sent")
    }

    @Test("a snapshot_part for a request that is not a snapshot in flight is a violation; the connector is restarted")
    func strayPart() async throws {
        try await failsThenRecovers(mode: "stray-part", expected: "sent a snapshot_part for id 424243, which is not a snapshot in flight")
    }

    @Test("the host offers snapshot_parts; records sent in parts ahead of the result are assembled in order")
    func snapshotParts() async throws {
        let logs = CapturedLogs()
        let supervisor = try FakePlugin.supervisor(mode: "parts", logs: logs)
        let connector = try await FakePlugin.connector(supervisor, logs: logs)
        let snapshot = try await connector.snapshot(webinarID: "900001")
        #expect(snapshot.registrations.map(\.email) == ["ada@customer.example", "grace@customer.example"])
        #expect(snapshot.attendance.map(\.email) == ["ada@customer.example"])
        #expect(snapshot.webinar.id == "900001")
        #expect(!logs.all.contains { $0.level == .error })
        await supervisor.shutdown()
    }

    @Test("the host offers api_calls; reported calls are counted like a built-in connector's, labels bounded, bad reports ignored")
    func apiCalls() async throws {
        let logs = CapturedLogs()
        let metrics = HostMetrics()
        let supervisor = try FakePlugin.supervisor(mode: "api-calls", logs: logs, health: ConnectorHealthBoard(metrics: metrics))
        let connector = try await FakePlugin.connector(supervisor, logs: logs)
        #expect(try await connector.listWebinars().map(\.id) == ["900001"])
        let text = metrics.exposition()
        for series in [
            #"switchyard_api_requests_total{provider="fake",operation="GET webinars",status="200"} 1"#,
            #"switchyard_api_requests_total{provider="fake",operation="GET webinars",status="error"} 1"#,
            #"switchyard_api_requests_total{provider="fake",operation="GET webinars",status="429"} 1"#,
            #"switchyard_api_rate_limited_total{provider="fake"} 1"#,
            #"switchyard_api_request_duration_seconds_count{provider="fake",operation="GET webinars"} 3"#,
            // 50 pairs at most: "GET webinars" and op-0…op-48; op-49…op-59 count as other.
            #"switchyard_api_requests_total{provider="fake",operation="op-48",status="200"} 1"#,
            #"switchyard_api_requests_total{provider="fake",operation="other",status="200"} 11"#,
        ] {
            #expect(text.contains(series), "missing \(series)")
        }
        #expect(!text.contains("op-49") && !text.contains("bad"))
        let warnings = logs.all.filter { $0.level == .warning }.map(\.message)
        #expect(warnings.contains { $0.contains("with a field out of range") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("counted as 'other'") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("does not fit the protocol was ignored") }, "\(warnings)")
        // Metrics are best effort: nothing here is a violation, the process was not restarted.
        #expect(!logs.all.contains { $0.level == .error })
        #expect(try await connector.listWebinars().count == 1)
        #expect(logs.all.filter { $0.message.contains("connector process started") }.count == 1)
        await supervisor.shutdown()
    }

    @Test("a connector that exits in the middle of a request is restarted; its in-flight request fails as unavailable")
    func exitMidRequest() async throws {
        try await failsThenRecovers(mode: "exit", expected: "exited with status 3")
    }

    @Test("a request the connector never answers times out as unavailable and is cancelled; the process keeps serving")
    func hang() async throws {
        let logs = CapturedLogs()
        let supervisor = try FakePlugin.supervisor(mode: "hang", timeoutSeconds: 3, logs: logs)
        let connector = try await FakePlugin.connector(supervisor, logs: logs)
        let error = try await #require(throws: ConnectorError.self) { try await connector.snapshot(webinarID: "900001") }
        #expect(error.kind == .unavailable)
        #expect(error.message == "the fake-webinars connector did not answer snapshot within 3 seconds; the work is retried later")
        #expect(logs.contains("did not answer snapshot"))
        // Not a protocol violation: the same process still answers other requests.
        #expect(try await connector.listWebinars().map(\.id) == ["900001"])
        #expect(!logs.all.contains { $0.level == .error })
        await supervisor.shutdown()
    }

    @Test("a connector speaking another protocol version, or declaring another type, is not used, with an error naming it")
    func incompatible() async throws {
        let directory = try FakePlugin.directory([
            "versioned": FakePlugin.manifest(type: "versioned", mode: "version"),
            "mistyped": FakePlugin.manifest(type: "mistyped", mode: "wrong-type"),
            "good": FakePlugin.manifest(type: "good", mode: "ok"),
        ])
        let plugins = await PluginHost.start(
            directory: directory, logger: CapturedLogs().logger, health: ConnectorHealthBoard(metrics: nil))
        #expect(plugins.providers.map(\.descriptor.typeName) == ["good"])
        #expect(
            plugins.problems.contains(
                "the versioned connector speaks protocol version 2, but this host speaks version 1; update the connector"),
            "\(plugins.problems)")
        #expect(
            plugins.problems.contains {
                $0.hasSuffix(
                    "mistyped/connector.json: type: the manifest says 'mistyped' but the connector's handshake declares 'other-type'; make them equal"
                )
            }, "\(plugins.problems)")
        await plugins.shutdown()
    }

    @Test("a connector flooding stderr is forwarded at most 1,000 lines a second, the rest counted, and keeps serving")
    func flood() async throws {
        let logs = CapturedLogs()
        let supervisor = try FakePlugin.supervisor(mode: "flood", logs: logs)
        let connector = try await FakePlugin.connector(supervisor, logs: logs)
        #expect(try await connector.snapshot(webinarID: "900001").webinar.id == "900001")
        await supervisor.shutdown()
        let forwarded = logs.all.filter { $0.metadata["stream"] == "stderr" }
        #expect(forwarded.allSatisfy { $0.metadata["connector"] == "fake-webinars" })
        #expect(forwarded.count < 20_000)
        #expect(logs.contains("the fake-webinars connector wrote more than 1000 log lines per second"))
    }

    @Test("a secret sent in configure never appears in the host's log, even when the connector prints it or puts it in an error")
    func secretScrubbed() async throws {
        let logs = CapturedLogs()
        let supervisor = try FakePlugin.supervisor(mode: "echo-secret", logs: logs)
        let connector = try await FakePlugin.connector(supervisor, logs: logs)
        let error = try await #require(throws: ConnectorError.self) { try await connector.snapshot(webinarID: "900001") }
        #expect(error.message == "the token <redacted> was refused")
        await supervisor.shutdown()
        #expect(logs.contains("configured with token <redacted>"))
        #expect(!logs.all.contains { $0.text.contains(FakePlugin.secret) })
    }

    @Test("shutdown closes the connector's stdin and reaps its process")
    func shutdownReaps() async throws {
        let logs = CapturedLogs()
        let supervisor = try FakePlugin.supervisor(mode: "ok", logs: logs)
        _ = try await FakePlugin.connector(supervisor, logs: logs)
        await supervisor.shutdown()
        let stopped = try #require(logs.all.first { $0.message == "connector process stopped" })
        let pid = try #require(stopped.metadata["pid"].flatMap { Int32($0) })
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the process is gone and reaped")
        let error = try await #require(throws: ConnectorError.self) { try await supervisor.start() }
        #expect(error.kind == .unavailable)
    }

    @Test("one process serves every instance of a type; a restart configures each of them again")
    func oneProcessManyInstances() async throws {
        let logs = CapturedLogs()
        let supervisor = try FakePlugin.supervisor(mode: "exit", logs: logs)
        let first = try await FakePlugin.connector(supervisor, logs: logs)
        let second = try await FakePlugin.connector(supervisor, logs: logs)
        #expect(logs.all.filter { $0.message == "connector process started" }.count == 1)
        _ = try? await first.snapshot(webinarID: "900001")
        // The restarted process knows both instances (configure was sent again).
        #expect(try await FakePlugin.eventually { try await second.snapshot(webinarID: "900001") }.webinar.id == "900001")
        #expect(try await first.listWebinars().count == 1)
        #expect(logs.all.filter { $0.message == "connector process started" }.count == 2)
        await supervisor.shutdown()
    }
}
