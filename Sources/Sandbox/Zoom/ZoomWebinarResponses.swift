import Foundation

/// The links Zoom gives a webinar and its registrants (deterministic, derived from ids).
enum ZoomLinks {
    static func token(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "")
            .replacingOccurrences(of: "/", with: "")
            .replacingOccurrences(of: "=", with: "")
    }

    static func joinURL(_ webinar: ZoomWebinarData) -> String {
        webinar.hasEventsLinks
            ? "https://events.zoom.us/ejl/\(token("join-\(webinar.id)"))"
            : "https://zoom.us/w/\(webinar.id)"
    }

    static func registrationURL(_ webinar: ZoomWebinarData) -> String? {
        guard webinar.registrationEnabled else { return nil }
        return webinar.hasEventsLinks
            ? "https://events.zoom.us/ev/\(token("event-\(webinar.id)"))"
            : "https://zoom.us/webinar/register/WN_\(token("wn-\(webinar.id)").prefix(22))"
    }

    static func registrantJoinURL(_ webinar: ZoomWebinarData, registrantID: String) -> String {
        webinar.hasEventsLinks
            ? "https://events.zoom.us/ejl/\(token("join-\(webinar.id)-\(registrantID)"))"
            : "https://zoom.us/w/\(webinar.id)?tk=\(token("tk-\(registrantID)"))"
    }

    static func startURL(_ webinar: ZoomWebinarData) -> String {
        "https://zoom.us/s/\(webinar.id)?zak=\(token("zak-\(webinar.hostID)"))"
    }
}

/// An item of `GET /users/{userId}/webinars`.
struct ZoomWebinarSummaryDTO: Encodable {
    var uuid: String
    var id: Int64
    var hostId: String
    var topic: String
    var type: Int
    var startTime: Date?
    var duration: Int
    var timezone: String
    var agenda: String
    var createdAt: Date
    var joinUrl: String
    var isSimulive: Bool

    init(_ webinar: ZoomWebinarData) {
        uuid = webinar.uuid
        id = webinar.id
        hostId = webinar.hostID
        topic = webinar.topic
        type = webinar.type
        startTime = webinar.type == 6 ? nil : webinar.startTime
        duration = webinar.durationMinutes
        timezone = webinar.timezone
        agenda = webinar.agenda
        createdAt = webinar.createdAt
        joinUrl = ZoomLinks.joinURL(webinar)
        isSimulive = false
    }
}

/// An occurrence as the webinar and registration responses list it.
struct ZoomOccurrenceDTO: Encodable {
    var occurrenceId: String
    var startTime: Date
    var duration: Int
    var status: String

    init(_ occurrence: ZoomOccurrenceData) {
        occurrenceId = occurrence.occurrenceID
        startTime = occurrence.startTime
        duration = occurrence.durationMinutes
        status = occurrence.status
    }
}

/// `GET /webinars/{webinarId}`.
struct ZoomWebinarDTO: Encodable {
    struct Settings: Encodable {
        var approvalType: Int
        var registrationType: Int
        var registrantsConfirmationEmail: Bool
        var registrantsEmailNotification: Bool
        var registrantsRestrictNumber: Int
        var audio: String
        var autoRecording: String
        var hostVideo: Bool
        var panelistsVideo: Bool
        var practiceSession: Bool
        var hdVideo: Bool
        var hdVideoForAttendees: Bool
        var send1080pVideoToAttendees: Bool
        var onDemand: Bool
        var showShareButton: Bool
        var allowMultipleDevices: Bool
        var alternativeHosts: String
        var contactName: String
        var contactEmail: String
        var emailLanguage: String
        var meetingAuthentication: Bool
        var panelistsInvitationEmailNotification: Bool
        var postWebinarSurvey: Bool
        var emailInAttendeeReport: Bool

        enum CodingKeys: String, CodingKey {
            case approvalType, registrationType, registrantsConfirmationEmail,
                registrantsEmailNotification
            case registrantsRestrictNumber, audio, autoRecording, hostVideo, panelistsVideo,
                practiceSession
            case hdVideo, hdVideoForAttendees, onDemand, showShareButton, allowMultipleDevices
            case alternativeHosts, contactName, contactEmail, emailLanguage, meetingAuthentication
            case panelistsInvitationEmailNotification, postWebinarSurvey, emailInAttendeeReport
            case send1080pVideoToAttendees = "send1080p_video_to_attendees"
        }
    }

