import Foundation

/// A backfill forecast in lines of text, as `switchyard backfill --plan` prints it and the
/// console shows it.
public enum BackfillPlanText {
    /// The forecast, line by line.
    public static func lines(_ plan: BackfillPlan) -> [String] {
        var lines: [String] = []
        let since = plan.since.timeIntervalSince1970 <= 0 ? "as far back as the sources keep" : "since \(day(plan.since))"
        lines.append(
            "Backfill of \(plan.tenantID) \(since)" + (plan.retainedSince.map { " (history kept from \(day($0)))" } ?? ""))
        lines.append("Webinars found: \(plan.webinars.count): \(plan.toSync) to sync, \(plan.alreadyDone) synced before")
        for item in plan.webinars {
            let start = item.startTime.map(day) ?? "          "
            let people = item.registrants.map { "\($0) registrants, " } ?? ""
            let skip = item.unsupportedReason.map { " (skipped: \($0))" } ?? ""
            lines.append(
                "  \(start)  \(item.topic) (\(item.webinarID)): \(item.sessions) session(s), \(people)\(item.participants) participants"
                    + " → \(item.action == .sync ? "sync" : "done")\(skip)")
        }
        var account = ""
        for row in plan.sourceRequests {
            if row.account != account {
                account = row.account
                lines.append("\(row.sourceName) requests, account \(row.account):")
            }
            var quota = ""
            if let perDay = row.perDay, let percent = row.dailyQuotaPercent {
                quota = "; \(percentText(percent)) of the daily \(perDay.formatted()) quota"
            }
            lines.append(
                "  \(row.category.padding(toLength: 7, withPad: " ", startingAt: 0)) \(row.listing + row.snapshots) "
                    + "(\(row.listing) listing, \(row.snapshots) snapshots; \(number(row.perSecond))/s\(quota))")
        }
        if plan.sourceRequests.isEmpty { lines.append("Source requests: none") }
        lines.append("HubSpot requests: about \(plan.hubSpotRequests) (the portal allows \(plan.hubSpotRequestsPerTenSeconds) per 10 s)")
        var time =
            "Time at the providers' limits: at least \(duration(plan.estimatedSeconds)) "
            + "(sources \(duration(plan.sourceSeconds)) + HubSpot \(duration(plan.hubSpotSeconds))"
        if plan.quotaDays > 0 { time += " + \(plan.quotaDays) day(s) waiting for the daily quota" }
        lines.append(time + ")")
        lines += plan.notes.map { "Note: " + $0 }
        return lines
    }

    static func day(_ date: Date) -> String { date.formatted(.iso8601.year().month().day()) }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func percentText(_ value: Double) -> String {
        value > 0 && value < 0.1 ? "< 0.1 %" : String(format: "%.1f %%", value)
    }

    /// Seconds as `45 s`, `3 min 20 s` or `2 h 5 min`.
    public static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}
