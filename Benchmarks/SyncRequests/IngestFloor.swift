import Hummingbird
import NIOCore

/// The `floor` row of the ingest benchmark: a bare Hummingbird server on the host's HTTP
/// stack whose one route collects the body and answers `{}` — no signature check, no routing,
/// no store, no metrics — loaded by the same separate generator. What it costs per request is
/// what the HTTP layer (NIO, Hummingbird, the task hops, loopback TCP) costs before Switchyard
/// does anything: the floor under the durable path's CPU per webhook on this machine.
enum IngestFloor {
    static func measure(concurrency: Int, seconds: Double) async throws -> IngestBenchmark.Result {
        let router = Router()
        let answer = ByteBuffer(string: "{}")
        router.post("webhooks/:connector") { request, _ -> Response in
            var request = request
            _ = try await request.collectBody(upTo: 1 << 20)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: answer))
        }
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                port.yield(channel.localAddress?.port ?? 0)
                port.finish()
            })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            guard let listening = await ports.first(where: { _ in true }) else { throw CancellationError() }
            let cpuBefore = IngestLoad.processCPUSeconds()
            var result = try await IngestBenchmark.loadFromProcess(
                baseURL: "http://127.0.0.1:\(listening)", concurrency: concurrency, seconds: seconds)
            result.hostCPU = IngestLoad.processCPUSeconds() - cpuBefore
            group.cancelAll()
            return result
        }
    }
}
