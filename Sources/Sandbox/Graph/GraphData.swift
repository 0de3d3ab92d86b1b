import Foundation

/// Credentials of one simulated Microsoft Entra tenant (an app registration with app-only
/// permissions), what a `type: teams` connector points at.
public struct GraphTenantCredentials: Sendable, Codable, Hashable {
    /// The directory (tenant) id, a GUID; also the path segment of the token endpoint.
    public var tenantID: String
    /// The application (client) id.
    public var clientID: String
    /// The client secret.
    public var clientSecret: String
    /// Emails of the organizers whose webinars the scenario creates (one Entra user each).
    public var organizerEmails: [String]
    /// The HubSpot business unit the tenant is connected to (0: the primary "Account" unit).
    public var businessUnit: HubSpotPortalSeed.BusinessUnit

    /// Creates credentials.
    public init(
        tenantID: String, clientID: String, clientSecret: String, organizerEmails: [String],
        businessUnit: HubSpotPortalSeed.BusinessUnit = HubSpotPortalSeed.BusinessUnit(id: 0, name: "Account")
    ) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.organizerEmails = organizerEmails
        self.businessUnit = businessUnit
    }
}

/// An Entra user (a webinar organizer).
public struct GraphUserData: Sendable, Codable, Hashable {
    /// Entra object id.
    public var id: String
    /// Display name.
    public var displayName: String
    /// Email (also the user principal name).
    public var mail: String
}

/// A registration question of a webinar (`virtualEventRegistrationCustomQuestion` or
/// `virtualEventRegistrationPredefinedQuestion`).
public struct GraphQuestionData: Sendable, Codable, Hashable {
    /// Question id.
    public var id: String
    /// The question as shown.
    public var displayName: String
    /// Whether registration needs an answer.
    public var isRequired: Bool
    /// The predefined question's label (`jobTitle`, `city`, …); nil for a custom question.
    public var predefinedLabel: String?
    /// A custom question's input type (`text`, `multilineText`, `singleChoice`, `multiChoice`, `boolean`).
    public var answerInputType: String?
    /// A choice question's choices.
    public var answerChoices: [String]?
}

/// One answer of a registration (`virtualEventRegistrationQuestionAnswer`).
public struct GraphQuestionAnswerData: Sendable, Codable, Hashable {
    /// The question answered.
    public var questionId: String?
    /// The question's text.
    public var displayName: String?
    /// A text or single-choice answer.
    public var value: String?
    /// A boolean answer.
    public var booleanValue: Bool?
    /// A multiple-choice answer.
    public var multiChoiceValues: [String]?
}

/// A registration (`virtualEventRegistration`).
public struct GraphRegistrationData: Sendable, Codable, Hashable {
    /// Registration id (a GUID).
    public var id: String
    /// First name.
    public var firstName: String?
    /// Last name.
    public var lastName: String?
    /// Email as registered.
    public var email: String?
    /// `registered` or `canceled` (the other members of `virtualEventAttendeeRegistrationStatus` are not simulated).
    public var status: String
    /// When the person registered.
    public var registrationDateTime: Date
    /// When the registration was canceled.
    public var cancelationDateTime: Date?
    /// Preferred time zone.
    public var preferredTimezone: String?
    /// Preferred language.
    public var preferredLanguage: String?
    /// Entra object id of an in-tenant registrant.
    public var userId: String?
    /// Answers to the registration questions.
    public var registrationQuestionAnswers: [GraphQuestionAnswerData]
}

/// One join/leave interval of an attendance record.
public struct GraphAttendanceIntervalData: Sendable, Codable, Hashable {
    /// Join time.
    public var joinDateTime: Date
    /// Leave time.
    public var leaveDateTime: Date

    public var durationInSeconds: Int { max(Int(leaveDateTime.timeIntervalSince(joinDateTime)), 0) }
}

/// An attendance record (`attendanceRecord`): one person in one report, with every interval.
public struct GraphAttendanceRecordData: Sendable, Codable, Hashable {
    /// Record id (the attendee's id).
    public var id: String
    /// nil for an attendee Teams shows without an email (an anonymous or guest join).
    public var emailAddress: String?
    /// Name Teams shows.
    public var displayName: String
    /// `Organizer`, `Presenter` or `Attendee`.
    public var role: String
    /// The registration the attendee joined through, when Teams knows it.
    public var registrationId: String?
    /// Every join/leave interval.
    public var intervals: [GraphAttendanceIntervalData]

    public var totalAttendanceInSeconds: Int { intervals.reduce(0) { $0 + $1.durationInSeconds } }
}

/// An attendance report (`meetingAttendanceReport`) of a session.
public struct GraphAttendanceReportData: Sendable, Codable, Hashable {
    /// Report id.
    public var id: String
    /// When the session started.
    public var meetingStartDateTime: Date
    /// When it ended.
    public var meetingEndDateTime: Date
    /// One record per attendee.
    public var records: [GraphAttendanceRecordData]
}

