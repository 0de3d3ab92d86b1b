import AsyncHTTPClient
import Composition
import ConnectorKit
import Crypto
import Foundation
import Host
import Logging
import NIOCore
import Store

/// Verified Zoom webhooks accepted per second by a host on a durable state file, at several
/// concurrencies, for the durable group commit and for the old path (one `synchronous =
/// NORMAL` transaction per webhook). Every request is a distinct, correctly signed delivery
/// for one of 8 tenants; the events are ones the connector ignores, so the inbox worker
/// drains them without API calls (it runs meanwhile, as in production).
///
/// `ingest [SECONDS] [--concurrency 1,16,64] [--paths durable,old,floor] [--in-process]`: by default
/// the load comes from a separate process (``IngestLoad``: pre-signed requests on keep-alive
/// connections), and the table shows the CPU each side spent per accepted webhook; with
/// `--in-process` it comes from AsyncHTTPClient workers signing each request in the host's
/// process (how the benchmark measured before). `floor` (not run by default) is a bare
/// Hummingbird route under the same load (``IngestFloor``): the HTTP stack's own cost.
enum IngestBenchmark {
    static let secret = "bench-webhook-secret"
    static let tenants = 8

    struct Options {
        var seconds = 5.0
        var concurrencies = [1, 16, 64]
        var paths = ["durable", "old"]
        var inProcess = false

        init(_ arguments: [String]) throws {
            var rest = arguments[...]
            while let argument = rest.popFirst() {
                switch argument {
                case "--concurrency": concurrencies = try list(rest.popFirst(), argument).map { try number(Int($0), argument) }
                case "--paths": paths = try list(rest.popFirst(), argument)
                case "--in-process": inProcess = true
                default: seconds = try number(Double(argument), "SECONDS")
                }
            }
        }

        private func list(_ value: String?, _ name: String) throws -> [String] {
            guard let value else { throw BenchUsage("\(name) needs a comma-separated list") }
            return value.split(separator: ",").map(String.init)
        }

        private func number<N>(_ value: N?, _ name: String) throws -> N {
            guard let value else { throw BenchUsage("\(name) needs a number") }
            return value
        }
    }

    struct BenchUsage: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static let pathOptions: [String: (label: String, options: SQLiteIngestOptions)] = [
        "durable": ("durable group commit", .durable), "old": ("old: txn per webhook, NORMAL", .perAppendNormal),
    ]

    static func run(_ arguments: [String]) async throws {
        if let flag = arguments.firstIndex(of: "--tenant-files"), arguments.indices.contains(flag + 1) {
            return try writeTenantFiles(to: arguments[flag + 1])
        }
        if let flag = arguments.firstIndex(of: "--url"), arguments.indices.contains(flag + 1) {
            var rest = arguments
            rest.removeSubrange(flag...(flag + 1))
            return try await runAgainst(baseURL: arguments[flag + 1], seconds: rest.first.flatMap(Double.init) ?? 5)
        }
        let options = try Options(arguments)
        let generator = options.inProcess ? "AsyncHTTPClient in the host's process" : "a separate process (pre-signed, keep-alive)"
        print("## Ingest: verified Zoom webhooks, \(fixed(options.seconds, 0)) s per cell, state on a file, load from \(generator)\n")
        print("| path | concurrency | accepted/s | p50 ms | p99 ms | p99.9 ms | errors | host CPU µs/webhook | load CPU µs/webhook |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for path in options.paths {
            let floor = path == "floor"
            guard floor || pathOptions[path] != nil else { throw BenchUsage("unknown path \(path): durable, old or floor") }
            let (name, ingest) = pathOptions[path] ?? ("floor: bare Hummingbird route, nothing else", .durable)
            for concurrency in options.concurrencies {
                let result =
                    floor
                    ? try await IngestFloor.measure(concurrency: concurrency, seconds: options.seconds)
                    : try await measure(concurrency: concurrency, seconds: options.seconds, inProcess: options.inProcess) {
                        $0.stateIngest = ingest
                    }
                let perWebhook = { (cpu: Double?) in cpu.map { fixed($0 / Double(max(result.accepted, 1)) * 1e6, 0) } ?? "–" }
                print(
                    "| \(name) | \(concurrency) | \(fixed(result.rate, 0)) | \(fixed(result.p50, 2)) | \(fixed(result.p99, 2)) | \(fixed(result.p999, 2)) | \(result.errors)\(result.exhausted ? " (pool ran out)" : "") | \(perWebhook(result.hostCPU)) | \(perWebhook(result.loadCPU)) |"
                )
            }
        }
        print("")
    }

    /// `ingest --tenant-files DIR`: writes the benchmark's 8 tenant files into DIR, for a host
    /// (or a cluster) that `ingest --url` then loads.
    static func writeTenantFiles(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for index in 0..<tenants {
            try tenantFile(index).write(toFile: directory + "/bench-\(index).yaml", atomically: true, encoding: .utf8)
        }
        print("wrote \(tenants) tenant files to \(directory)")
    }

    /// `ingest --url BASE [SECONDS]`: loads `BASE/webhooks/zoom` of a host already running
    /// (e.g. a cluster's load balancer) that serves the tenants of `--tenant-files`.
    static func runAgainst(baseURL: String, seconds: Double) async throws {
        print("## Ingest: verified Zoom webhooks to \(baseURL), \(fixed(seconds, 0)) s per cell\n")
        print("| concurrency | accepted/s | p50 ms | p99 ms | p99.9 ms | errors |")
        print("|---:|---:|---:|---:|---:|---:|")
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        for concurrency in [1, 16, 64] {
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let result: Result
            do {
                result = try await load(url: base + "/webhooks/zoom", client: client, concurrency: concurrency, seconds: seconds)
            } catch {
                try await client.shutdown()
                throw error
            }
            try await client.shutdown()
            print(
                "| \(concurrency) | \(fixed(result.rate, 0)) | \(fixed(result.p50, 2)) | \(fixed(result.p99, 2)) | \(fixed(result.p999, 2)) | \(result.errors) |"
            )
        }
        print("")
    }

