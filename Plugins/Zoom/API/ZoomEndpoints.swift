import ConnectorKit
import Foundation

/// The Zoom API operations the connector uses, each valid against the official spec
/// (paths, parameter types, rate-limit labels) and paged the way its request allows.
extension ZoomAPIClient {
    /// The page size of every paged list (the spec's maximum for these operations).
    static let pageSize = 300

    /// Fetches every page of a `next_page_token` list, each page once.
    func allPages<Page: ZoomTokenPage>(
        _ type: Page.Type, path: String, query: [(String, String?)], category: ZoomRateCategory,
        operation: String
    ) async throws -> [Page.Item] {
        var items: [Page.Item] = []
        var token: String?
        var seenTokens: Set<String> = []
        repeat {
            let page = try await get(
                type,
                ZoomRequest(
                    path: ZoomPath.withQuery(
                        path, query + [("page_size", String(Self.pageSize)), ("next_page_token", token)]),
                    category: category, operation: operation))
            items += page.items
            token = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
            if let next = token, !seenTokens.insert(next).inserted {
                throw ConnectorError(
                    .malformedData, "Could not \(operation): Zoom returned the same page token twice.")
            }
        } while token != nil
        return items
    }

    /// `GET /users?status=active` (Medium): the account's active users.
    func users() async throws -> [ZoomUserDTO] {
        try await allPages(
            ZoomUsersPage.self, path: "/users", query: [("status", "active")], category: .medium,
            operation: "list the account's users")
    }

    /// `GET /users/me` (Light): the user the app acts as (the connected Zoom user).
    func connectedUser() async throws -> ZoomUserDTO {
        try await get(
            ZoomUserDTO.self,
            ZoomRequest(path: "/users/me", category: .light, operation: "read the connected Zoom user"))
    }

    /// `GET /users/{userId}/webinars?type=scheduled` (Medium): the user's unexpired webinars,
    /// upcoming and recently held. Its request pages by `page_number` only.
    func webinars(ofUser user: String) async throws -> [ZoomWebinarSummaryDTO] {
        var webinars: [ZoomWebinarSummaryDTO] = []
        var pageNumber = 1
        while true {
            let page = try await get(
                ZoomWebinarsPage.self,
                ZoomRequest(
                    path: ZoomPath.withQuery(
                        "/users/\(ZoomPath.encode(user))/webinars",
                        [
                            ("type", "scheduled"), ("page_size", String(Self.pageSize)),
                            ("page_number", String(pageNumber)),
                        ]),
                    category: .medium, operation: "list the webinars of \(user)"))
            let items = page.webinars ?? []
            webinars += items
            let pageCount = page.pageCount ?? 1
            guard !items.isEmpty, pageNumber < pageCount else { return webinars }
            pageNumber += 1
        }
    }

    /// `GET /webinars/{webinarId}` (Light).
    func webinar(_ id: ZoomWebinarID) async throws -> ZoomWebinarDTO {
        try await get(
            ZoomWebinarDTO.self,
            ZoomRequest(path: "/webinars/\(id)", category: .light, operation: "read webinar \(id)"))
    }

    /// `GET /webinars/{webinarId}/registrants?status=…` (Medium), numeric id only.
    func registrants(_ id: ZoomWebinarID, status: String) async throws -> [ZoomRegistrantDTO] {
        try await allPages(
            ZoomRegistrantsPage.self, path: "/webinars/\(id)/registrants", query: [("status", status)],
            category: .medium, operation: "list the \(status) registrants of webinar \(id)")
    }

    /// `GET /webinars/{webinarId}/registrants/questions` (Light), numeric id only.
    func registrationQuestions(_ id: ZoomWebinarID) async throws -> ZoomQuestionsDTO {
        try await get(
            ZoomQuestionsDTO.self,
            ZoomRequest(
                path: "/webinars/\(id)/registrants/questions", category: .light,
                operation: "read the registration questions of webinar \(id)"))
    }

    /// `POST /webinars/{webinarId}/registrants` (Light), numeric id only.
    func register(_ input: ZoomRegistrationInput, for id: ZoomWebinarID) async throws
        -> ZoomRegistrationDTO
    {
        try await get(
            ZoomRegistrationDTO.self,
            ZoomRequest(
                method: .POST, path: "/webinars/\(id)/registrants", category: .light,
                body: try ZoomJSON.encode(input), operation: "register for webinar \(id)"))
    }

    /// `GET /past_webinars/{webinarId}/instances` (Light), numeric id only.
    func pastInstances(_ id: ZoomWebinarID) async throws -> [ZoomPastInstancesDTO.Instance] {
        try await get(
            ZoomPastInstancesDTO.self,
            ZoomRequest(
                path: "/past_webinars/\(id)/instances", category: .light,
                operation: "list the past instances of webinar \(id)")
        ).webinars ?? []
    }

    /// `GET /report/webinars/{uuid}` (Heavy): an instance's actual start, end and duration.
    func webinarReport(instance uuid: String) async throws -> ZoomWebinarReportDTO {
        try await get(
            ZoomWebinarReportDTO.self,
            ZoomRequest(
                path: "/report/webinars/\(ZoomPath.instanceUUID(uuid))", category: .heavy,
                operation: "read the report of webinar instance \(uuid)"))
    }

    /// `GET /report/webinars/{uuid}/participants?include_fields=registrant_id` (Heavy): one row
    /// per join/leave session, linked to registrations.
    func participants(instance uuid: String) async throws -> [ZoomParticipantDTO] {
        try await allPages(
            ZoomParticipantsPage.self,
            path: "/report/webinars/\(ZoomPath.instanceUUID(uuid))/participants",
            query: [("include_fields", "registrant_id")], category: .heavy,
            operation: "read the participant report of webinar instance \(uuid)")
    }

    /// `GET /report/users/{userId}/meetings?type=past&from&to` (Heavy): the held meetings and
    /// webinars of a user between two days (at most one month apart, within the past six months),
    /// one item per instance with two or more participants.
    func meetingReports(ofUser user: String, from: String, to: String) async throws -> [ZoomMeetingReportDTO] {
        try await allPages(
            ZoomMeetingReportsPage.self, path: "/report/users/\(ZoomPath.encode(user))/meetings",
            query: [("type", "past"), ("from", from), ("to", to)], category: .heavy,
            operation: "read the meeting report of \(user) from \(from) to \(to)")
    }

    /// `GET /meetings/{uuid}/recordings` (Light): an instance's cloud recording.
    func recording(instance uuid: String) async throws -> ZoomRecordingDTO {
        try await get(
            ZoomRecordingDTO.self,
            ZoomRequest(
                path: "/meetings/\(ZoomPath.instanceUUID(uuid))/recordings", category: .light,
                operation: "read the recording of webinar instance \(uuid)"))
    }

    /// `GET /users/{userId}/recordings?trash=true&meeting_id=…` (Medium): the webinar's
    /// recordings in the host's trash (deleted recordings).
    func trashedRecordings(host: String, webinar id: ZoomWebinarID) async throws
        -> [ZoomRecordingDTO]
    {
        try await allPages(
            ZoomRecordingsPage.self, path: "/users/\(ZoomPath.encode(host))/recordings",
            query: [("trash", "true"), ("trash_type", "meeting_recordings"), ("meeting_id", id.digits)],
            category: .medium, operation: "list the deleted recordings of webinar \(id)")
    }
}