/// A recording (`callRecording`) or transcript (`callTranscript`) of a session's online meeting.
public struct GraphMeetingContentData: Sendable, Codable, Hashable {
    /// Opaque id.
    public var id: String
    /// When it was created.
    public var createdDateTime: Date
    /// When the meeting it covers ended.
    public var endDateTime: Date
    /// What `/content` answers (an MP4 stand-in for recordings, WebVTT for transcripts).
    public var content: String
}

/// A session (`virtualEventSession`) and the online meeting it runs as. As in Graph, the two ids
/// differ: a client finds the meeting (for its recordings and transcripts) by the session's
/// join URL (`GET /users/{organizer}/onlineMeetings?$filter=JoinWebUrl eq '…'`).
public struct GraphSessionData: Sendable, Codable, Hashable {
    /// Session id.
    public var id: String
    /// The id of the session's online meeting (base64 of `1*{organizerId}*0**{threadId}`).
    public var onlineMeetingID: String
    /// Subject.
    public var subject: String
    /// Teams join link.
    public var joinWebUrl: String
    /// Start.
    public var startDateTime: Date
    /// End.
    public var endDateTime: Date
    /// Attendance reports (one per time the session ran).
    public var attendanceReports: [GraphAttendanceReportData]
    /// Recordings of the online meeting.
    public var recordings: [GraphMeetingContentData]
    /// Transcripts of the online meeting.
    public var transcripts: [GraphMeetingContentData]

    /// Creates a session.
    public init(
        id: String, onlineMeetingID: String, subject: String, joinWebUrl: String, startDateTime: Date, endDateTime: Date,
        attendanceReports: [GraphAttendanceReportData], recordings: [GraphMeetingContentData], transcripts: [GraphMeetingContentData]
    ) {
        self.id = id
        self.onlineMeetingID = onlineMeetingID
        self.subject = subject
        self.joinWebUrl = joinWebUrl
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.attendanceReports = attendanceReports
        self.recordings = recordings
        self.transcripts = transcripts
    }

    private enum CodingKeys: String, CodingKey {
        case id, onlineMeetingID, subject, joinWebUrl, startDateTime, endDateTime, attendanceReports, recordings, transcripts
    }

    /// Decodes a session; one saved before sessions had their own ids keeps its id as its meeting's.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        onlineMeetingID = try container.decodeIfPresent(String.self, forKey: .onlineMeetingID) ?? id
        subject = try container.decode(String.self, forKey: .subject)
        joinWebUrl = try container.decode(String.self, forKey: .joinWebUrl)
        startDateTime = try container.decode(Date.self, forKey: .startDateTime)
        endDateTime = try container.decode(Date.self, forKey: .endDateTime)
        attendanceReports = try container.decode([GraphAttendanceReportData].self, forKey: .attendanceReports)
        recordings = try container.decode([GraphMeetingContentData].self, forKey: .recordings)
        transcripts = try container.decode([GraphMeetingContentData].self, forKey: .transcripts)
    }
}

/// A webinar (`virtualEventWebinar`) with its registrations and sessions.
public struct GraphWebinarData: Sendable, Codable, Hashable {
    /// `{guid}@{tenantId}`, as Teams forms webinar ids.
    public var id: String
    /// Entra object id of the organizer.
    public var organizerID: String
    /// Title.
    public var displayName: String
    /// Description (plain text).
    public var descriptionText: String
    /// Start.
    public var startDateTime: Date
    /// End.
    public var endDateTime: Date
    /// `draft`, `published` or `canceled`.
    public var status: String
    /// `everyone` or `organization`.
    public var audience: String
    /// When it was created (registrations start then).
    public var createdDateTime: Date
    /// Registration questions.
    public var questions: [GraphQuestionData]
    /// Registrations (registered and canceled).
    public var registrations: [GraphRegistrationData]
    /// Sessions (one per webinar in the scenario).
    public var sessions: [GraphSessionData]
}

/// A person placed on purpose in a Teams webinar, with the rule the sync must apply to them.
public struct GraphScenarioPerson: Sendable, Codable, Hashable {
    /// Why the person is there.
    public var role: ScenarioPerson.Role
    /// The email as registered ("" for an attendee without one).
    public var email: String
    /// Display name.
    public var name: String
    /// The webinar where the case occurs.
    public var webinarID: String
}

/// One simulated Entra tenant: credentials, organizers, webinars, and the notable cases.
public struct GraphTenantData: Sendable, Codable, Hashable {
    /// Credentials.
    public var credentials: GraphTenantCredentials
    /// The organizers.
    public var users: [GraphUserData]
    /// Every webinar of the organizers.
    public var webinars: [GraphWebinarData]
    /// People placed on purpose (exclusions, guests, cancellations).
    public var notablePeople: [GraphScenarioPerson]
    /// Webinars placed on purpose: `showcase`, `requiredQuestion`, `upcoming`.
    public var notableWebinars: [String: String]
}
