import ArgumentParser
import AsyncHTTPClient
import Dispatch
import Foundation
import Host
import Synchronization
import SyncEngine

/// `switchyard backfill TENANT [--since DATE] [--plan]`: syncs the webinars the sources'
/// history still holds, through a running host.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Sync past webinars from the sources' history (e.g. Zoom's reports), further back than their webinar lists.",
        discussion: """
            Runs through a running host (--host), which owns the tenant's rate limits and sync queue, so a backfill shares \
            them with webhooks and reconciles and shows in the console. --plan prints the forecast only: webinars found, \
            source requests by rate-limit category with the share of a daily quota, HubSpot requests and the time both \
            providers' limits allow. Ctrl-C stops after the webinars in progress (those already read are written); run the command again to resume \
            (webinars synced before are not synced again).
            """
    )

    @Argument(help: "Tenant id.") var tenant: String
    @Option(name: .long, help: "Earliest start day, YYYY-MM-DD (UTC). Default: as far back as the sources keep history.")
    var since: String?
    @Flag(name: .long, help: "Print the forecast and stop.") var plan = false
    @Option(name: .long, help: "The running host.") var host = "http://127.0.0.1:8080"
    @Option(name: .long, help: "Bearer token.") var token: String?
    @Option(name: .long, help: "Tenants directory (to read the tenant's admin token).") var tenants = "tenants"

    func validate() throws {
        if let since, since.count != 10 || (try? Date(since + "T00:00:00Z", strategy: .iso8601)) == nil {
            throw ValidationError("--since must be a day such as 2026-06-01 (YYYY-MM-DD), not '\(since)'")
        }
    }

    func run() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        let api = HostAPIClient(
            host: host, bearer: try HostAPIClient.token(token, tenant: tenant, tenantsDirectory: tenants), client: client)
        let query = since.map { "?since=\($0)" } ?? ""
        if plan {
            let forecast: BackfillPlan = try await api.call("GET", "/api/v1/tenants/\(tenant)/backfill/plan\(query)")
            BackfillPlanText.lines(forecast).forEach { print($0) }
            return
        }
        let interrupt = Interrupt()
        let terminal = isatty(STDOUT_FILENO) == 1
        var planPrinted = false
        var stopSent = false
        let started: SyncRun = try await api.call("POST", "/api/v1/tenants/\(tenant)/backfill\(query)")
        let run = try await api.follow(started, tenant: tenant) { run in
            if let forecast = run.plan, !planPrinted {
                planPrinted = true
                if terminal { print("") }
                BackfillPlanText.lines(forecast).forEach { print($0) }
            }
            if interrupt.happened, !stopSent, !run.state.isFinished {
                stopSent = true
                let _: SyncRun = try await api.call("POST", "/api/v1/tenants/\(tenant)/sync-runs/\(run.id)/stop")
                print("\nStopping after the webinars in progress…")
            }
            if terminal {
                Progress.draw(done: run.progress.completedSteps, total: run.progress.totalSteps, label: run.progress.description)
            }
        }
        if terminal { print("") }
        let entries = run.entries ?? []
        for entry in entries where entry.status == .failed { print(AuditText.render(entry)) }
        let failed = entries.filter { $0.status == .failed }.count
        print("\(entries.count) webinar(s) synced: \(entries.count - failed) ok, \(failed) failed")
        if run.state == .stopped {
            print(
                "Stopped. Run `switchyard backfill \(tenant)\(since.map { " --since \($0)" } ?? "")` again to resume; webinars synced are not synced again."
            )
            throw ExitCode(130)
        }
        if run.state == .failed { throw ExitCode.failure }
    }
}

/// Ctrl-C while a backfill runs: noted, so the run is stopped through the host instead of
/// the process dying mid-request.
private final class Interrupt {
    private final class Flag: Sendable {
        let value = Mutex(false)
    }

    private let flag = Flag()
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [flag] in flag.value.withLock { $0 = true } }
        source.resume()
    }

    var happened: Bool { flag.value.withLock { $0 } }
}
