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
    public var id: String
    public var displayName: String
    public var mail: String
}

/// A registration question of a webinar (`virtualEventRegistrationCustomQuestion` or
/// `virtualEventRegistrationPredefinedQuestion`).
public struct GraphQuestionData: Sendable, Codable, Hashable {
    public var id: String
    public var displayName: String
    public var isRequired: Bool
    /// The predefined question's label (`jobTitle`, `city`, …); nil for a custom question.
    public var predefinedLabel: String?
    /// A custom question's input type (`text`, `multilineText`, `singleChoice`, `multiChoice`, `boolean`).
    public var answerInputType: String?
    public var answerChoices: [String]?
}

/// One answer of a registration (`virtualEventRegistrationQuestionAnswer`).
public struct GraphQuestionAnswerData: Sendable, Codable, Hashable {
    public var questionId: String?
    public var displayName: String?
    public var value: String?
    public var booleanValue: Bool?
    public var multiChoiceValues: [String]?
}

/// A registration (`virtualEventRegistration`).
public struct GraphRegistrationData: Sendable, Codable, Hashable {
    public var id: String
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    /// `registered` or `canceled` (the other members of `virtualEventAttendeeRegistrationStatus` are not simulated).
    public var status: String
    public var registrationDateTime: Date
    public var cancelationDateTime: Date?
    public var preferredTimezone: String?
    public var preferredLanguage: String?
    public var userId: String?
    public var registrationQuestionAnswers: [GraphQuestionAnswerData]
}

/// One join/leave interval of an attendance record.
public struct GraphAttendanceIntervalData: Sendable, Codable, Hashable {
    public var joinDateTime: Date
    public var leaveDateTime: Date

    public var durationInSeconds: Int { max(Int(leaveDateTime.timeIntervalSince(joinDateTime)), 0) }
}

/// An attendance record (`attendanceRecord`): one person in one report, with every interval.
public struct GraphAttendanceRecordData: Sendable, Codable, Hashable {
    public var id: String
    /// nil for an attendee Teams shows without an email (an anonymous or guest join).
    public var emailAddress: String?
    public var displayName: String
    /// `Organizer`, `Presenter` or `Attendee`.
    public var role: String
    /// The registration the attendee joined through, when Teams knows it.
    public var registrationId: String?
    public var intervals: [GraphAttendanceIntervalData]

    public var totalAttendanceInSeconds: Int { intervals.reduce(0) { $0 + $1.durationInSeconds } }
}

/// An attendance report (`meetingAttendanceReport`) of a session.
public struct GraphAttendanceReportData: Sendable, Codable, Hashable {
    public var id: String
    public var meetingStartDateTime: Date
    public var meetingEndDateTime: Date
    public var records: [GraphAttendanceRecordData]
}

/// A recording (`callRecording`) or transcript (`callTranscript`) of a session's online meeting.
public struct GraphMeetingContentData: Sendable, Codable, Hashable {
    public var id: String
    public var createdDateTime: Date
    public var endDateTime: Date
    /// What `/content` answers (an MP4 stand-in for recordings, WebVTT for transcripts).
    public var content: String
}

/// A session (`virtualEventSession`); its id is also its online meeting's id.
public struct GraphSessionData: Sendable, Codable, Hashable {
    public var id: String
    public var subject: String
    public var joinWebUrl: String
    public var startDateTime: Date
    public var endDateTime: Date
    public var attendanceReports: [GraphAttendanceReportData]
    public var recordings: [GraphMeetingContentData]
    public var transcripts: [GraphMeetingContentData]
}

/// A webinar (`virtualEventWebinar`) with its registrations and sessions.
public struct GraphWebinarData: Sendable, Codable, Hashable {
    /// `{guid}@{tenantId}`, as Teams forms webinar ids.
    public var id: String
    public var organizerID: String
    public var displayName: String
    public var descriptionText: String
    public var startDateTime: Date
    public var endDateTime: Date
    /// `draft`, `published` or `canceled`.
    public var status: String
    /// `everyone` or `organization`.
    public var audience: String
    public var createdDateTime: Date
    public var questions: [GraphQuestionData]
    public var registrations: [GraphRegistrationData]
    public var sessions: [GraphSessionData]
}

/// A person placed on purpose in a Teams webinar, with the rule the sync must apply to them.
public struct GraphScenarioPerson: Sendable, Codable, Hashable {
    public var role: ScenarioPerson.Role
    /// The email as registered ("" for an attendee without one).
    public var email: String
    public var name: String
    public var webinarID: String
}

/// One simulated Entra tenant: credentials, organizers, webinars, and the notable cases.
public struct GraphTenantData: Sendable, Codable, Hashable {
    public var credentials: GraphTenantCredentials
    public var users: [GraphUserData]
    public var webinars: [GraphWebinarData]
    /// People placed on purpose (exclusions, guests, cancellations).
    public var notablePeople: [GraphScenarioPerson]
    /// Webinars placed on purpose: `showcase`, `requiredQuestion`, `upcoming`.
    public var notableWebinars: [String: String]
}
