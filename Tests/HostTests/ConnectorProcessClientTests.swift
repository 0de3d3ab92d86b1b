import ConnectorKit
import Foundation
import Testing

/// The host side of the protocol against real processes: switchyard-zoom and small scripts.
@Suite("Connector process client")
struct ConnectorProcessClientTests {
    private func python(_ script: String) throws -> ConnectorProcessClient {
        let program = try ConnectorManifest.resolveProgram("python3", relativeTo: URL(fileURLWithPath: "/"))
        return ConnectorProcessClient(executable: program, arguments: ["-c", script], name: "script")
    }

    @Test("handshake with switchyard-zoom, concurrent requests matched by id, clean exit on stdin close")
    func zoom() async throws {
        let client = ConnectorProcessClient(executable: URL(fileURLWithPath: ConnectorCheckCommandTests.zoomBinary), name: "zoom")
        try await client.start()
        let handshake = try await client.request(.handshake, HandshakeParams(), as: HandshakeResult.self, timeout: .seconds(30))
        #expect(handshake.protocolVersion == 1)
        #expect(handshake.descriptor.typeName == "zoom")
        #expect(handshake.descriptor.configSpec.specProblems().isEmpty)
        async let first = client.call("snapshot", SnapshotParams(instance: "none", webinarId: "1"), timeout: .seconds(30))
        async let second = client.call("release", InstanceParams(instance: "none"), timeout: .seconds(30))
        let (snapshot, release) = try await (first, second)
        guard case .error(let error) = snapshot else {
            Issue.record("a snapshot of an unknown instance answered a result")
            return
        }
        #expect(error.code == RPCErrorCode.invalidParams)
        guard case .result = release else {
            Issue.record("release answered an error")
            return
        }
        await client.closeInput()
        #expect(await client.waitForExit(timeout: .seconds(30)) == 0)
    }

    @Test("a process that exits mid-request fails the request as exited, naming the connector")
    func exitMidRequest() async throws {
        let client = try python("import sys; sys.stdin.readline(); sys.exit(3)")
        try await client.start()
        await #expect(throws: ConnectorProcessError.exited(name: "script", status: 3)) {
            _ = try await client.call("handshake", HandshakeParams(), timeout: .seconds(30))
        }
    }

    @Test("an answer to an id never sent is a protocol violation that fails what is pending")
    func unknownID() async throws {
        let script = #"import sys; sys.stdin.readline(); print('{"jsonrpc":"2.0","id":424242,"result":{}}', flush=True); sys.stdin.read()"#
        let client = try python(script)
        try await client.start()
        await #expect(
            throws: ConnectorProcessError.protocolViolation(name: "script", what: "answered request id 424242, which it was never sent")
        ) {
            _ = try await client.call("handshake", HandshakeParams(), timeout: .seconds(30))
        }
        await client.closeInput()
        #expect(await client.waitForExit(timeout: .seconds(30)) == 0)
    }

    @Test("no answer within the timeout fails as timed out and sends cancel")
    func timeout() async throws {
        let client = try python(
            "import sys; print(sys.stdin.readline(), sys.stdin.readline(), file=sys.stderr, flush=True); sys.stdin.read()")
        try await client.start()
        await #expect(throws: ConnectorProcessError.self) {
            _ = try await client.call("handshake", HandshakeParams(), timeout: .milliseconds(100))
        }
        await client.closeInput()
        #expect(await client.waitForExit(timeout: .seconds(30)) == 0)
        #expect(await client.stderrText.contains(#""method":"cancel""#))
    }

    @Test("cancelling the calling task sends cancel for its request")
    func callerCancelled() async throws {
        let client = try python("import sys\nfor line in sys.stdin: print(line.strip(), file=sys.stderr, flush=True)")
        try await client.start()
        let call = Task { try await client.call("handshake", HandshakeParams()) }
        call.cancel()
        await #expect(throws: CancellationError.self) { _ = try await call.value }
        await client.closeInput()
        #expect(await client.waitForExit(timeout: .seconds(30)) == 0)
        #expect(await client.stderrText.contains(#""method":"cancel""#))
    }
}
