import Foundation

/// A page of a list Zoom pages with `next_page_token`.
protocol ZoomTokenPage: Decodable, Sendable {
    associatedtype Item: Sendable
    /// The items of this page.
    var items: [Item] { get }
    /// The token of the next page; empty or absent on the last page.
    var nextPageToken: String? { get }
}

/// A user of `GET /users` and `GET /users/{userId}`.
struct ZoomUserDTO: Decodable, Sendable {
    var id: String
    var email: String
    var firstName: String?
    var lastName: String?
    var roleId: String?
    var status: String?
}

/// `GET /users`.
struct ZoomUsersPage: ZoomTokenPage {
    var users: [ZoomUserDTO]?
    var nextPageToken: String?
    var items: [ZoomUserDTO] { users ?? [] }
}

/// An item of `GET /users/{userId}/webinars` (and the base of a webinar's details).
struct ZoomWebinarSummaryDTO: Decodable, Sendable {
    var uuid: String?
    var id: ZoomFlexibleID
    var hostId: String?
    var topic: String?
    var type: Int?
    var startTime: String?
    var duration: Int?
    var timezone: String?
    var createdAt: String?
    var joinUrl: String?
}

/// `GET /users/{userId}/webinars` (paged by `page_number`, the only paging its request takes).
struct ZoomWebinarsPage: Decodable, Sendable {
    var webinars: [ZoomWebinarSummaryDTO]?
    var pageCount: Int?
    var pageNumber: Int?
    var totalRecords: Int?
}

/// `GET /webinars/{webinarId}`.
struct ZoomWebinarDTO: Decodable, Sendable {
    struct Occurrence: Decodable, Sendable {
        var occurrenceId: String?
        var startTime: String?
        var duration: Int?
        var status: String?
    }

    struct Settings: Decodable, Sendable {
        /// 0 automatic approval, 1 manual approval, 2 no registration.
        var approvalType: Int?
        /// `local`, `cloud` or `none`.
        var autoRecording: String?
    }

    var uuid: String?
    var id: ZoomFlexibleID
    var hostId: String?
    var hostEmail: String?
    var topic: String?
    var type: Int?
    var startTime: String?
    var duration: Int?
    var timezone: String?
    var createdAt: String?
    var joinUrl: String?
    var registrationUrl: String?
    var creationSource: String?
    var occurrences: [Occurrence]?
    var settings: Settings?
}

/// A registrant of `GET /webinars/{webinarId}/registrants`.
struct ZoomRegistrantDTO: Decodable, Sendable {
    var id: String?
    var email: String?
    var firstName: String?
    var lastName: String?
    var status: String?
    var createTime: String?
    var joinUrl: String?
}

/// `GET /webinars/{webinarId}/registrants`.
struct ZoomRegistrantsPage: ZoomTokenPage {
    var registrants: [ZoomRegistrantDTO]?
    var nextPageToken: String?
    var items: [ZoomRegistrantDTO] { registrants ?? [] }
}

/// `GET /webinars/{webinarId}/registrants/questions`.
struct ZoomQuestionsDTO: Decodable, Sendable {
    struct Question: Decodable, Sendable {
        var fieldName: String?
        var required: Bool?
    }

    struct CustomQuestion: Decodable, Sendable {
        var title: String?
        var type: String?
        var required: Bool?
    }

    var questions: [Question]?
    var customQuestions: [CustomQuestion]?
}

/// `POST /webinars/{webinarId}/registrants` → 201.
struct ZoomRegistrationDTO: Decodable, Sendable {
    var id: ZoomFlexibleID?
    var registrantId: String?
    var joinUrl: String?
    var topic: String?
    var startTime: String?
}

/// The body of `POST /webinars/{webinarId}/registrants` (the three supported fields).
struct ZoomRegistrationInput: Encodable, Sendable {
    var email: String
    var firstName: String
    var lastName: String?
}

/// `GET /past_webinars/{webinarId}/instances`.
struct ZoomPastInstancesDTO: Decodable, Sendable {
    struct Instance: Decodable, Sendable {
        var uuid: String?
        var startTime: String?
    }

    var webinars: [Instance]?
}

/// `GET /report/webinars/{webinarId}`: an instance's actual times.
struct ZoomWebinarReportDTO: Decodable, Sendable {
    var uuid: String?
    var id: ZoomFlexibleID?
    var topic: String?
    var userEmail: String?
    var startTime: String?
    var endTime: String?
    /// Minutes.
    var duration: Int?
}

/// A row of `GET /report/webinars/{webinarId}/participants`: one join/leave session.
struct ZoomParticipantDTO: Decodable, Sendable {
    var id: String?
    var userId: String?
    var participantUserId: String?
    var name: String?
    var userEmail: String?
    var registrantId: String?
    var joinTime: String?
    var leaveTime: String?
    /// Seconds.
    var duration: Int?
    /// `in_meeting` or `in_waiting_room`.
    var status: String?
}

/// `GET /report/webinars/{webinarId}/participants`.
struct ZoomParticipantsPage: ZoomTokenPage {
    var participants: [ZoomParticipantDTO]?
    var nextPageToken: String?
    var items: [ZoomParticipantDTO] { participants ?? [] }
}

/// A recording file of `GET /meetings/{meetingId}/recordings` and the recording webhooks.
struct ZoomRecordingFileDTO: Decodable, Sendable {
    var id: String?
    var fileType: String?
    var fileExtension: String?
    var recordingType: String?
    var downloadUrl: String?
    var playUrl: String?
    /// The REST spec types it as a number, the webhook spec as an integer.
    var fileSize: Double?
    var status: String?
}

/// `GET /meetings/{meetingId}/recordings`, an item of `GET /users/{userId}/recordings`,
/// and the object of the recording webhooks.
struct ZoomRecordingDTO: Decodable, Sendable {
    var uuid: String?
    var id: ZoomFlexibleID?
    /// Meeting or webinar type: a string in the REST answer, an integer in the webhooks.
    var type: ZoomFlexibleID?
    var topic: String?
    var startTime: String?
    /// Minutes.
    var duration: Int?
    var shareUrl: String?
    var recordingFiles: [ZoomRecordingFileDTO]?
}

/// `GET /users/{userId}/recordings` (used with `trash=true`).
struct ZoomRecordingsPage: ZoomTokenPage {
    var meetings: [ZoomRecordingDTO]?
    var nextPageToken: String?
    var items: [ZoomRecordingDTO] { meetings ?? [] }
}

/// An item of `GET /report/users/{userId}/meetings`: one held instance of a meeting or webinar.
struct ZoomMeetingReportDTO: Decodable, Sendable {
    var uuid: String?
    var id: ZoomFlexibleID?
    /// 5, 6 and 9 are webinars; the others meetings.
    var type: Int?
    var topic: String?
    var userEmail: String?
    var startTime: String?
    var endTime: String?
    /// Minutes.
    var duration: Int?
    var participantsCount: Int?
}

/// `GET /report/users/{userId}/meetings`.
struct ZoomMeetingReportsPage: ZoomTokenPage {
    var meetings: [ZoomMeetingReportDTO]?
    var nextPageToken: String?
    var items: [ZoomMeetingReportDTO] { meetings ?? [] }
}
