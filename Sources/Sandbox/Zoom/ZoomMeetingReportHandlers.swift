import Foundation
import Hummingbird

/// An item of `GET /report/users/{userId}/meetings`: one held instance of a meeting or webinar.
struct ZoomMeetingReportDTO: Encodable {
    var uuid: String
    var id: Int64
    var type: Int
    var topic: String
    var userName: String
    var userEmail: String
    var startTime: Date
    var endTime: Date
    var duration: Int
    var totalMinutes: Int
    var participantsCount: Int
    var source: String
    var customKeys: [ZoomWebinarReportDTO.KeyValue]
}

/// `GET /report/users/{userId}/meetings`: `from`/`to` and the page around the items.
struct ZoomMeetingReportsDTO: Encodable {
    var from: String
    var to: String
    var list: ZoomListDTO<ZoomMeetingReportDTO>

    func encode(to encoder: any Encoder) throws {
        try list.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
    }

    private enum Key: String, CodingKey { case from, to }
}

extension ZoomAPI {
    /// How far back Zoom's usage reports reach: "the month must fall within the past six months".
    static let reportRetentionMonths = 6

    /// `GET /report/users/{userId}/meetings` (Heavy): the user's past meetings and webinars
    /// between `from` and `to` (required `yyyy-mm-dd`, at most one month apart, within the past
    /// six months), one item per held instance, only those with two or more unique participants.
    func meetingReports(_ call: ZoomCall) async throws -> Response {
        let (account, user) = try requireUser(call) { "User \($0) not exist or not belong to this account." }
        let type = call.query("type") ?? "past"
        guard ["past", "pastOne", "pastJoined"].contains(type) else { throw ZoomAPIError.validationFailed(["type"]) }
        let (from, to) = try Self.reportRange(call)
        let until = to.addingTimeInterval(86_400)
        var held: [(webinar: ZoomWebinarData, instance: ZoomInstanceData)] = []
        for webinar in account.webinars where webinar.hostID == user.id {
            for instance in webinar.instances where instance.startTime >= from && instance.startTime < until {
                if Self.uniqueParticipants(instance) >= 2 { held.append((webinar, instance)) }
            }
        }
        held.sort { $0.instance.startTime < $1.instance.startTime }
        let items: [ZoomMeetingReportDTO] = held.map { Self.reportItem($0.webinar, $0.instance, host: user) }
        let page = try ZoomPaging.page(
            items, request: call.request, scope: "meeting-reports:\(user.id):\(Self.day(from)):\(Self.day(to))",
            maxPageSize: 300, now: call.now)
        let list = ZoomListDTO(key: "meetings", page: page, includePageNumber: false)
        return zoomJSONResponse(ZoomMeetingReportsDTO(from: Self.day(from), to: Self.day(to), list: list))
    }

    private static func uniqueParticipants(_ instance: ZoomInstanceData) -> Int {
        Set(instance.participants.map { $0.registrantID ?? $0.name }).count
    }

    private static func reportItem(_ webinar: ZoomWebinarData, _ instance: ZoomInstanceData, host: ZoomUserData)
        -> ZoomMeetingReportDTO
    {
        let seconds = instance.participants.reduce(0) { $0 + $1.durationSeconds }
        return ZoomMeetingReportDTO(
            uuid: instance.uuid, id: webinar.id, type: webinar.type, topic: webinar.topic,
            userName: "\(host.firstName) \(host.lastName)", userEmail: host.email, startTime: instance.startTime,
            endTime: instance.endTime, duration: instance.durationMinutes, totalMinutes: seconds / 60,
            participantsCount: uniqueParticipants(instance), source: "Zoom", customKeys: [])
    }

    /// The `from`/`to` days of a report request, checked the way Zoom checks them.
    private static func reportRange(_ call: ZoomCall) throws -> (Date, Date) {
        guard let fromText = call.query("from"), let from = parseDay(fromText) else {
            throw ZoomAPIError.validationFailed(["from"])
        }
        guard let toText = call.query("to"), let to = parseDay(toText), to >= from else {
            throw ZoomAPIError.validationFailed(["to"])
        }
        let utc = utcCalendar
        guard let monthLater = utc.date(byAdding: .month, value: 1, to: from), to <= monthLater else {
            throw ZoomAPIError(.badRequest, code: 300, "The date range can only be one month.")
        }
        let earliest = retainedSince(now: call.now)
        guard from >= earliest else {
            throw ZoomAPIError(
                .badRequest, code: 300, "Only provide report in recent 6 months: 'from' must be \(day(earliest)) or later.")
        }
        return (from, to)
    }

    /// The first day a usage report can start at: six months before today (UTC).
    static func retainedSince(now: Date) -> Date {
        let today = utcCalendar.startOfDay(for: now)
        return utcCalendar.date(byAdding: .month, value: -reportRetentionMonths, to: today) ?? today
    }

    private static var utcCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }

    private static func parseDay(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        return try? Date(text + "T00:00:00Z", strategy: .iso8601)
    }

    private static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }
}
