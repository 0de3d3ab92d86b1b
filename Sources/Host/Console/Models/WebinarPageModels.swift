import Foundation
import SyncEngine

/// A row of the webinar list.
struct WebinarRow: Sendable {
    var id: String
    var href: String
    var topic: String
    var startTime: String
    var hostEmail: String
    var businessUnit: String
    var status: Badge
    var lastSyncedAt: String?
    var registrants: Int
    var attendees: Int
    var excludedEmails: Int

    init(tenantID: String, _ webinar: WebinarSummary) {
        id = webinar.id
        href = ConsolePaths.webinar(tenantID, webinar.id)
        topic = webinar.topic.isEmpty ? "Webinar \(webinar.id)" : webinar.topic
        startTime = ConsoleFormat.date(webinar.startTime)
        hostEmail = webinar.hostEmail ?? "—"
        businessUnit = WebinarRow.unitName(webinar.businessUnit)
        status = webinar.supported ? Badge.syncStatus(webinar.syncStatus) : Badge(label: "Not supported", style: "neutral")
        lastSyncedAt = webinar.lastSyncedAt.map { ConsoleFormat.date($0) }
        registrants = webinar.counts?.registrants ?? 0
        attendees = webinar.counts?.attendees ?? 0
        excludedEmails = webinar.counts?.excludedEmails ?? 0
    }

    static func unitName(_ unit: BusinessUnitReference) -> String {
        unit.name.isEmpty ? "Unit \(unit.id)" : "\(unit.name) (\(unit.id))"
    }
}

/// The webinar list.
struct WebinarListContent: Sendable {
    var webinars: [WebinarRow]
    /// Where "Sync all now" posts to.
    var syncHref: String
    /// Where "Backfill" posts to.
    var backfillHref: String
    /// The tenant's recent runs of several webinars (sync all, backfill).
    var runs: [RunLinkModel]
}

/// One affected item of a warning: who, why in plain language, and detail.
struct AuditItemModel: Sendable {
    var who: String?
    var explanation: String
    var detail: String?

    init(_ item: AuditItem, entry: WebinarAuditEntry) {
        who = item.email ?? item.name
        explanation = entry.explanation(of: item)
        detail = item.detail
    }
}

/// A warning of one of the six kinds, with what to do.
struct AuditWarningModel: Sendable {
    var kind: String
    var style: String
    var title: String
    var whatToDo: String
    var count: Int
    var items: [AuditItemModel]

    init(_ warning: AuditWarning, entry: WebinarAuditEntry) {
        kind = warning.kind.rawValue
        style = warning.kind == .syncError ? "error" : ""
        title = warning.kind.title
        whatToDo = warning.whatToDo
        count = warning.count
        items = warning.items.map { AuditItemModel($0, entry: entry) }
    }
}

/// One entry of a webinar's audit log.
struct AuditEntryModel: Sendable {
    var anchor: String
    var when: String
    var trigger: String
    var status: Badge
    var counts: SyncCounts
    var warnings: [AuditWarningModel]

    init(_ entry: WebinarAuditEntry, index: Int) {
        anchor = "\(index)"
        when = ConsoleFormat.date(entry.startedAt)
        trigger = ConsoleFormat.trigger(entry.trigger, sourceName: entry.sourceName)
        status = Badge.syncStatus(entry.status.rawValue)
        counts = entry.counts
        warnings = entry.warnings.map { AuditWarningModel($0, entry: entry) }
    }
}

/// A run in the webinar page's list of recent runs.
struct RunLinkModel: Sendable {
    var href: String
    var requestedAt: String
    var state: Badge
}

/// The webinar page.
struct WebinarContent: Sendable {
    var id: String
    var startTime: String
    var durationMinutes: Int?
    var hostEmail: String
    var businessUnit: String
    var accountID: String
    var status: Badge
    var lastSyncedAt: String?
    var unsupportedReason: String?
    var syncHref: String
    var runs: [RunLinkModel]
    var entries: [AuditEntryModel]

    init(tenantID: String, webinar: WebinarSummary, entries: [WebinarAuditEntry], runs: [SyncRun]) {
        let row = WebinarRow(tenantID: tenantID, webinar)
        id = webinar.id
        startTime = row.startTime
        durationMinutes = webinar.durationMinutes
        hostEmail = row.hostEmail
        businessUnit = row.businessUnit
        accountID = webinar.accountID
        status = row.status
        lastSyncedAt = row.lastSyncedAt
        unsupportedReason = webinar.unsupportedReason
        syncHref = ConsolePaths.syncNow(tenantID, webinar.id)
        self.runs = runs.filter { $0.webinarID == webinar.id }.prefix(5).map {
            RunLinkModel(href: ConsolePaths.run(tenantID, $0.id), requestedAt: ConsoleFormat.date($0.requestedAt), state: .run($0.state))
        }
        self.entries = entries.enumerated().map { AuditEntryModel($0.element, index: $0.offset) }
    }
}

/// A "Sync now" run page.
struct RunContent: Sendable {
    var state: Badge
    var progressText: String
    var completedSteps: Int
    var totalSteps: Int
    var requestedAt: String
    var startedAt: String?
    var finishedAt: String?
    var finished: Bool
    var error: String?
    var result: AuditEntryModel?
    var webinarHref: String
    /// Runs of several webinars: each webinar synced so far.
    var entries: [AuditEntryModel]
    /// Where "Stop" posts to, while a run of several webinars can still be stopped.
    var stopHref: String?
    /// The backfill's forecast, in lines.
    var plan: [String]

    init(tenantID: String, run: SyncRun) {
        state = .run(run.state)
        progressText = run.progress.description
        completedSteps = run.progress.completedSteps
        totalSteps = max(1, run.progress.totalSteps)
        requestedAt = ConsoleFormat.date(run.requestedAt)
        startedAt = run.startedAt.map { ConsoleFormat.date($0) }
        finishedAt = run.finishedAt.map { ConsoleFormat.date($0) }
        finished = run.state.isFinished
        error = run.error
        result = run.result.map { AuditEntryModel($0, index: 0) }
        webinarHref = run.webinarID.map { ConsolePaths.webinar(tenantID, $0) } ?? ConsolePaths.webinars(tenantID)
        entries = (run.entries ?? []).enumerated().map { AuditEntryModel($0.element, index: $0.offset) }
        stopHref =
            run.kind != .webinar && !run.state.isFinished && run.stopRequested != true ? ConsolePaths.run(tenantID, run.id) + "/stop" : nil
        plan = run.plan.map(BackfillPlanText.lines) ?? []
    }
}
