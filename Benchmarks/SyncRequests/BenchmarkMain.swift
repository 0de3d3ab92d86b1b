import Foundation

/// `switchyard-bench SUITE [ARGS…]`, best run from a release build
/// (`swift run -c release switchyard-bench …`). Each suite prints a Markdown table.
///
/// - `sync [N …]` — HubSpot requests of the first sync of a webinar with N registrants.
/// - `tenant-sync [PAST UPCOMING REGISTRANTS]` — HubSpot requests per kind of syncing every
///   webinar of a two-business-unit tenant, one webinar at a time and batched across webinars,
///   beside the batch minimum; then a backfill of its history beside its batch minimum.
/// - `webhooks [PAST UPCOMING REGISTRANTS]` — Zoom requests per 1,000 webhooks, each webhook's
///   webinar snapshotted beside webhooks applied from what they carry.
/// - `teams [N]` — Graph and HubSpot requests of the first sync of a Microsoft Teams webinar
///   with N registrants (default 5000; sample tenant `woodgrove`, `switchyard-teams` out of
///   process), against the batch minimum.
/// - `sync-cpu [N] [RUNS]` — CPU, wall time and requests of one sync of a webinar with N
///   registrants (default 5000), Switchyard beside the Python baseline script
///   (`Benchmarks/PythonBaseline`).
/// - `drain [WEBHOOKS] [WEBINARS] [CONCURRENCY]` — time to apply a burst of registration
///   webhooks (default 100,000 over 50 webinars) under Zoom's Pro rate limits, with the
///   inbox's deepest and oldest point and the requests sent.
/// - `ingest [SECONDS] [--concurrency 1,16,64] [--paths durable,old] [--in-process]` — verified
///   webhooks accepted per second and latency percentiles at each concurrency, durable group
///   commit beside the old per-webhook transaction, with each side's CPU per webhook (the load
///   comes from a separate `ingest-load` process unless `--in-process`).
///   `ingest --url BASE [SECONDS]` loads a host already running at BASE instead (e.g. a
///   cluster's load balancer), which must serve the tenants `ingest --tenant-files DIR` writes.
/// - `tenants [N …]` — `switchyard validate` and `switchyard serve` with N generated tenant
///   files (default 1000 and 10000): time to validate, time until the port answers and until
///   `/health` lists every tenant, then idle CPU and RSS over 30 s.
/// - `plugins [RUNS] [SECONDS]` — the out-of-process Zoom connector beside the in-process one:
///   snapshot of a 5,000-registrant webinar, webhook ingest at concurrency 1 and 16, and the
///   idle RSS of connector processes and of the host per plugin type.
@main
struct BenchmarkMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            try await run(arguments)
        } catch {
            // A plain message (e.g. nothing listens at `ingest --url`), not a crash report.
            FileHandle.standardError.write(Data("switchyard-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    private static func run(_ arguments: [String]) async throws {
        let suite = arguments.first ?? "sync"
        let rest = Array(arguments.dropFirst())
        switch suite {
        case "sync": try await SyncRequestBenchmark.run(rest)
        case "ingest": try await IngestBenchmark.run(rest)
        case "ingest-load": try await IngestLoad.run(rest)
        case "tenants": try await TenantScaleBenchmark.run(rest)
        case "plugins": try await PluginBenchmark.run(rest)
        case "tenant-sync": try await TenantSyncBenchmark.run(rest)
        case "webhooks": try await WebhookBenchmark.run(rest)
        case "sync-cpu": try await SyncCPUBenchmark.run(rest)
        case "drain": try await DrainBenchmark.run(rest)
        case "teams": try await TeamsBenchmark.run(rest)
        default:
            if Int(suite) != nil {
                try await SyncRequestBenchmark.run(arguments)
            } else {
                FileHandle.standardError.write(
                    Data("usage: switchyard-bench sync|sync-cpu|tenant-sync|webhooks|drain|teams|ingest|tenants|plugins [ARGS…]\n".utf8))
                exit(2)
            }
        }
    }
}

/// Percentiles of a sample (nearest rank).
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// `value` with `digits` decimals.
func fixed(_ value: Double, _ digits: Int = 1) -> String {
    String(format: "%.\(digits)f", value)
}