    var uuid: String
    var id: Int64
    var hostId: String
    var hostEmail: String
    var topic: String
    var type: Int
    var startTime: Date?
    var duration: Int
    var timezone: String
    var agenda: String
    var createdAt: Date
    var startUrl: String
    var joinUrl: String
    var registrationUrl: String?
    var password: String
    var occurrences: [ZoomOccurrenceDTO]?
    var settings: Settings
    var isSimulive: Bool
    var creationSource: String

    init(_ webinar: ZoomWebinarData, hostName: String) {
        uuid = webinar.uuid
        id = webinar.id
        hostId = webinar.hostID
        hostEmail = webinar.hostEmail
        topic = webinar.topic
        type = webinar.type
        startTime = webinar.type == 6 ? nil : webinar.startTime
        duration = webinar.durationMinutes
        timezone = webinar.timezone
        agenda = webinar.agenda
        createdAt = webinar.createdAt
        startUrl = ZoomLinks.startURL(webinar)
        joinUrl = ZoomLinks.joinURL(webinar)
        registrationUrl = ZoomLinks.registrationURL(webinar)
        password = ""
        occurrences =
            webinar.occurrences.isEmpty ? nil : webinar.occurrences.map(ZoomOccurrenceDTO.init)
        settings = Settings(
            approvalType: webinar.approvalType,
            registrationType: webinar.registrationType,
            registrantsConfirmationEmail: webinar.registrantsConfirmationEmail,
            registrantsEmailNotification: webinar.registrantsConfirmationEmail,
            registrantsRestrictNumber: 0,
            audio: "both",
            autoRecording: "cloud",
            hostVideo: true,
            panelistsVideo: true,
            practiceSession: false,
            hdVideo: false,
            hdVideoForAttendees: false,
            send1080pVideoToAttendees: false,
            onDemand: false,
            showShareButton: true,
            allowMultipleDevices: true,
            alternativeHosts: "",
            contactName: hostName,
            contactEmail: webinar.hostEmail,
            emailLanguage: "en-US",
            meetingAuthentication: false,
            panelistsInvitationEmailNotification: true,
            postWebinarSurvey: false,
            emailInAttendeeReport: false
        )
        isSimulive = false
        creationSource = webinar.creationSource
    }
}

/// A registrant as `GET /webinars/{id}/registrants` and absentees list it.
struct ZoomRegistrantDTO: Encodable {
    struct Answer: Encodable {
        var title: String
        var value: String
    }

    var id: String
    var email: String
    var firstName: String
    var lastName: String
    var address: String
    var city: String
    var country: String
    var zip: String
    var state: String
    var phone: String
    var industry: String
    var org: String
    var jobTitle: String
    var purchasingTimeFrame: String
    var roleInPurchaseProcess: String
    var noOfEmployees: String
    var comments: String
    var customQuestions: [Answer]
    var status: String
    var createTime: Date
    var joinUrl: String

    init(_ registrant: ZoomRegistrantData, webinar: ZoomWebinarData) {
        let field = { (name: String) in registrant.fieldAnswers[name] ?? "" }
        id = registrant.id
        email = registrant.email
        firstName = registrant.firstName
        lastName = registrant.lastName
        address = field("address")
        city = field("city")
        country = field("country")
        zip = field("zip")
        state = field("state")
        phone = field("phone")
        industry = field("industry")
        org = field("org")
        jobTitle = field("job_title")
        purchasingTimeFrame = field("purchasing_time_frame")
        roleInPurchaseProcess = field("role_in_purchase_process")
        noOfEmployees = field("no_of_employees")
        comments = field("comments")
        customQuestions = registrant.customAnswers.sorted { $0.key < $1.key }.map {
            Answer(title: $0.key, value: $0.value)
        }
        status = registrant.status
        createTime = registrant.createTime
        joinUrl = ZoomLinks.registrantJoinURL(webinar, registrantID: registrant.id)
    }
}

/// Zoom's list envelope: paging fields plus one array under the operation's own key.
struct ZoomListDTO<Item: Encodable & Sendable>: Encodable {
    var key: String
    var page: ZoomPage<Item>
    var includePageNumber: Bool

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(page.pageSize, forKey: Key("page_size"))
        try container.encode(page.pageCount, forKey: Key("page_count"))
        try container.encode(page.totalRecords, forKey: Key("total_records"))
        try container.encode(page.nextPageToken, forKey: Key("next_page_token"))
        if includePageNumber {
            try container.encode(page.pageNumber, forKey: Key("page_number"))
        }
        try container.encode(page.items, forKey: Key(key))
    }
}
