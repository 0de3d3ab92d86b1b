import ArgumentParser
import Foundation
import Host
import Logging
import Store
import SyncEngine

/// `switchyard audit TENANT WEBINAR`: a webinar's audit log, read from the state store.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print a webinar's audit log: each sync, its status, counts and warnings with what to do."
    )

    @Argument(help: "Tenant id.") var tenant: String
    @Argument(help: "Webinar id (digits).") var webinar: String
    @Option(name: .long, help: "SQLite state file or postgres:// URL (env SWITCHYARD_STATE; default .switchyard/state.sqlite).")
    var state: String?
    @Option(name: .long, help: "How many syncs to show, newest first.") var limit = 5
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let setting = state ?? environment["SWITCHYARD_STATE"] ?? ".switchyard/state.sqlite"
        var settings = HostSettings()
        try StateSetting.apply(setting, to: &settings, environment: environment)
        if let path = settings.statePath, !FileManager.default.fileExists(atPath: path) {
            printError("switchyard: no state file at \(path); run the host first or pass --state")
            throw ExitCode.failure
        }
        var logger = Logger(label: "switchyard")
        logger.logLevel = .critical
        let opened: OpenedStateStore
        do {
            opened = try await OpenedStateStore.open(settings, logger: logger)
        } catch {
            printError("switchyard: \(error.message)")
            throw ExitCode.failure
        }
        let entries = try await WebinarCatalog(store: opened.store).auditLog(tenantID: tenant, webinarID: webinar, limit: limit)
        await opened.close()
        if json {
            print(try jsonText(entries))
            return
        }
        guard !entries.isEmpty else {
            print("No sync of webinar \(webinar) recorded for tenant '\(tenant)'.")
            throw ExitCode.failure
        }
        print(entries.map(AuditText.render).joined(separator: "\n\n"))
    }
}

/// Plain-text rendering of audit entries.
enum AuditText {
    static func render(_ entry: WebinarAuditEntry) -> String {
        let counts = entry.counts
        var lines = [
            "\(entry.startedAt.formatted(.iso8601))  \(entry.trigger)  \(entry.status.rawValue)  webinar \(entry.webinarID) \(entry.topic.map { "“\($0)”" } ?? "")",
            "  registrants \(counts.registrants), attendees \(counts.attendees), cancellations \(counts.cancellations); "
                + "written: contacts \(counts.contactsUpserted), participations \(counts.participationsRecorded), "
                + "timeline events \(counts.timelineEventsCreated), calls \(counts.callsWritten); excluded emails \(counts.excludedEmails)",
        ]
        for warning in entry.warnings {
            lines.append("  ⚠ \(warning.title) (\(warning.count))")
            for item in warning.items.prefix(50) {
                let who = item.email ?? item.name.map { "\"\($0)\"" } ?? "—"
                lines.append("      \(who): \(entry.explanation(of: item))\(item.detail.map { " (\($0))" } ?? "")")
            }
            if warning.items.count > 50 { lines.append("      … and \(warning.items.count - 50) more (use --json)") }
            lines.append("    What to do: \(warning.whatToDo)")
        }
        return lines.joined(separator: "\n")
    }
}
