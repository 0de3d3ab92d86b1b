import AsyncHTTPClient
import Crypto
import Foundation
import Host
import NIOCore

/// Verified Zoom webhooks accepted per second over the host's real HTTP route, state on a
/// file, with the built-in Zoom connector and with `switchyard-zoom` as a plugin (signature
/// check over JSON-RPC), at concurrency 1 and 16. Each request is a distinct, correctly signed
/// delivery for one of 8 tenants; the events are ones the connector ignores, so the inbox
/// worker drains them without API calls (it runs meanwhile, as in production).
enum PluginIngestBenchmark {
    static let secret = "bench-webhook-secret"
    static let tenants = 8

    static func run(_ folders: PluginFolders, seconds: Double) async throws {
        print("## Plugins: webhook ingest (verify + durable store), \(fixed(seconds, 0)) s per cell, HTTP on loopback\n")
        print("| connector | concurrency | accepted/s | p50 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|")
        var rates: [String: Double] = [:]
        for concurrency in [1, 16] {
            for (name, plugins) in [("in-process", folders.none), ("plugin process", folders.zoom)] {
                let result = try await measure(plugins: plugins, concurrency: concurrency, seconds: seconds)
                rates["\(name) \(concurrency)"] = result.rate
                print(
                    "| \(name) | \(concurrency) | \(fixed(result.rate, 0)) | \(fixed(result.p50, 2)) | \(fixed(result.p99, 2)) | \(result.errors) |"
                )
            }
        }
        for concurrency in [1, 16] {
            let ratio = (rates["plugin process \(concurrency)"] ?? 0) / max(rates["in-process \(concurrency)"] ?? 1, 1)
            print("\nconcurrency \(concurrency): plugin / in-process rate \(fixed(ratio, 2)) (target ≥ 0.50)", terminator: "")
        }
        print("\n")
    }

    struct Result {
        var rate: Double
        var p50: Double
        var p99: Double
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

    static func measure(plugins: String, concurrency: Int, seconds: Double) async throws -> Result {
        let directory = NSTemporaryDirectory() + "switchyard-ingest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/tenants", withIntermediateDirectories: true)
        for index in 0..<tenants {
            try tenantFile(index).write(toFile: directory + "/tenants/t\(index).yaml", atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = HostSettings(port: 0, tenantsDirectory: directory + "/tenants", statePath: directory + "/state.sqlite")
        settings.sandbox = .off
        settings.reconcile = false
        settings.pluginsDirectory = plugins
        let host = SwitchyardHost.standard(settings: settings, logger: PluginBenchmark.logger, environment: [:], handlesSignals: false)
        let (hosts, running) = AsyncStream.makeStream(of: RunningHost.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await host.run { running.yield($0) } }
            guard let host = await hosts.first(where: { _ in true }) else { throw CancellationError() }
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let url = host.baseURL + "/webhooks/zoom"
            _ = try await load(url: url, client: client, concurrency: concurrency, seconds: 0.5)  // warm-up
            let result = try await load(url: url, client: client, concurrency: concurrency, seconds: seconds)
            try await client.shutdown()
            group.cancelAll()
            return result
        }
    }

    /// One signed delivery (distinct body, so never a duplicate).
    static func request(url: String, sequence: Int) -> HTTPClientRequest {
        let body =
            #"{"event":"meeting.started","event_ts":\#(sequence),"payload":{"account_id":"acct-\#(sequence % tenants)","object":{"id":"\#(sequence)","topic":"Bench","host_id":"h"}}}"#
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("v0:\(timestamp):\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "x-zm-request-timestamp", value: timestamp)
        request.headers.add(name: "x-zm-signature", value: "v0=" + mac.map { String(format: "%02x", $0) }.joined())
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    static func load(url: String, client: HTTPClient, concurrency: Int, seconds: Double) async throws -> Result {
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int(seconds * 1000))
        let perWorker = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    var sequence = worker + Int.random(in: 0..<1_000_000) * 64
                    while ContinuousClock.now < deadline {
                        let request = request(url: url, sequence: sequence)
                        sequence += concurrency
                        let sent = ContinuousClock.now
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 16)
                        let elapsed = PluginBenchmark.seconds(ContinuousClock.now - sent) * 1000
                        if response.status == .ok {
                            latencies.append(elapsed)
                        } else {
                            if errors == 0 { FileHandle.standardError.write(Data("webhook answered \(response.status)\n".utf8)) }
                            errors += 1
                        }
                    }
                    return (latencies, errors)
                }
            }
            return try await group.reduce(into: [([Double], Int)]()) { $0.append($1) }
        }
        let wall = PluginBenchmark.seconds(ContinuousClock.now - started)
        let latencies = perWorker.flatMap(\.0).sorted()
        return Result(
            rate: Double(latencies.count) / wall, p50: percentile(latencies, 50), p99: percentile(latencies, 99),
            errors: perWorker.map(\.1).reduce(0, +))
    }
}
