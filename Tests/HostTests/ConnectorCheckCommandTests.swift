import Foundation
import Testing

/// `switchyard connector check` against the out-of-process Zoom connector and deliberately
/// broken connectors (Tests/HostTests/Fixtures/faulty_connector.py).
@Suite("CLI: connector check")
struct ConnectorCheckCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixture = repository.appendingPathComponent("Tests/HostTests/Fixtures/faulty_connector.py").path
    static let zoomBinary = URL(fileURLWithPath: SwitchyardBinary.path).deletingLastPathComponent()
        .appendingPathComponent("switchyard-zoom").path

    private func check(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        try await SwitchyardBinary.run(["connector", "check"] + arguments)
    }

    @Test("the switchyard-zoom executable passes every check, given its command line")
    func zoomCommandPasses() async throws {
        let result = try await check(["--", Self.zoomBinary])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("ok     handshake (protocol version 1)"))
        #expect(result.output.contains("ok     descriptor (zoom "))
        #expect(result.output.contains("ok     capability webinar_listing: list_webinars (answered error unauthorized"))
        #expect(result.output.contains("ok     malformed request (unknown method) → -32601"))
        #expect(result.output.contains("ok     no secret on stderr"))
        #expect(result.output.contains(" passed, 0 failed"))
        #expect(!result.output.contains("FAILED"))
    }

    @Test("the switchyard-zoom manifest folder passes when the executable is built in .build/debug")
    func zoomManifestPasses() async throws {
        let built = Self.repository.appendingPathComponent(".build/debug/switchyard-zoom").path
        try #require(FileManager.default.isExecutableFile(atPath: built), "build switchyard-zoom first")
        let result = try await check([Self.repository.appendingPathComponent("Plugins/Zoom/Executable").path])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains(" passed, 0 failed"))
    }

    @Test("a Python connector following the protocol passes")
    func pythonConnectorPasses() async throws {
        let result = try await check(["--", "python3", Self.fixture, "ok"])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("14 passed, 0 failed"))
    }

    @Test(
        "broken connectors fail with a line saying what they did",
        arguments: [
            (
                "non-json",
                "FAILED handshake: connector python3 wrote something that is not a JSON-RPC response to stdout: hello, I am not JSON"
            ),
            ("wrong-version", "FAILED handshake: the connector answered protocol version 2; the host offered only 1"),
            ("echo-secret", "FAILED no secret on stderr: a secret sent in configure appeared on stderr"),
            ("never-exits", "FAILED clean exit when stdin closes: still running 5 s after stdin closed (killed)"),
        ])
    func brokenConnectorsFail(mode: String, line: String) async throws {
        let result = try await check(["--", "python3", Self.fixture, mode])
        #expect(result.status == 1)
        #expect(result.output.contains(line), "\(result.output)")
        #expect(result.output.contains(" passed, 1 failed"), "\(result.output)")
        #expect(!result.output.contains("switchyard-check-secret-"))
    }

    @Test("a folder without a manifest, or a missing command, is an error naming it")
    func badTargets() async throws {
        let missing = try await check([FileManager.default.temporaryDirectory.appendingPathComponent("no-such-connector").path])
        #expect(missing.status == 1)
        #expect(missing.error.contains("no-such-connector/connector.json: cannot read the manifest"))
        let noCommand = try await check(["--", "switchyard-no-such-program"])
        #expect(noCommand.status == 1)
        #expect(noCommand.error.contains("'switchyard-no-such-program' was not found in PATH"))
    }
}
