import ConnectorKit
import Crypto
import Foundation
import NIOCore
import NIOPosix

/// The ingest benchmark's light load generator, run as its own process
/// (`switchyard-bench ingest-load URL CONCURRENCY SECONDS`) so its CPU is measured apart from
/// the host's. Every delivery is signed before the clock starts (distinct bodies, so none is a
/// duplicate); `CONCURRENCY` keep-alive connections on one event-loop thread each send the next
/// pre-built request as soon as the previous answer is complete (a closed loop, like
/// AsyncHTTPClient workers, without its per-request machinery). Prints one JSON line
/// (``Report``).
enum IngestLoad {
    /// What one run measured.
    struct Report: Codable {
        var accepted: Int
        var errors: Int
        var wallSeconds: Double
        var cpuSeconds: Double
        var p50: Double
        var p99: Double
        var p999: Double
        /// Whether the pre-signed requests ran out before the time was up.
        var exhausted: Bool
    }

    /// The most requests per second the pre-signed pool is sized for.
    static let poolRate = 40_000.0

    static func run(_ arguments: [String]) async throws {
        guard arguments.count >= 3, let url = URL(string: arguments[0]), let host = url.host, let port = url.port,
            let concurrency = Int(arguments[1]), concurrency > 0, let seconds = Double(arguments[2])
        else {
            FileHandle.standardError.write(Data("usage: switchyard-bench ingest-load http://HOST:PORT CONCURRENCY SECONDS\n".utf8))
            exit(2)
        }
        let requests = signedRequests(count: Int(seconds * poolRate) + concurrency, host: "\(host):\(port)")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let cpuBefore = processCPUSeconds()
        let started = NIODeadline.now()
        let deadline = started + .nanoseconds(Int64(seconds * 1e9))
        var futures: [EventLoopFuture<LoadHandler.Tally>] = []
        for worker in 0..<concurrency {
            let promise = group.next().makePromise(of: LoadHandler.Tally.self)
            let indices = Array(stride(from: worker, to: requests.count, by: concurrency))
            let bootstrap = ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            LoadHandler(requests: requests, indices: indices, deadline: deadline, done: promise))
                    }
                }
            let connection = bootstrap.connect(host: host, port: port)
            connection.whenFailure { promise.fail($0) }
            futures.append(promise.futureResult)
        }
        var tallies: [LoadHandler.Tally] = []
        for future in futures { tallies.append(try await future.get()) }
        let wall = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        let cpu = processCPUSeconds() - cpuBefore
        try await group.shutdownGracefully()
        let latencies = tallies.flatMap(\.latencies).sorted()
        let report = Report(
            accepted: latencies.count, errors: tallies.map(\.errors).reduce(0, +), wallSeconds: wall, cpuSeconds: cpu,
            p50: percentile(latencies, 50), p99: percentile(latencies, 99), p999: percentile(latencies, 99.9),
            exhausted: tallies.contains(where: \.exhausted))
        print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
    }

    /// `count` distinct signed deliveries for the benchmark's tenants, as raw HTTP/1.1 requests.
    static func signedRequests(count: Int, host: String) -> [ByteBuffer] {
        let key = SymmetricKey(data: Data(IngestBenchmark.secret.utf8))
        let timestamp = String(Int(Date().timeIntervalSince1970))
        return (0..<count).map { sequence in
            let account = "acct-\(sequence % IngestBenchmark.tenants)"
            let body =
                #"{"event":"meeting.started","event_ts":\#(sequence),"payload":{"account_id":"\#(account)","object":{"id":"\#(sequence)","topic":"Bench","host_id":"h"}}}"#
            let mac = HMAC<SHA256>.authenticationCode(for: Data("v0:\(timestamp):\(body)".utf8), using: key)
            let text =
                "POST /webhooks/zoom HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\n"
                + "x-zm-request-timestamp: \(timestamp)\r\nx-zm-signature: v0=\(HexEncoding.string(mac))\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
            return ByteBuffer(string: text)
        }
    }

    /// User + system CPU seconds of this process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// One keep-alive connection of ``IngestLoad``: sends a request, reads its answer (status line,
