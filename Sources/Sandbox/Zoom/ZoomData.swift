import Foundation

/// Everything one simulated Zoom account holds: its credentials, users and webinars.
///
/// This is plain data: the scenario generator produces it, the ``ZoomSimulator`` serves it,
/// and tests compare it. Field names follow Swift conventions; the simulator renders them
/// with Zoom's own names and types.
public struct ZoomAccountData: Sendable, Codable, Hashable {
    /// Account credentials, plan and webhook destination.
    public var credentials: ZoomAccountCredentials
    /// Users of the account (the webinar hosts); the first one is the account owner (`me`).
    public var users: [ZoomUserData]
    /// Webinars of every user of the account.
    public var webinars: [ZoomWebinarData]
    /// Whether the account has a Zoom Webinars Plus or Events license (and the app the Zoom
    /// Events scopes). Without it, the Zoom Events API refuses every request.
    public var zoomEventsLicensed: Bool
    /// The Zoom Events the account's users host.
    public var events: [ZoomEventData]

    /// Creates account data.
    public init(
        credentials: ZoomAccountCredentials, users: [ZoomUserData], webinars: [ZoomWebinarData],
        zoomEventsLicensed: Bool = false, events: [ZoomEventData] = []
    ) {
        self.credentials = credentials
        self.users = users
        self.webinars = webinars
        self.zoomEventsLicensed = zoomEventsLicensed
        self.events = events
    }

    private enum CodingKeys: String, CodingKey {
        case credentials, users, webinars, zoomEventsLicensed, events
    }

    /// Decodes account data; state saved before Zoom Events were modelled has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        credentials = try container.decode(ZoomAccountCredentials.self, forKey: .credentials)
        users = try container.decode([ZoomUserData].self, forKey: .users)
        webinars = try container.decode([ZoomWebinarData].self, forKey: .webinars)
        zoomEventsLicensed =
            try container.decodeIfPresent(Bool.self, forKey: .zoomEventsLicensed) ?? false
        events = try container.decodeIfPresent([ZoomEventData].self, forKey: .events) ?? []
    }
}

/// A Zoom user (`GET /users`).
public struct ZoomUserData: Sendable, Codable, Hashable {
    /// Zoom user id (22 characters).
    public var id: String
    /// Login email.
    public var email: String
    /// First name.
    public var firstName: String
    /// Last name.
    public var lastName: String
    /// Plan type: 1 basic, 2 licensed.
    public var type: Int
    /// Personal meeting id.
    public var pmi: Int64
    /// IANA time zone.
    public var timezone: String
    /// When the user was created.
    public var createdAt: Date

    /// Creates a user.
    public init(
        id: String,
        email: String,
        firstName: String,
        lastName: String,
        type: Int = 2,
        pmi: Int64,
        timezone: String = "UTC",
        createdAt: Date
    ) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.type = type
        self.pmi = pmi
        self.timezone = timezone
        self.createdAt = createdAt
    }
}

/// A webinar with its registration, past instances and recordings.
public struct ZoomWebinarData: Sendable, Codable, Hashable {
    /// Numeric webinar id (the "meeting number").
    public var id: Int64
    /// UUID of the webinar as scheduled (the current instance).
    public var uuid: String
    /// Host's Zoom user id.
    public var hostID: String
    /// Host's email.
    public var hostEmail: String
    /// Topic.
    public var topic: String
    /// Agenda.
    public var agenda: String
    /// Zoom webinar type: 5 webinar, 6 recurring without fixed time, 9 recurring with fixed time.
    public var type: Int
    /// Scheduled start.
    public var startTime: Date
    /// Scheduled duration in minutes.
    public var durationMinutes: Int
    /// IANA time zone.
    public var timezone: String
    /// When it was scheduled.
    public var createdAt: Date
    /// 0 automatically approve, 1 manually approve, 2 no registration required.
    public var approvalType: Int
    /// 1, 2 or 3 (recurring webinars with a fixed time only).
    public var registrationType: Int
    /// Whether registrants receive a confirmation email.
    public var registrantsConfirmationEmail: Bool
    /// `other`, `open_api` or `web_portal` (Zoom Events webinars are `other`).
    public var creationSource: String
    /// True for a webinar that belongs to a Zoom Event (Zoom Events / Webinars Plus).
    ///
    /// The Meetings API has no explicit flag; such a webinar shows `creation_source: "other"`
    /// and, unless ``ordinaryLinks`` is set, join and registration links on `events.zoom.us`,
    /// which is how the simulator renders it.
    public var isZoomEvents: Bool
    /// True for a Zoom Events webinar whose links look like an ordinary webinar's (`zoom.us`):
    /// only the Zoom Events API (the event's sessions) shows that it belongs to an event.
    public var ordinaryLinks: Bool?
    /// Standard registration questions asked (`last_name`, `org`, ...).
    public var questions: [ZoomStandardQuestion]
    /// Custom registration questions.
    public var customQuestions: [ZoomCustomQuestion]
    /// Occurrences of a recurring webinar (empty for type 5).
    public var occurrences: [ZoomOccurrenceData]
    /// Registrants, in registration order.
    public var registrants: [ZoomRegistrantData]
    /// Past instances, oldest first.
    public var instances: [ZoomInstanceData]

