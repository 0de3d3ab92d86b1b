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
enum IngestBenchmark {
    static let secret = "bench-webhook-secret"
    static let tenants = 8

    static func run(_ arguments: [String]) async throws {
        if let flag = arguments.firstIndex(of: "--tenant-files"), arguments.indices.contains(flag + 1) {
            return try writeTenantFiles(to: arguments[flag + 1])
        }
        if let flag = arguments.firstIndex(of: "--url"), arguments.indices.contains(flag + 1) {
            var rest = arguments
            rest.removeSubrange(flag...(flag + 1))
            return try await runAgainst(baseURL: arguments[flag + 1], seconds: rest.first.flatMap(Double.init) ?? 5)
        }
        let seconds = arguments.first.flatMap(Double.init) ?? 5
        print("## Ingest: verified Zoom webhooks, \(fixed(seconds, 0)) s per cell, state on a file\n")
        print("| path | concurrency | accepted/s | p50 ms | p99 ms | p99.9 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for (name, options) in [("durable group commit", SQLiteIngestOptions.durable), ("old: txn per webhook, NORMAL", .perAppendNormal)] {
            for concurrency in [1, 16, 64] {
                let result = try await measure(options: options, concurrency: concurrency, seconds: seconds)
                print(
                    "| \(name) | \(concurrency) | \(fixed(result.rate, 0)) | \(fixed(result.p50, 2)) | \(fixed(result.p99, 2)) | \(fixed(result.p999, 2)) | \(result.errors) |"
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

    static func measure(options: SQLiteIngestOptions, concurrency: Int, seconds: Double) async throws -> Result {
        try await measure(concurrency: concurrency, seconds: seconds) { $0.stateIngest = options }
    }

    /// Runs a host on a state file with 8 Zoom tenants (`configure` adjusts its settings) and
    /// loads its webhook route for `seconds` at `concurrency`.
    static func measure(
        concurrency: Int, seconds: Double, configure: @Sendable (inout HostSettings) -> Void
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
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let result = try await load(url: host.baseURL + "/webhooks/zoom", client: client, concurrency: concurrency, seconds: seconds)
            try await client.shutdown()
            group.cancelAll()
            return result
        }
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
            p999: percentile(latencies, 99.9), errors: perWorker.map(\.1).reduce(0, +))
    }
}
