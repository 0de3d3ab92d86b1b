import Foundation
import SyncEngine

/// A coloured label; `style` is one of the stylesheet's badge classes (`ok`, `warn`, `bad`,
/// `info`, `neutral`). The label always says it in words, so colour is never the only signal.
struct Badge: Sendable, Hashable {
    var label: String
    var style: String

    static func onOff(_ on: Bool) -> Badge { on ? Badge(label: "On", style: "ok") : Badge(label: "Off", style: "neutral") }

    /// The status of a webinar's last sync (`WebinarSummary.syncStatus`, `SyncStatus` raw values).
    static func syncStatus(_ raw: String) -> Badge {
        switch raw {
        case SyncStatus.synced.rawValue: Badge(label: "Synced", style: "ok")
        case SyncStatus.syncedWithWarnings.rawValue: Badge(label: "Synced with warnings", style: "warn")
        case SyncStatus.skipped.rawValue: Badge(label: "Skipped", style: "neutral")
        case SyncStatus.failed.rawValue: Badge(label: "Failed", style: "bad")
        default: Badge(label: "Not synced yet", style: "neutral")
        }
    }

    /// The state of a tenant file.
    static func health(_ state: TenantStatus.State, connectorFailing: Bool = false) -> Badge {
        switch state {
        case .ok: Badge(label: "Healthy", style: "ok")
        case .degraded where connectorFailing: Badge(label: "Degraded: a connector is failing", style: "warn")
        case .degraded: Badge(label: "Degraded: file has errors", style: "warn")
        case .error: Badge(label: "Not running", style: "bad")
        }
    }

    /// The state of a "Sync now" run.
    static func run(_ state: SyncRun.State) -> Badge {
        switch state {
        case .queued: Badge(label: "Queued", style: "info")
        case .running: Badge(label: "Running", style: "info")
        case .succeeded: Badge(label: "Done", style: "ok")
        case .failed: Badge(label: "Failed", style: "bad")
        case .stopped: Badge(label: "Stopped", style: "warn")
        }
    }
}

/// How the console writes dates, triggers and selections.
enum ConsoleFormat {
    /// `2026-11-20 14:05 UTC`.
    static func date(_ date: Date?) -> String {
        guard let date else { return "—" }
        return date.formatted(
            Date.VerbatimFormatStyle(
                format:
                    "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits) UTC",
                timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
    }

    /// What started a sync, in words; `sourceName` is the source's name (e.g. "… webhook").
    static func trigger(_ raw: String, sourceName: String?) -> String {
        switch raw {
        case "webhook": sourceName.map { "\($0) webhook" } ?? "Webhook"
        case "schedule": "Scheduled reconcile"
        case "sync_now": "Sync now"
        case "backfill": "Backfill"
        default: raw.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }

    /// A host selection (`none`, `all`, `selected`) in the words of the settings page;
    /// `sourceNames` names the tenant's sources (e.g. "All … users"), empty for none.
    static func selection(_ mode: String, users: [String], sourceNames: String) -> String {
        let kind = sourceNames.isEmpty ? "" : sourceNames + " "
        return switch mode {
        case "none": "No \(kind)users"
        case "all": "All \(kind)users"
        default: users.count == 1 ? "1 selected \(kind)user:" : "\(users.count) selected \(kind)users:"
        }
    }

    /// `Yes` / `No`.
    static func yesNo(_ value: Bool) -> String { value ? "Yes" : "No" }

    /// A path segment, percent-encoded.
    static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}