    /// Creates a webinar.
    public init(
        id: Int64,
        uuid: String,
        hostID: String,
        hostEmail: String,
        topic: String,
        agenda: String = "",
        type: Int = 5,
        startTime: Date,
        durationMinutes: Int,
        timezone: String = "UTC",
        createdAt: Date,
        approvalType: Int = 0,
        registrationType: Int = 1,
        registrantsConfirmationEmail: Bool = true,
        creationSource: String = "web_portal",
        isZoomEvents: Bool = false,
        questions: [ZoomStandardQuestion] = [],
        customQuestions: [ZoomCustomQuestion] = [],
        occurrences: [ZoomOccurrenceData] = [],
        registrants: [ZoomRegistrantData] = [],
        instances: [ZoomInstanceData] = []
    ) {
        self.id = id
        self.uuid = uuid
        self.hostID = hostID
        self.hostEmail = hostEmail
        self.topic = topic
        self.agenda = agenda
        self.type = type
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.timezone = timezone
        self.createdAt = createdAt
        self.approvalType = approvalType
        self.registrationType = registrationType
        self.registrantsConfirmationEmail = registrantsConfirmationEmail
        self.creationSource = creationSource
        self.isZoomEvents = isZoomEvents
        self.questions = questions
        self.customQuestions = customQuestions
        self.occurrences = occurrences
        self.registrants = registrants
        self.instances = instances
    }

    /// Whether Zoom renders the webinar's links on `events.zoom.us`.
    public var hasEventsLinks: Bool { isZoomEvents && ordinaryLinks != true }

    /// Whether the webinar requires registration (approval type 0 or 1).
    public var registrationEnabled: Bool { approvalType != 2 }
}

/// A standard registration question (`GET /webinars/{id}/registrants/questions` → `questions`).
public struct ZoomStandardQuestion: Sendable, Codable, Hashable {
    /// Zoom field name, e.g. `last_name`, `org`, `job_title`.
    public var fieldName: String
    /// Whether an answer is required.
    public var required: Bool

    /// Creates a question.
    public init(fieldName: String, required: Bool) {
        self.fieldName = fieldName
        self.required = required
    }
}

/// A custom registration question.
public struct ZoomCustomQuestion: Sendable, Codable, Hashable {
    /// Question title (also the key of the answer).
    public var title: String
    /// `short`, `single_radio`, `single_dropdown` or `multiple`.
    public var type: String
    /// Whether an answer is required.
    public var required: Bool
    /// Possible answers (choice questions).
    public var answers: [String]

    /// Creates a custom question.
    public init(title: String, type: String = "short", required: Bool, answers: [String] = []) {
        self.title = title
        self.type = type
        self.required = required
        self.answers = answers
    }
}

/// One occurrence of a recurring webinar.
public struct ZoomOccurrenceData: Sendable, Codable, Hashable {
    /// Occurrence id (a millisecond timestamp, as Zoom uses).
    public var occurrenceID: String
    /// Start of the occurrence.
    public var startTime: Date
    /// Duration in minutes.
    public var durationMinutes: Int
    /// `available` or `deleted`.
    public var status: String

    /// Creates an occurrence.
    public init(
        occurrenceID: String, startTime: Date, durationMinutes: Int, status: String = "available"
    ) {
        self.occurrenceID = occurrenceID
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.status = status
    }
}

/// A webinar registrant.
public struct ZoomRegistrantData: Sendable, Codable, Hashable {
    /// Registrant id (the `registrant_id` participants link to).
    public var id: String
    /// Email as typed at registration (not necessarily valid for a CRM).
    public var email: String
    /// First name.
    public var firstName: String
    /// Last name.
    public var lastName: String
    /// `approved`, `pending` or `denied`.
    public var status: String
    /// True when an approved registration was cancelled (Zoom then lists it as `denied`).
    public var cancelled: Bool
    /// When the registration was made.
    public var createTime: Date
    /// Answers to custom questions, by question title.
    public var customAnswers: [String: String]
    /// Answers to standard questions other than name and email, by field name.
    public var fieldAnswers: [String: String]

    /// Creates a registrant.
    public init(
        id: String,
        email: String,
        firstName: String,
        lastName: String,
        status: String = "approved",
        cancelled: Bool = false,
        createTime: Date,
        customAnswers: [String: String] = [:],
        fieldAnswers: [String: String] = [:]
    ) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.status = status
        self.cancelled = cancelled
        self.createTime = createTime
        self.customAnswers = customAnswers
        self.fieldAnswers = fieldAnswers
    }
}
