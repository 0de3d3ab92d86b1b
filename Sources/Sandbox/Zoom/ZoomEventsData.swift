import Foundation

/// A Zoom Event (Zoom Events API, `GET /zoom_events/events`) hosted in a simulated account.
public struct ZoomEventData: Sendable, Codable, Hashable {
    /// The event id (22 characters).
    public var eventID: String
    /// The event's name.
    public var name: String
    /// `CONFERENCE` (multi-session), `SIMPLE_EVENT` (single session) or `RECURRING`.
    public var eventType: String
    /// `MEETING` or `WEBINAR`, for single-session and recurring events (nil for conferences).
    public var meetingType: String?
    /// `PUBLISHED` or `DRAFT`.
    public var status: String
    /// True when the event was cancelled.
    public var cancelled: Bool
    /// The Zoom user id of the host.
    public var hostID: String
    /// Start of the event.
    public var startTime: Date
    /// End of the event.
    public var endTime: Date
    /// IANA time zone.
    public var timezone: String
    /// The event's sessions.
    public var sessions: [ZoomEventSessionData]

    /// Creates an event.
    public init(
        eventID: String, name: String, eventType: String = "CONFERENCE", meetingType: String? = nil,
        status: String = "PUBLISHED", cancelled: Bool = false, hostID: String, startTime: Date,
        endTime: Date, timezone: String = "UTC", sessions: [ZoomEventSessionData]
    ) {
        self.eventID = eventID
        self.name = name
        self.eventType = eventType
        self.meetingType = meetingType
        self.status = status
        self.cancelled = cancelled
        self.hostID = hostID
        self.startTime = startTime
        self.endTime = endTime
        self.timezone = timezone
        self.sessions = sessions
    }
}

/// A session of a Zoom Event (`GET /zoom_events/events/{eventId}/sessions`).
public struct ZoomEventSessionData: Sendable, Codable, Hashable {
    /// The session type: 0 meeting, 2 webinar, 4 neither.
    public enum Kind: Int, Sendable, Codable, Hashable {
        /// A Zoom meeting (`meeting_id`).
        case meeting = 0
        /// A Zoom webinar (`webinar_id`).
        case webinar = 2
        /// No meeting or webinar.
        case none = 4
    }

    /// The session id (22 characters).
    public var sessionID: String
    /// The session's name.
    public var name: String
    /// Meeting, webinar or neither.
    public var kind: Kind
    /// The webinar number of a webinar session, the meeting number of a meeting session.
    public var zoomID: Int64?
    /// Start of the session.
    public var startTime: Date
    /// End of the session.
    public var endTime: Date

    /// Creates a session.
    public init(
        sessionID: String, name: String, kind: Kind, zoomID: Int64? = nil, startTime: Date,
        endTime: Date
    ) {
        self.sessionID = sessionID
        self.name = name
        self.kind = kind
        self.zoomID = zoomID
        self.startTime = startTime
        self.endTime = endTime
    }
}
