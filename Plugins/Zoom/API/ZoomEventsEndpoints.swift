import ConnectorKit
import Foundation

/// An event of `GET /zoom_events/events` (Zoom Events API).
struct ZoomEventDTO: Decodable, Sendable {
    var eventId: String?
    var name: String?
    /// `CONFERENCE` (multi-session), `SIMPLE_EVENT` (single session) or `RECURRING`.
    var eventType: String?
    /// `MEETING` or `WEBINAR`, for single-session and recurring events.
    var meetingType: String?
    /// `PUBLISHED` or `DRAFT`.
    var status: String?
}

/// `GET /zoom_events/events`: `events` paged by `next_page_token`.
struct ZoomEventsPage: ZoomTokenPage {
    var events: [ZoomEventDTO]?
    var nextPageToken: String?
    var items: [ZoomEventDTO] { events ?? [] }
}

/// A session of `GET /zoom_events/events/{eventId}/sessions`.
struct ZoomEventSessionDTO: Decodable, Sendable {
    /// The type of session Zoom Events documents for a webinar session.
    static let webinarType = 2

    var sessionId: String?
    var name: String?
    /// `0` meeting, `2` webinar, `4` neither.
    var type: Int?
    /// The webinar number (int64) of a webinar session; null while the event is unpublished.
    var webinarId: ZoomFlexibleID?
}

/// `GET /zoom_events/events/{eventId}/sessions` (not paged; at most 200 sessions).
struct ZoomEventSessionsDTO: Decodable, Sendable {
    var sessions: [ZoomEventSessionDTO]?
}

/// Zoom Events error codes of the sessions list.
enum ZoomEventsErrorCode {
    /// 403: "Event access denied."
    static let accessDenied = 260_200
    /// 404: "Event not found."
    static let eventNotFound = 2002
}

extension ZoomAPIClient {
    /// `GET /zoom_events/events?role_type=host&event_status_type=…` (Light): the events the
    /// app's user hosts with the given status (`upcoming` or `past`). Needs a Zoom Webinars
    /// Plus or Events license and the scope `zoom_events_basic:read[:admin]`.
    func hostedZoomEvents(status: String) async throws -> [ZoomEventDTO] {
        try await allPages(
            ZoomEventsPage.self, path: "/zoom_events/events",
            query: [("role_type", "host"), ("event_status_type", status)], category: .light,
            operation: "list the account's \(status) Zoom Events")
    }

    /// `GET /zoom_events/events/{eventId}/sessions` (Light). Needs the scope
    /// `zoom_events_sessions:read[:admin]`.
    func zoomEventSessions(eventID: String) async throws -> [ZoomEventSessionDTO] {
        try await get(
            ZoomEventSessionsDTO.self,
            ZoomRequest(
                path: "/zoom_events/events/\(ZoomPath.encode(eventID))/sessions", category: .light,
                operation: "list the sessions of Zoom Event \(eventID)")
        ).sessions ?? []
    }
}
