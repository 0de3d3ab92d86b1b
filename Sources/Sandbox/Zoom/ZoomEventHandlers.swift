import Foundation
import Hummingbird

/// An item of `GET /zoom_events/events`.
struct ZoomEventDTO: Encodable {
    var eventId: String
    var name: String
    var description: String
    var timezone: String
    var eventType: String
    var meetingType: String?
    var accessLevel: String
    var status: String
    var startTime: Date
    var endTime: Date
    var attendanceType: String

    init(_ event: ZoomEventData) {
        eventId = event.eventID
        name = event.name
        description = "A sandbox Zoom Event."
        timezone = event.timezone
        eventType = event.eventType
        meetingType = event.meetingType
        accessLevel = "PUBLIC"
        status = event.status
        startTime = event.startTime
        endTime = event.endTime
        attendanceType = "virtual"
    }
}

/// An item of `GET /zoom_events/events/{eventId}/sessions`.
struct ZoomEventSessionDTO: Encodable {
    var sessionId: String
    var name: String
    var description: String
    var timezone: String
    var type: Int
    var webinarId: Int64?
    var meetingId: Int64?
    var startTime: Date
    var endTime: Date

    init(_ session: ZoomEventSessionData, event: ZoomEventData) {
        sessionId = session.sessionID
        name = session.name
        description = ""
        timezone = event.timezone
        type = session.kind.rawValue
        // "This id is null for an unpublished event."
        let published = event.status == "PUBLISHED"
        webinarId = session.kind == .webinar && published ? session.zoomID : nil
        meetingId = session.kind == .meeting && published ? session.zoomID : nil
        startTime = session.startTime
        endTime = session.endTime
    }
}

/// `GET /zoom_events/events`: `total_records`, `next_page_token` and `events`.
private struct ZoomEventsPageDTO: Encodable {
    var totalRecords: Int
    var nextPageToken: String
    var events: [ZoomEventDTO]
}

/// `GET /zoom_events/events/{eventId}/sessions`: `total_records` and `sessions`.
private struct ZoomEventSessionsDTO: Encodable {
    var totalRecords: Int
    var sessions: [ZoomEventSessionDTO]
}

extension ZoomAPIError {
    /// 400 for an account without a Zoom Webinars Plus or Events license.
    static let noZoomEventsLicense = ZoomAPIError(
        .badRequest, code: 200,
        "No permission. A Zoom Webinars Plus or Zoom Events license is required to use this API.")
    /// 403 code 260200 (sessions of an event the caller may not see).
    static let eventAccessDenied = ZoomAPIError(.forbidden, code: 260_200, "Event access denied.")
    /// 404 code 2002.
    static let eventNotFound = ZoomAPIError(.notFound, code: 2002, "Event not found.")
}

extension ZoomAPI {
    /// `GET /zoom_events/events` — `role_type` host|attendee (default attendee),
    /// `event_status_type` upcoming|past|draft|cancelled (default upcoming; attendees only
    /// upcoming and past), paged by `next_page_token` (at most 300). The app acts for the
    /// account, which hosts every event of its users and holds no tickets: as `attendee` the
    /// list is empty.
    func listZoomEvents(_ call: ZoomCall) async throws -> Response {
        guard let account = store.account(call.accountID), account.zoomEventsLicensed else {
            throw ZoomAPIError.noZoomEventsLicense
        }
        let role = call.query("role_type") ?? "attendee"
        let status = call.query("event_status_type") ?? "upcoming"
        guard ["host", "attendee"].contains(role) else { throw ZoomAPIError.validationFailed(["role_type"]) }
        let statuses = role == "host" ? ["upcoming", "past", "draft", "cancelled"] : ["upcoming", "past"]
        guard statuses.contains(status) else { throw ZoomAPIError.validationFailed(["event_status_type"]) }
        let events =
            role == "host"
            ? account.events.filter { Self.eventStatus($0, now: call.now) == status }
                .sorted { ($0.startTime, $0.eventID) < ($1.startTime, $1.eventID) }
            : []
        let page = try ZoomPaging.page(
            events.map(ZoomEventDTO.init), request: call.request, scope: "zoom_events:\(role):\(status)",
            maxPageSize: 300, now: call.now)
        return zoomJSONResponse(
            ZoomEventsPageDTO(
                totalRecords: page.totalRecords, nextPageToken: page.nextPageToken, events: page.items))
    }

    /// `GET /zoom_events/events/{eventId}/sessions` — 404 code 2002 for an event the account
    /// does not have; 403 code 260200 without the license.
    func listZoomEventSessions(_ call: ZoomCall) async throws -> Response {
        guard let account = store.account(call.accountID), account.zoomEventsLicensed else {
            throw ZoomAPIError.eventAccessDenied
        }
        let eventID = call.rawPath("eventId").removingPercentEncoding ?? ""
        guard let event = account.events.first(where: { $0.eventID == eventID }) else {
            throw ZoomAPIError.eventNotFound
        }
        let sessions = event.sessions.map { ZoomEventSessionDTO($0, event: event) }
        return zoomJSONResponse(ZoomEventSessionsDTO(totalRecords: sessions.count, sessions: sessions))
    }

    /// Which `event_status_type` lists an event.
    static func eventStatus(_ event: ZoomEventData, now: Date) -> String {
        if event.cancelled { return "cancelled" }
        if event.status != "PUBLISHED" { return "draft" }
        return event.endTime > now ? "upcoming" : "past"
    }
}
