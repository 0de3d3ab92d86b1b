import ConnectorKit
import Foundation
import Logging

/// Finds the webinars of the account's hosts held since a date in Zoom's usage reports
/// (`GET /report/users/{userId}/meetings`, Heavy), which reach six months back, one month per
/// request, and also show webinars `GET /users/{userId}/webinars` no longer lists (expired 30
/// days after they ran). With each webinar: its sessions, participants, and the requests a
/// snapshot of it will take, so the host can forecast a backfill.
struct ZoomPastWebinarListing: Sendable {
    let api: ZoomAPIClient
    let hosts: [String]
    let plan: String
    let zoomEvents: ZoomEventsDirectory
    let now: @Sendable () -> Date
    let logger: Logger

    /// How far back Zoom keeps usage reports ("within the past six months").
    static let retentionMonths = 6
    /// Report types of webinars: a webinar, a recurring webinar without and with a fixed time.
    static let webinarTypes: Set<Int> = [5, 6, 9]

    func list(since: Date) async throws -> PastWebinarListing {
        let today = Self.utc.startOfDay(for: now())
        let retained = Self.utc.date(byAdding: .month, value: -Self.retentionMonths, to: today) ?? today
        let from = max(Self.utc.startOfDay(for: since), retained)
        var heavyRequests = 0
        var mediumRequests = 0
        let hostEmails: [String]
        if hosts.isEmpty {
            hostEmails = try await api.users().map(\.email)
            mediumRequests += 1
        } else {
            hostEmails = hosts
        }
        var rows: [String: [(report: ZoomMeetingReportDTO, host: String)]] = [:]
        for host in hostEmails {
            for (windowStart, windowEnd) in Self.windows(from: from, to: today) {
                let items: [ZoomMeetingReportDTO]
                do {
                    items = try await api.meetingReports(ofUser: host, from: Self.day(windowStart), to: Self.day(windowEnd))
                } catch let error as ConnectorError where error.kind == .notFound {
                    logger.warning(
                        "A configured Zoom host does not exist in the account; fix the connector's users list",
                        metadata: ["zoom.host": "\(host)", "error": "\(error)"])
                    heavyRequests += 1
                    break
                }
                heavyRequests += max(1, (items.count + ZoomAPIClient.pageSize - 1) / ZoomAPIClient.pageSize)
                for item in items where Self.webinarTypes.contains(item.type ?? 0) {
                    guard let id = item.id?.value, ZoomWebinarID(id) != nil else { continue }
                    rows[id, default: []].append((item, host))
                }
            }
        }
        var webinars = rows.compactMap { id, sessions in pastWebinar(id: id, sessions: sessions, since: from) }
        if webinars.contains(where: { $0.webinar.support == .supported }) {
            let sessions = await zoomEvents.sessions(api: api)
            webinars = webinars.map { item in
                var item = item
                item.webinar = ZoomRecords.marking(item.webinar, sessions: sessions)
                return item
            }
        }
        webinars.sort { ($0.webinar.startTime ?? .distantPast, $0.webinar.id) < ($1.webinar.startTime ?? .distantPast, $1.webinar.id) }
        var notes = [
            "Zoom keeps usage reports for \(Self.retentionMonths) months: webinars held before \(Self.day(retained)) cannot be found.",
            "Zoom no longer lists a webinar 30 days after it ran: its registrations are gone, its attendance comes from the participant report.",
        ]
        if since < retained, since.timeIntervalSince1970 > 0 {  // the epoch: "as far back as Zoom keeps"
            notes[0] += " The start date was moved from \(Self.day(since)) to \(Self.day(retained))."
        }
        return PastWebinarListing(
            webinars: webinars, retainedSince: retained,
            listingRequests: ["Medium": mediumRequests, "Heavy": heavyRequests].filter { $0.value > 0 },
            rateLimits: Self.rateLimits(plan: plan), notes: notes)
    }

    /// One webinar from its report rows (one per held session), or nil when it started before `since`.
    private func pastWebinar(id: String, sessions: [(report: ZoomMeetingReportDTO, host: String)], since: Date) -> PastWebinar? {
        let ordered = sessions.sorted { ($0.report.startTime ?? "") < ($1.report.startTime ?? "") }
        guard let latest = ordered.last, let first = ordered.first,
            let start = ZoomDate.parse(first.report.startTime), start >= since
        else { return nil }
        let uuids = Set(ordered.compactMap(\.report.uuid))
        let participants = ordered.reduce(0) { $0 + ($1.report.participantsCount ?? 0) }
        let end = ZoomDate.parse(latest.report.endTime) ?? start
        let expired = end.addingTimeInterval(30 * 86_400) < now()
        let webinar = Webinar(
            id: id, topic: latest.report.topic ?? "", hostID: "",
            hostEmail: latest.report.userEmail.flatMap { $0.isEmpty ? nil : $0 } ?? latest.host,
            startTime: ZoomDate.parse(latest.report.startTime), durationMinutes: latest.report.duration,
            registrationRequired: true)
        return PastWebinar(
            webinar: webinar, sessions: uuids.count, registrants: nil, participants: participants,
            snapshotRequests: Self.snapshotRequests(
                sessions: ordered.map { $0.report.participantsCount ?? 0 }, expired: expired))
    }

    /// The requests ``ZoomSnapshotter`` sends for a past webinar with these sessions (unique
    /// participants each): the webinar (Light; when expired, its past instances and latest
    /// report instead), three registrant lists (Medium), the past instances (Light), per session
    /// its report and participant pages (Heavy; a participant's rejoins are extra rows, so pages
    /// are counted at 1.5 rows per participant), and the latest recording (Light).
    static func snapshotRequests(sessions: [Int], expired: Bool) -> [String: Int] {
        let pageSize = Double(ZoomAPIClient.pageSize)
        let participantPages = sessions.reduce(0) { $0 + max(1, Int((Double($1) * 1.5 / pageSize).rounded(.up))) }
        return [
            "Light": 3 + (expired ? 1 : 0),
            "Medium": 3,
            "Heavy": sessions.count + participantPages + (expired ? 1 : 0),
        ]
    }

    /// Zoom's limits of a plan: per second per category, and the daily quota of Heavy requests
    /// (Pro 30,000; Business and higher 60,000), shared by the whole account.
    static func rateLimits(plan name: String) -> [SourceRateLimit] {
        let plan = ZoomRatePlan.named(name)
        return ZoomRateCategory.allCases.map { category in
            SourceRateLimit(
                category: category.rawValue, perSecond: Double(plan.perSecond(category)),
                perDay: category == .heavy ? (name == "pro" ? 30_000 : 60_000) : nil)
        }
    }

    /// Report windows of at most one month (Zoom's limit per request), oldest first.
    static func windows(from: Date, to: Date) -> [(Date, Date)] {
        var windows: [(Date, Date)] = []
        var start = from
        while start <= to {
            let monthLater = utc.date(byAdding: .month, value: 1, to: start) ?? to
            let end = min(utc.date(byAdding: .day, value: -1, to: monthLater) ?? to, to)
            windows.append((start, end))
            start = utc.date(byAdding: .day, value: 1, to: end) ?? to.addingTimeInterval(86_400)
        }
        return windows
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }()

    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }
}
