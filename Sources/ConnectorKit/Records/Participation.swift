import Foundation

/// A person's registration for a webinar.
public struct Registration: Sendable, Codable, Hashable {
    /// Approval state in the source.
    public enum Status: String, Sendable, Codable, Hashable {
        case approved, pending, denied
    }

    /// The webinar's numeric id.
    public var webinarID: String
    /// The source's registrant id, when known.
    public var registrantID: String?
    /// The email the person registered with, as given (may be invalid; rules decide).
    public var email: String
    /// First name, when given.
    public var firstName: String?
    /// Last name, when given.
    public var lastName: String?
    /// Approval state.
    public var status: Status
    /// When the person registered.
    public var registeredAt: Date?
    /// The person's own join URL.
    public var joinURL: String?

    /// Creates a registration record.
    public init(
        webinarID: String,
        registrantID: String? = nil,
        email: String,
        firstName: String? = nil,
        lastName: String? = nil,
        status: Status = .approved,
        registeredAt: Date? = nil,
        joinURL: String? = nil
    ) {
        self.webinarID = webinarID
        self.registrantID = registrantID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.status = status
        self.registeredAt = registeredAt
        self.joinURL = joinURL
    }
}

/// A registration that was cancelled.
public struct Cancellation: Sendable, Codable, Hashable {
    /// The webinar's numeric id.
    public var webinarID: String
    /// The source's registrant id, when known.
    public var registrantID: String?
    /// The email of the cancelled registration.
    public var email: String
    /// When it was cancelled, when known.
    public var cancelledAt: Date?

    /// Creates a cancellation record.
    public init(
        webinarID: String, registrantID: String? = nil, email: String, cancelledAt: Date? = nil
    ) {
        self.webinarID = webinarID
        self.registrantID = registrantID
        self.email = email
        self.cancelledAt = cancelledAt
    }
}

/// One join/leave pair of an attendee.
public struct AttendanceSession: Sendable, Codable, Hashable {
    /// When the person joined.
    public var joinedAt: Date
    /// When the person left.
    public var leftAt: Date
    /// Seconds attended in this session.
    public var durationSeconds: Int

    /// Creates a session.
    public init(joinedAt: Date, leftAt: Date, durationSeconds: Int) {
        self.joinedAt = joinedAt
        self.leftAt = leftAt
        self.durationSeconds = durationSeconds
    }
}

/// One person's attendance of one webinar instance, merged across all their sessions.
public struct Attendance: Sendable, Codable, Hashable {
    /// Where the email came from.
    public enum EmailSource: String, Sendable, Codable, Hashable {
        /// The participant record carried it.
        case participant
        /// The participant had none (a guest) and was matched to its registration by registrant id.
        case registrant
    }

    /// The webinar's numeric id.
    public var webinarID: String
    /// The instance attended.
    public var instanceUUID: String
    /// The email to sync under.
    public var email: String
    /// Display name in the source.
    public var name: String?
    /// The registrant id linking it to a registration, when known.
    public var registrantID: String?
    /// Every join/leave session, ordered by join time.
    public var sessions: [AttendanceSession]
    /// Total seconds attended (sum of sessions, overlaps counted once).
    public var totalSeconds: Int
    /// Attended share of the instance's actual length, 0–100, capped at 100; nil when the
    /// length is unknown.
    public var percentOfWebinar: Double?
    /// Where ``email`` came from.
    public var emailSource: EmailSource

    /// Creates an attendance record.
    public init(
        webinarID: String,
        instanceUUID: String,
        email: String,
        name: String? = nil,
        registrantID: String? = nil,
        sessions: [AttendanceSession],
        totalSeconds: Int,
        percentOfWebinar: Double?,
        emailSource: EmailSource = .participant
    ) {
        self.webinarID = webinarID
        self.instanceUUID = instanceUUID
        self.email = email
        self.name = name
        self.registrantID = registrantID
        self.sessions = sessions
        self.totalSeconds = totalSeconds
        self.percentOfWebinar = percentOfWebinar
        self.emailSource = emailSource
    }

    /// First join of the merged sessions.
    public var firstJoinedAt: Date? { sessions.map(\.joinedAt).min() }
    /// Last leave of the merged sessions.
    public var lastLeftAt: Date? { sessions.map(\.leftAt).max() }
}

/// A participant who could not be turned into an ``Attendance`` (e.g. a guest with no email
/// and no registration to match).
public struct UnmatchedParticipant: Sendable, Codable, Hashable {
    /// Display name in the source.
    public var name: String
    /// Why it could not be synced, in words a user understands.
    public var reason: String

    /// Creates a record.
    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }
}
