import Foundation
import Host

/// Verified Zoom webhooks accepted per second over the host's real HTTP route, state on a
/// file, with the built-in Zoom connector and with `switchyard-zoom` as a plugin (signature
/// check over JSON-RPC), at concurrency 1 and 16. Each request is a distinct, correctly signed
/// delivery for one of 8 tenants; the events are ones the connector ignores, so the inbox
/// worker drains them without API calls (it runs meanwhile, as in production).
enum PluginIngestBenchmark {
    static func run(_ folders: PluginFolders, seconds: Double) async throws {
        print("## Plugins: webhook ingest (verify + durable store), \(fixed(seconds, 0)) s per cell, HTTP on loopback\n")
        print("| connector | concurrency | accepted/s | p50 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|")
        var rates: [String: Double] = [:]
        for concurrency in [1, 16] {
            for (name, plugins) in [("in-process", folders.none), ("plugin process", folders.zoom)] {
                let result = try await IngestBenchmark.measure(concurrency: concurrency, seconds: seconds) {
                    $0.pluginsDirectory = plugins
                }
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
}
