import Foundation

/// Graph answers shaped as Microsoft's v1.0 metadata and documentation examples show them.
enum CannedGraph {
    static let webinarID = "8d62dd52-4dff-4c75-96a9-f905cc3ff942@a1a56d21-a8a6-4a6b-97f8-ced53d30f143"
    static let sessionID = "8d62dd52-4dff-4c75-96a9-f905cc3ff942@a1a56d21-a8a6-4a6b-97f8-ced53d30f143_f4e6f0d0"
    /// The session's online meeting: an id of its own, found by the session's join URL.
    static let meetingID = "MSo1N2Y5ZGFjYy03MWJmLTQ3NDMtYjQxMy01M2EdFGkdRWHJlQ"
    static let path = "/solutions/virtualEvents/webinars/\(webinarID)"
    static let joinURL = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"

    static let webinar = """
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#solutions/virtualEvents/webinars/$entity",
         "id":"\(webinarID)","status":"published","displayName":"The Impact of Tech on Our Lives",
         "description":{"contentType":"text","content":"Discusses how technology has changed the way we communicate."},
         "startDateTime":{"dateTime":"2026-11-20T15:00:00.0000000","timeZone":"UTC"},
         "endDateTime":{"dateTime":"2026-11-20T16:00:00.0000000","timeZone":"UTC"},
         "isRegistrationRequired":true,"audience":"everyone",
         "createdBy":{"user":{"id":"org-1","displayName":"Events Team","tenantId":"a1a56d21-a8a6-4a6b-97f8-ced53d30f143"}},
         "coOrganizers":[]}
        """

    static let listing = """
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.virtualEventWebinar)",
         "value":[\(webinar),
          {"id":"draft-1@a1a56d21","status":"draft","displayName":"Not yet","isRegistrationRequired":true,
           "startDateTime":{"dateTime":"2026-12-20T15:00:00.0000000","timeZone":"UTC"},
           "endDateTime":{"dateTime":"2026-12-20T16:00:00.0000000","timeZone":"UTC"}}]}
        """

    static let registrationsPage1 = """
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#solutions/virtualEvents/webinars('x')/registrations",
         "@odata.nextLink":"https://graph.test/v1.0\(path)/registrations?$skiptoken=page2",
         "value":[
          {"id":"reg-ada","firstName":"Ada","lastName":"Lovelace","email":"ada@contoso.example","userId":null,
           "status":"registered","registrationDateTime":"2026-11-01T10:00:00.1234567Z","cancelationDateTime":null,
           "preferredTimezone":"UTC","preferredLanguage":"en-us","registrationQuestionAnswers":[]},
          {"id":"reg-grace","firstName":"Grace","lastName":"Hopper","email":"grace@contoso.example",
           "status":"canceled","registrationDateTime":"2026-11-02T10:00:00Z","cancelationDateTime":"2026-11-03T09:30:00Z",
           "registrationQuestionAnswers":[]}]}
        """

    static let registrationsPage2 = """
        {"value":[
          {"id":"reg-alan","firstName":"Alan","lastName":"Turing","email":"Alan@Contoso.example",
           "status":"pendingApproval","registrationDateTime":"2026-11-04T10:00:00Z","registrationQuestionAnswers":[]}]}
        """

    static let sessions = """
        {"value":[{"id":"\(sessionID)","subject":"The Impact of Tech on Our Lives","joinWebUrl":"\(joinURL)",
          "startDateTime":{"dateTime":"2026-11-20T15:00:00.0000000","timeZone":"UTC"},
          "endDateTime":{"dateTime":"2026-11-20T16:00:00.0000000","timeZone":"UTC"},
          "videoOnDemandWebUrl":"https://events.teams.microsoft.com/event/vod-1"}]}
        """

    static let reports = """
        {"value":[{"id":"report-1","totalParticipantCount":3,
          "meetingStartDateTime":"2026-11-20T15:00:00Z","meetingEndDateTime":"2026-11-20T16:00:00Z",
          "externalEventInformation":[]}]}
        """