    struct Result {
        var rate: Double
        var p50: Double
        var p99: Double
        var p999: Double
        var errors: Int
        var accepted = 0
        /// CPU seconds the host's process spent while loaded (with `--in-process`, the generator's too).
        var hostCPU: Double?
        /// CPU seconds of the separate load generator.
        var loadCPU: Double?
        var exhausted = false
    }

    static func tenantFile(_ index: Int) -> String {
        """
        tenant: bench-\(index)
        hubspot:
          portal_id: \(index + 1)
          access_token: ${env:BENCH_TOKEN:-bench}
        business_units:
          - id: 0
            name: Account
            primary: true
            connectors:
              - type: zoom
                account_id: acct-\(index)
                client_id: c
                client_secret: ${env:BENCH_TOKEN:-bench}
                webhook_secret_token: ${env:BENCH_WEBHOOK:-\(secret)}

        """
    }

    /// Runs a host on a state file with 8 Zoom tenants (`configure` adjusts its settings) and
    /// loads its webhook route for `seconds` at `concurrency`, from AsyncHTTPClient in this
    /// process (`inProcess`) or from a separate ``IngestLoad`` process.
    static func measure(
        concurrency: Int, seconds: Double, inProcess: Bool = true, configure: @Sendable (inout HostSettings) -> Void
    ) async throws -> Result {
        let directory = NSTemporaryDirectory() + "switchyard-ingest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/tenants", withIntermediateDirectories: true)
        for index in 0..<tenants {
            try tenantFile(index).write(toFile: directory + "/tenants/t\(index).yaml", atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = HostSettings(port: 0, tenantsDirectory: directory + "/tenants", statePath: directory + "/state.sqlite")
        settings.sandbox = .off
        settings.reconcile = false
        settings.pluginsDirectory = directory + "/no-plugins"
        configure(&settings)
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let host = SwitchyardHost.standard(settings: settings, logger: logger, environment: [:], handlesSignals: false)
        let (hosts, running) = AsyncStream.makeStream(of: RunningHost.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await host.run { running.yield($0) } }
            guard let host = await hosts.first(where: { _ in true }) else { throw CancellationError() }
            let cpuBefore = IngestLoad.processCPUSeconds()
            var result: Result
            if inProcess {
                var configuration = HTTPClient.Configuration()
                configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
                result = try await load(url: host.baseURL + "/webhooks/zoom", client: client, concurrency: concurrency, seconds: seconds)
                try await client.shutdown()
            } else {
                result = try await loadFromProcess(baseURL: host.baseURL, concurrency: concurrency, seconds: seconds)
            }
            result.hostCPU = IngestLoad.processCPUSeconds() - cpuBefore
            group.cancelAll()
            return result
        }
    }

    /// Runs `switchyard-bench ingest-load` against the host and reads its report.
    static func loadFromProcess(baseURL: String, concurrency: Int, seconds: Double) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["ingest-load", baseURL, String(concurrency), String(seconds)]
        let output = Pipe()
        process.standardOutput = output
        // Waits without blocking a thread of the host's (two-thread) concurrency pool; the report is
        // one short line, so the pipe holds it until read.
        let (exits, exited) = AsyncStream.makeStream(of: Void.self)
        process.terminationHandler = { _ in exited.finish() }
        try process.run()
        for await _ in exits {}
        let data = output.fileHandleForReading.readDataToEndOfFile()
        guard process.terminationStatus == 0, let line = data.split(separator: UInt8(ascii: "\n")).last else {
            throw BenchUsage("the load generator failed (exit \(process.terminationStatus))")
        }
        let report = try JSONDecoder().decode(IngestLoad.Report.self, from: Data(line))
        return Result(
            rate: Double(report.accepted) / report.wallSeconds, p50: report.p50, p99: report.p99, p999: report.p999,
            errors: report.errors, accepted: report.accepted, loadCPU: report.cpuSeconds, exhausted: report.exhausted)
    }

    /// One signed delivery (distinct body, so never a duplicate).
    static func request(url: String, sequence: Int) -> HTTPClientRequest {
        let account = "acct-\(sequence % tenants)"
        let body =
            #"{"event":"meeting.started","event_ts":\#(sequence),"payload":{"account_id":"\#(account)","object":{"id":"\#(sequence)","topic":"Bench","host_id":"h"}}}"#
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("v0:\(timestamp):\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "x-zm-request-timestamp", value: timestamp)
        request.headers.add(name: "x-zm-signature", value: "v0=" + HexEncoding.string(mac))
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    static func load(url: String, client: HTTPClient, concurrency: Int, seconds: Double) async throws -> Result {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let started = ContinuousClock.now
        let perWorker = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    var sequence = worker
                    while ContinuousClock.now < deadline {
                        let request = request(url: url, sequence: sequence)
                        sequence += concurrency
                        let sent = ContinuousClock.now
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 16)
                        let elapsed = ContinuousClock.now - sent
                        if response.status == .ok {
                            latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                        } else {
                            errors += 1
                        }
                    }
                    return (latencies, errors)
                }
            }
            return try await group.reduce(into: [([Double], Int)]()) { $0.append($1) }
        }
        let wall = ContinuousClock.now - started
        let latencies = perWorker.flatMap(\.0).sorted()
        let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        return Result(
            rate: Double(latencies.count) / wallSeconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99),
            p999: percentile(latencies, 99.9), errors: perWorker.map(\.1).reduce(0, +), accepted: latencies.count)
    }
}
