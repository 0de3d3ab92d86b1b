import Foundation

/// A webinar as its source system describes it.
public struct Webinar: Sendable, Codable, Hashable {
    /// Whether the host can sync a webinar, and if not, why.
    public enum Support: Sendable, Hashable {
        /// A regular webinar.
        case supported
        /// A webinar the integration does not sync (e.g. one that belongs to an event product the integration skips), with the reason.
        case unsupported(reason: String)
    }

    /// The webinar's numeric id, as digits (e.g. `81234567890`).
    public var id: String
    /// The topic (title).
    public var topic: String
    /// The source's id of the host user.
    public var hostID: String
    /// The host's email address, when known.
    public var hostEmail: String?
    /// Scheduled start (the next or only occurrence).
    public var startTime: Date?
    /// Scheduled length in minutes.
    public var durationMinutes: Int?
    /// IANA time zone of the schedule.
    public var timezone: String?
    /// URL attendees join with.
    public var joinURL: String?
    /// URL people register at (when registration is enabled).
    public var registrationURL: String?
    /// Whether registration is required to attend.
    public var registrationRequired: Bool
    /// When the webinar was created in the source.
    public var createdAt: Date?
    /// Whether the integration supports it.
    public var support: Support

    /// Creates a webinar record.
    public init(
        id: String,
        topic: String,
        hostID: String,
        hostEmail: String? = nil,
        startTime: Date? = nil,
        durationMinutes: Int? = nil,
        timezone: String? = nil,
        joinURL: String? = nil,
        registrationURL: String? = nil,
        registrationRequired: Bool = false,
        createdAt: Date? = nil,
        support: Support = .supported
    ) {
        self.id = id
        self.topic = topic
        self.hostID = hostID
        self.hostEmail = hostEmail
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.timezone = timezone
        self.joinURL = joinURL
        self.registrationURL = registrationURL
        self.registrationRequired = registrationRequired
        self.createdAt = createdAt
        self.support = support
    }
}

/// One past occurrence of a webinar, with its actual times.
public struct WebinarInstance: Sendable, Codable, Hashable {
    /// The source's id of this occurrence (e.g. an instance UUID).
    public var uuid: String
    /// When it actually started.
    public var startTime: Date
    /// When it actually ended.
    public var endTime: Date?
    /// Its actual length in seconds — what attendance percentages are computed against.
    public var durationSeconds: Int?

    /// Creates an instance record.
    public init(uuid: String, startTime: Date, endTime: Date? = nil, durationSeconds: Int? = nil) {
        self.uuid = uuid
        self.startTime = startTime
        self.endTime = endTime
        self.durationSeconds = durationSeconds
    }
}