    static let records = """
        {"value":[
          {"id":"rec-1","emailAddress":"ada@contoso.example","registrationId":"reg-ada","role":"Attendee",
           "totalAttendanceInSeconds":2400,"identity":{"id":"u1","displayName":"Ada Lovelace"},
           "attendanceIntervals":[
             {"joinDateTime":"2026-11-20T15:00:00Z","leaveDateTime":"2026-11-20T15:20:00Z","durationInSeconds":1200},
             {"joinDateTime":"2026-11-20T15:40:00Z","leaveDateTime":"2026-11-20T16:00:00Z","durationInSeconds":1200}]},
          {"id":"rec-2","emailAddress":null,"registrationId":"reg-alan","role":"Attendee","totalAttendanceInSeconds":1800,
           "identity":{"id":null,"displayName":"Alan T"},
           "attendanceIntervals":[{"joinDateTime":"2026-11-20T15:10:00Z","leaveDateTime":"2026-11-20T15:40:00Z","durationInSeconds":1800}]},
          {"id":"rec-3","emailAddress":"","registrationId":null,"role":"Attendee","totalAttendanceInSeconds":600,
           "identity":{"displayName":"Guest 42"},
           "attendanceIntervals":[{"joinDateTime":"2026-11-20T15:00:00Z","leaveDateTime":"2026-11-20T15:10:00Z","durationInSeconds":600}]}]}
        """

    static let recordings = """
        {"value":[{"id":"rec-file-1","meetingId":"\(meetingID)","createdDateTime":"2026-11-20T16:05:00Z",
          "endDateTime":"2026-11-20T16:00:00Z",
          "recordingContentUrl":"https://graph.test/v1.0/users/org-1/onlineMeetings/\(meetingID)/recordings/rec-file-1/content"}]}
        """
    static let transcripts = """
        {"value":[{"id":"tr-1","meetingId":"\(meetingID)","createdDateTime":"2026-11-20T16:06:00Z",
          "transcriptContentUrl":"https://graph.test/v1.0/users/org-1/onlineMeetings/\(meetingID)/transcripts/tr-1/content"}]}
        """
    static let vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n<v Events Team>Welcome.</v>\n"

    /// A Graph with one held webinar, as above.
    static func graph() -> FakeGraph {
        let graph = FakeGraph()
        graph.json("GET /solutions/virtualEvents/webinars/getByUserIdAndRole(userId='org-1',role='organizer')", listing)
        graph.json("GET \(path)", webinar)
        graph.json(
            "GET \(path)/registrationConfiguration", #"{"id":"x","registrationWebUrl":"https://events.teams.microsoft.com/event/reg-1"}"#)
        graph.json("GET \(path)/registrations", registrationsPage1)
        graph.json("GET \(path)/registrations?$skiptoken=page2", registrationsPage2)
        graph.json("GET \(path)/sessions", sessions)
        graph.json("GET \(path)/sessions/\(sessionID)/attendanceReports", reports)
        graph.json("GET \(path)/sessions/\(sessionID)/attendanceReports/report-1/attendanceRecords", records)
        graph.json(
            "GET /users/org-1/onlineMeetings",
            ##"{"value":[{"@odata.type":"#microsoft.graph.onlineMeeting","id":"\##(meetingID)","joinWebUrl":"\##(joinURL)"}]}"##)
        graph.json("GET /users/org-1/onlineMeetings/\(meetingID)/recordings", recordings)
        graph.json("GET /users/org-1/onlineMeetings/\(meetingID)/transcripts", transcripts)
        graph.on("GET /users/org-1/onlineMeetings/\(meetingID)/transcripts/tr-1/content") { _ in
            .init(status: 200, headers: [("Content-Type", "text/vtt")], body: Data(vtt.utf8))
        }
        return graph
    }
}
