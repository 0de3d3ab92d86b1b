import Foundation
import Hummingbird
import SwitchyardJSON

/// The online meetings of the webinars' sessions: found by join URL
/// (`/users/{userId}/onlineMeetings?$filter=JoinWebUrl eq '…'`), and their recordings and
/// transcripts (`/users/{userId}/onlineMeetings/{meetingId}/recordings|transcripts[/{id}[/content]]`).
/// A meeting's id is not its session's id; the user must be the webinar's organizer.
extension GraphAPI {
    /// An organizer by id or user principal name (`GET /users/{id | userPrincipalName}`).
    func user(_ call: GraphCall) throws(GraphError) -> GraphUserData {
        let userID = call.path("userId")
        guard let user = try tenant(call).users.first(where: { $0.id == userID || $0.mail.lowercased() == userID.lowercased() })
        else {
            throw GraphError(
                .notFound, "Request_ResourceNotFound",
                "Resource '\(userID)' does not exist or one of its queried reference-property objects are not present.")
        }
        return user
    }

    /// `GET /users/{id | userPrincipalName}`: the organizer's `id`, `displayName`, `mail`, `userPrincipalName`.
    func getUser(_ call: GraphCall) throws(GraphError) -> Response {
        let user = try user(call)
        return GraphResponses.json([
            "@odata.context": call.context("users/$entity"), "id": .string(user.id), "displayName": .string(user.displayName),
            "mail": .string(user.mail), "userPrincipalName": .string(user.mail),
        ])
    }

    private func meeting(_ call: GraphCall) throws(GraphError) -> (GraphTenantData, GraphUserData, GraphSessionData) {
        let tenant = try tenant(call)
        let user = try user(call)
        let meetingID = call.path("meetingId")
        for webinar in tenant.webinars where webinar.organizerID == user.id {
            if let session = webinar.sessions.first(where: { $0.onlineMeetingID == meetingID }) { return (tenant, user, session) }
        }
        throw .notFound("Online meeting with id '\(meetingID)'")
    }

    /// `GET /users/{userId}/onlineMeetings?$filter=JoinWebUrl eq '{joinWebUrl}'`: the user's
    /// meeting with that join URL (none: an empty collection). Graph lists a user's meetings only
    /// through such a filter; without one it answers 400.
    func findOnlineMeetings(_ call: GraphCall) throws(GraphError) -> Response {
        let filter = call.query("$filter") ?? ""
        guard let url = Self.joinWebURL(inFilter: filter) else {
            throw .badRequest("Filter expression expected - /onlineMeetings?$filter=JoinWebUrl eq 'joinUrl'.")
        }
        let tenant = try tenant(call)
        let user = try user(call)
        let sessions = tenant.webinars.filter { $0.organizerID == user.id }.flatMap(\.sessions).filter { $0.joinWebUrl == url }
        return try page(sessions.map(GraphRendering.onlineMeeting), call, "users('\(call.path("userId"))')/onlineMeetings")
    }

    /// The URL of a `JoinWebUrl eq '…'` filter (the property name in any case, `''` for a quote).
    static func joinWebURL(inFilter filter: String) -> String? {
        let text = filter.trimmingCharacters(in: .whitespaces)
        let prefix = "joinweburl eq '"
        guard text.lowercased().hasPrefix(prefix), text.hasSuffix("'"), text.count > prefix.count else { return nil }
        return String(text.dropFirst(prefix.count).dropLast()).replacingOccurrences(of: "''", with: "'")
    }

    private func contentURL(_ call: GraphCall, transcripts: Bool, id: String) -> String {
        "\(call.origin)/v1.0/users/\(call.path("userId"))/onlineMeetings/\(call.path("meetingId"))/\(transcripts ? "transcripts" : "recordings")/\(id)/content"
    }

    private func render(
        _ call: GraphCall, _ content: GraphMeetingContentData, _ session: GraphSessionData, _ user: GraphUserData, transcripts: Bool
    )
        -> JSONValue
    {
        GraphRendering.meetingContent(
            content, session: session, organizer: user, isTranscript: transcripts,
            contentURL: contentURL(call, transcripts: transcripts, id: content.id))
    }

    /// `GET …/onlineMeetings/{id}/recordings` or `/transcripts`.
    func listContent(_ call: GraphCall, transcripts: Bool) throws(GraphError) -> Response {
        let (_, user, session) = try meeting(call)
        let items = transcripts ? session.transcripts : session.recordings
        let kind = transcripts ? "transcripts" : "recordings"
        return try page(
            items.map { render(call, $0, session, user, transcripts: transcripts) }, call,
            "users('\(call.path("userId"))')/onlineMeetings('\(call.path("meetingId"))')/\(kind)")
    }

    private func content(_ call: GraphCall, transcripts: Bool) throws(GraphError) -> (
        GraphUserData, GraphSessionData, GraphMeetingContentData
    ) {
        let (_, user, session) = try meeting(call)
        let id = call.path("contentId")
        guard let item = (transcripts ? session.transcripts : session.recordings).first(where: { $0.id == id }) else {
            throw .notFound("\(transcripts ? "Transcript" : "Recording") with id '\(id)'")
        }
        return (user, session, item)
    }

    /// `GET …/recordings/{id}` or `/transcripts/{id}`.
    func getContent(_ call: GraphCall, transcripts: Bool) throws(GraphError) -> Response {
        let (user, session, item) = try content(call, transcripts: transcripts)
        var body = render(call, item, session, user, transcripts: transcripts).objectValue
        body["@odata.context"] = call.context(
            "users('\(call.path("userId"))')/onlineMeetings('\(call.path("meetingId"))')/\(transcripts ? "transcripts" : "recordings")/$entity"
        )
        return GraphResponses.json(.object(body))
    }

    /// `GET …/recordings/{id}/content` (`video/mp4`) or `/transcripts/{id}/content` (`text/vtt`).
    func downloadContent(_ call: GraphCall, transcripts: Bool) throws(GraphError) -> Response {
        let (_, _, item) = try content(call, transcripts: transcripts)
        let type = transcripts ? "text/vtt" : "video/mp4"
        return Response(
            status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: item.content)))
    }
}
