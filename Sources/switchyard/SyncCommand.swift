import ArgumentParser
import AsyncHTTPClient
import ConnectorKit
import Foundation
import Composition
import Host
import Logging
import NIOCore
import SyncEngine
import TenantConfig

/// `switchyard sync TENANT [--webinar ID] [--standalone]`: "sync now" through a running host,
/// or standing alone on the state store.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Run a full sync of one webinar (or of every due one the sources list) and print a summary.",
        discussion: """
            By default through a running host (--host), authenticated with --token, $SWITCHYARD_OPERATOR_TOKEN, or the \
            tenant's own admin token from its tenant file. With --standalone, without a host: the tenant is loaded from \
            --tenants and synced on the state file (--state); sandbox tenants need a running `switchyard sandbox` (--sandbox-url).
            """
    )

    @Argument(help: "Tenant id.") var tenant: String
    @Option(
        name: .long,
        help:
            "Webinar id (digits; spaces and dashes are removed). Default: every webinar the sources list that is due (never fully synced, or recent)."
    )
    var webinar: String?
    @Option(name: .long, help: "The running host.") var host = "http://127.0.0.1:8080"
    @Option(name: .long, help: "Bearer token.") var token: String?
    @Option(name: .long, help: "Tenants directory (to read the tenant's admin token).") var tenants = "tenants"
    @Flag(name: .long, help: "Sync without a running host, on the state file.") var standalone = false
    @Option(
        name: .long,
        help: "With --standalone: SQLite state file or postgres:// URL (env SWITCHYARD_STATE; default .switchyard/state.sqlite).")
    var state: String?
    @Option(name: .long, help: "With --standalone: the running sandbox for sandbox tenants (env SWITCHYARD_SANDBOX_URL).")
    var sandboxURL: String?

    func run() async throws {
        let requested = try webinar.map { [try Self.webinarID($0)] }
        let entries = standalone ? try await runStandalone(requested) : try await runOnHost(requested)
        for entry in entries { print(AuditText.render(entry)) }
        let failed = entries.filter { $0.status == .failed }.count
        print("\(entries.count) webinar(s) synced: \(entries.count - failed) ok, \(failed) failed")
        if failed > 0 { throw ExitCode.failure }
    }

    private static func webinarID(_ text: String) throws -> String {
        guard let digits = GroupedDigits.digits(text), digits.count <= 20 else {
            printError(
                "switchyard: '\(text)' is not a webinar id; use its digits, e.g. 81234567890 (single spaces or dashes between groups are fine)"
            )
            throw ExitCode.failure
        }
        return digits
    }

    private func runStandalone(_ requested: [String]?) async throws -> [WebinarAuditEntry] {
        let environment = ProcessInfo.processInfo.environment
        var settings = HostSettings(tenantsDirectory: tenants)
        if let setting = state ?? environment["SWITCHYARD_STATE"] {
            try StateSetting.apply(setting, to: &settings, environment: environment)
        }
        settings.sandboxURL = sandboxURL ?? environment["SWITCHYARD_SANDBOX_URL"]
        var logger = Logger(label: "switchyard")
        logger.logLevel = .critical  // failures are printed as messages below
        let terminal = isatty(STDOUT_FILENO) == 1
        do {
            let entries = try await StandaloneSync.standard(settings: settings, logger: logger).run(tenant: tenant, webinarIDs: requested) {
                done, total, label in
                if terminal { Progress.draw(done: done, total: total, label: label) }
            }
            if terminal {
                Progress.draw(done: entries.count, total: entries.count, label: "done")
                print("")
            }
            return entries
        } catch let error as HostStartupError {
            printError("switchyard: \(error.message)")
            throw ExitCode.failure
        }
    }

    private func runOnHost(_ requested: [String]?) async throws -> [WebinarAuditEntry] {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        let api = HostAPIClient(
            host: host, bearer: try HostAPIClient.token(token, tenant: tenant, tenantsDirectory: tenants), client: client)
        let terminal = isatty(STDOUT_FILENO) == 1
        guard let requested else {
            // Every due webinar the tenant's sources list, not only those the host knows already.
            let run = try await api.follow(try await api.call("POST", "/api/v1/tenants/\(tenant)/sync"), tenant: tenant) { run in
                if terminal {
                    Progress.draw(done: run.progress.completedSteps, total: run.progress.totalSteps, label: run.progress.description)
                }
            }
            if terminal { print("") }
            if let error = run.error, run.entries?.isEmpty ?? true { printError("switchyard: \(error)") }
            return run.entries ?? []
        }
        var entries: [WebinarAuditEntry] = []
        for (index, id) in requested.enumerated() {
            if terminal { Progress.draw(done: index, total: requested.count, label: id) }
            let run = try await api.follow(try await api.call("POST", "/api/v1/tenants/\(tenant)/webinars/\(id)/sync"), tenant: tenant)
            guard let entry = run.result else {
                printError("switchyard: the sync of webinar \(id) failed: \(run.error ?? "no result")")
                throw ExitCode.failure
            }
            entries.append(entry)
        }
        if terminal {
            Progress.draw(done: requested.count, total: requested.count, label: "done")
            print("")
        }
        return entries
    }
}

/// A one-line progress bar on a terminal.
enum Progress {
    static func draw(done: Int, total: Int, label: String) {
        let width = 30
        let filled = total == 0 ? 0 : min(width, done * width / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardOutput.write(Data("\r\(bar) \(done)/\(total) \(label)\u{1B}[K".utf8))
    }
}