/// `Content-Length`, body), records the latency, sends the next until the deadline.
final class LoadHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What one connection saw.
    struct Tally: Sendable {
        var latencies: [Double] = []
        var errors = 0
        var exhausted = false
    }

    private let requests: [ByteBuffer]
    private let indices: [Int]
    private let deadline: NIODeadline
    private let done: EventLoopPromise<Tally>
    private var next = 0
    private var sentAt = NIODeadline.now()
    private var received: ByteBuffer?
    private var tally = Tally()

    init(requests: [ByteBuffer], indices: [Int], deadline: NIODeadline, done: EventLoopPromise<Tally>) {
        self.requests = requests
        self.indices = indices
        self.deadline = deadline
        self.done = done
        tally.latencies.reserveCapacity(indices.count)
    }

    func channelActive(context: ChannelHandlerContext) {
        sendNext(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if received == nil { received = bytes } else { received!.writeBuffer(&bytes) }
        while let status = takeResponse() {
            let elapsed = NIODeadline.now() - sentAt
            if status == 200 { tally.latencies.append(Double(elapsed.nanoseconds) / 1e6) } else { tally.errors += 1 }
            sendNext(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.succeed(tally)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        tally.errors += 1
        context.close(promise: nil)
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard NIODeadline.now() < deadline else {
            context.close(promise: nil)
            return
        }
        guard next < indices.count else {
            tally.exhausted = true
            context.close(promise: nil)
            return
        }
        let request = requests[indices[next]]
        next += 1
        sentAt = NIODeadline.now()
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
    }

    /// The status of the first complete response in `received` (consuming it), or nil. Reads
    /// the bytes in place (status digits, `Content-Length`): the generator shares the host's two
    /// cores, so its CPU per answer is kept small.
    private func takeResponse() -> Int? {
        guard var buffer = received else { return nil }
        let parsed = buffer.withUnsafeReadableBytes { bytes -> (status: Int, length: Int)? in
            Self.parseResponse(UnsafeRawBufferPointer(bytes))
        }
        guard let parsed, buffer.readableBytes >= parsed.length else { return nil }
        buffer.moveReaderIndex(forwardBy: parsed.length)
        received = buffer.readableBytes == 0 ? nil : buffer
        return parsed.status
    }

    /// The status and whole length (head and body) of the response at the start of `bytes`,
    /// once its head is complete.
    static func parseResponse(_ bytes: UnsafeRawBufferPointer) -> (status: Int, length: Int)? {
        let count = bytes.count
        guard count >= 16 else { return nil }
        var headEnd = -1
        var index = 3
        while index < count {
            if bytes[index] == 0x0A, bytes[index - 1] == 0x0D, bytes[index - 2] == 0x0A, bytes[index - 3] == 0x0D {
                headEnd = index + 1
                break
            }
            index += 1
        }
        guard headEnd > 0 else { return nil }
        // "HTTP/1.1 200 …"
        var status = 0
        for offset in 9..<12 { status = status * 10 + Int(bytes[offset] &- 0x30) }
        var contentLength = 0
        var line = 0
        while line < headEnd {
            var lineEnd = line
            while lineEnd < headEnd, bytes[lineEnd] != 0x0D { lineEnd += 1 }
            if lineEnd - line > 15, isContentLength(bytes, at: line) {
                var digit = line + 15
                while digit < lineEnd, bytes[digit] == 0x20 { digit += 1 }
                while digit < lineEnd, bytes[digit] >= 0x30, bytes[digit] <= 0x39 {
                    contentLength = contentLength * 10 + Int(bytes[digit] - 0x30)
                    digit += 1
                }
            }
            line = lineEnd + 2
        }
        return (status, headEnd + contentLength)
    }

    /// Whether the header line at `start` names `Content-Length:` (any case).
    private static func isContentLength(_ bytes: UnsafeRawBufferPointer, at start: Int) -> Bool {
        for (offset, expected) in contentLengthName.enumerated() where bytes[start + offset] | 0x20 != expected {
            return false
        }
        return true
    }

    private static let contentLengthName = Array("content-length:".utf8)
}
