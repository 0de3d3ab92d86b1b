import Foundation

/// The Graph v1.0 requests the connector makes (paths as Microsoft documents them).
extension GraphClient {
    /// A path segment or function argument, percent-encoded (`@` and `-` stay).
    static func segment(_ id: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }

    /// The largest page Graph serves (`$top`), asked for attendance records (their list takes
    /// OData query options); registrations and sessions take none, so Graph pages them at its own size.
    static let largestPage = 999

    static func webinarPath(_ id: String) -> String { "/solutions/virtualEvents/webinars/\(segment(id))" }

    /// The webinars a user organizes: `webinars/getByUserIdAndRole(userId='…', role='organizer')`.
    func webinars(organizedBy user: String) async throws -> [GraphWebinar] {
        let quoted = Self.segment(user.replacingOccurrences(of: "'", with: "''"))
        return try await list(
            GraphWebinar.self, "/solutions/virtualEvents/webinars/getByUserIdAndRole(userId='\(quoted)',role='organizer')",
            operation: "list the webinars of organizer \(user)")
    }

    func webinar(_ id: String) async throws -> GraphWebinar {
        try await get(GraphWebinar.self, Self.webinarPath(id), operation: "read webinar \(id)")
    }

    func registrationConfiguration(_ id: String) async throws -> GraphRegistrationConfiguration {
        try await get(
            GraphRegistrationConfiguration.self, Self.webinarPath(id) + "/registrationConfiguration",
            operation: "read the registration settings of webinar \(id)")
    }

    func registrationQuestions(_ id: String) async throws -> [GraphRegistrationQuestion] {
        try await list(
            GraphRegistrationQuestion.self, Self.webinarPath(id) + "/registrationConfiguration/questions",
            operation: "read the registration questions of webinar \(id)")
    }

    func registrations(_ id: String) async throws -> [GraphRegistration] {
        try await list(
            GraphRegistration.self, Self.webinarPath(id) + "/registrations", operation: "list the registrations of webinar \(id)")
    }

    func register(_ input: GraphRegistrationInput, for id: String) async throws -> GraphRegistration {
        let operation = "register \(input.email) for webinar \(id)"
        let response = try await send(
            "POST", Self.webinarPath(id) + "/registrations", body: try JSONEncoder().encode(input), operation: operation)
        return try GraphJSON.decode(GraphRegistration.self, from: response.body, operation: operation)
    }

    func sessions(_ id: String) async throws -> [GraphSession] {
        try await list(GraphSession.self, Self.webinarPath(id) + "/sessions", operation: "list the sessions of webinar \(id)")
    }

    func attendanceReports(_ id: String, session: String) async throws -> [GraphAttendanceReport] {
        try await list(
            GraphAttendanceReport.self, Self.webinarPath(id) + "/sessions/\(Self.segment(session))/attendanceReports",
            operation: "list the attendance reports of a session of webinar \(id)")
    }

    func attendanceRecords(_ id: String, session: String, report: String) async throws -> [GraphAttendanceRecord] {
        try await list(
            GraphAttendanceRecord.self,
            Self.webinarPath(id)
                + "/sessions/\(Self.segment(session))/attendanceReports/\(Self.segment(report))/attendanceRecords?$top=\(Self.largestPage)",
            operation: "read the attendance records of a session of webinar \(id)")
    }

    /// A user's object id, by id or user principal name.
    func user(_ idOrPrincipalName: String) async throws -> GraphUserIdentity {
        try await get(
            GraphUserIdentity.self, "/users/\(Self.segment(idOrPrincipalName))?$select=id,userPrincipalName",
            operation: "find the Entra user \(idOrPrincipalName)")
    }

    /// The online meeting a webinar session runs as. A session's id is not its meeting's id;
    /// Graph finds an organizer's meeting by join URL:
    /// `GET /users/{id}/onlineMeetings?$filter=JoinWebUrl eq '{joinWebUrl}'`.
    func onlineMeeting(organizer: String, joinWebUrl: String) async throws -> GraphOnlineMeeting? {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let filter = "JoinWebUrl eq '\(joinWebUrl.replacingOccurrences(of: "'", with: "''"))'"
        let encoded = filter.addingPercentEncoding(withAllowedCharacters: allowed) ?? filter
        return try await list(
            GraphOnlineMeeting.self, "/users/\(Self.segment(organizer))/onlineMeetings?$filter=\(encoded)",
            operation: "find the online meeting of a webinar session"
        ).first
    }

    func recordings(organizer: String, meeting: String) async throws -> [GraphMeetingArtifact] {
        try await list(
            GraphMeetingArtifact.self, "/users/\(Self.segment(organizer))/onlineMeetings/\(Self.segment(meeting))/recordings",
            operation: "list the recordings of a webinar session")
    }

    func transcripts(organizer: String, meeting: String) async throws -> [GraphMeetingArtifact] {
        try await list(
            GraphMeetingArtifact.self, "/users/\(Self.segment(organizer))/onlineMeetings/\(Self.segment(meeting))/transcripts",
            operation: "list the transcripts of a webinar session")
    }

    /// A transcript as WebVTT.
    func transcriptContent(organizer: String, meeting: String, transcript: String) async throws -> String {
        let path =
            "/users/\(Self.segment(organizer))/onlineMeetings/\(Self.segment(meeting))/transcripts/\(Self.segment(transcript))/content?$format=text/vtt"
        return String(decoding: try await send("GET", path, operation: "download a webinar transcript").body, as: UTF8.self)
    }

    // MARK: Subscriptions

    func createSubscription(_ subscription: GraphSubscription) async throws -> GraphSubscription {
        let operation = "subscribe to \(subscription.resource)"
        let response = try await send("POST", "/subscriptions", body: try JSONEncoder().encode(subscription), operation: operation)
        return try GraphJSON.decode(GraphSubscription.self, from: response.body, operation: operation)
    }

    func renewSubscription(_ id: String, until expiry: Date) async throws {
        let body = try JSONEncoder().encode(["expirationDateTime": GraphDate.format(expiry)])
        _ = try await send("PATCH", "/subscriptions/\(Self.segment(id))", body: body, operation: "renew subscription \(id)")
    }
}
