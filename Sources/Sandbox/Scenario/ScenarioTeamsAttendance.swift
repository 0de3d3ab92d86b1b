import Foundation

extension TeamsScenarioBuilder {
    /// Holds a past webinar's session: an attendance report with the organizer and most
    /// registered people (several join/leave intervals each), in the showcase also an attendee
    /// without an email matched only by `registrationId` and a guest with neither; a recording
    /// (and on every other held webinar, a transcript).
    mutating func hold(
        _ webinar: inout GraphWebinarData, organizer: GraphUserData, showcase: Bool,
        using generator: inout SeededGenerator
    ) {
        guard var session = webinar.sessions.first else { return }
        let start = session.startDateTime.addingTimeInterval(TimeInterval(Int.random(in: 0...240, using: &generator)))
        let end = start.addingTimeInterval(TimeInterval(3600 + Int.random(in: -300...600, using: &generator)))
        var records = [
            GraphAttendanceRecordData(
                id: organizer.id, emailAddress: organizer.mail, displayName: organizer.displayName, role: "Organizer",
                registrationId: nil, intervals: [GraphAttendanceIntervalData(joinDateTime: start, leaveDateTime: end)])
        ]
        var guestPending = showcase
        for registration in webinar.registrations where registration.status == "registered" {
            let special = notablePeople.contains { $0.webinarID == webinar.id && $0.email == registration.email }
            guard special || Double.random(in: 0..<1, using: &generator) < 0.75 else { continue }
            let name = "\(registration.firstName ?? "") \(registration.lastName ?? "")"
            var email = registration.email
            if guestPending && !special {
                email = nil
                guestPending = false
                notablePeople.append(
                    GraphScenarioPerson(
                        role: .guestMatchedByRegistrantID, email: registration.email ?? "", name: name, webinarID: webinar.id))
            }
            records.append(
                GraphAttendanceRecordData(
                    id: GraphIdentifiers.guid(using: &generator), emailAddress: email, displayName: name, role: "Attendee",
                    registrationId: registration.id,
                    intervals: intervals(start: start, end: end, most: sizes.maxSessionsPerAttendee, using: &generator)))
        }
        if showcase {
            let name = "Guest \(Int.random(in: 100...999, using: &generator))"
            records.append(
                GraphAttendanceRecordData(
                    id: GraphIdentifiers.guid(using: &generator), emailAddress: nil, displayName: name, role: "Attendee",
                    registrationId: nil, intervals: intervals(start: start, end: end, most: 2, using: &generator)))
            notablePeople.append(GraphScenarioPerson(role: .unmatchedGuest, email: "", name: name, webinarID: webinar.id))
        }
        session.attendanceReports = [
            GraphAttendanceReportData(
                id: GraphIdentifiers.guid(using: &generator), meetingStartDateTime: start, meetingEndDateTime: end,
                records: records)
        ]
        let speakers = [organizer.displayName] + webinar.registrations.prefix(2).map { $0.firstName ?? "Attendee" }
        if showcase || heldCount % 3 != 2 {
            session.recordings = [
                GraphMeetingContentData(
                    id: GraphIdentifiers.contentID(using: &generator), createdDateTime: end.addingTimeInterval(120),
                    endDateTime: end, content: "sandbox MP4 recording of \(session.subject)")
            ]
        }
        if showcase || heldCount % 2 == 0 {
            session.transcripts = [
                GraphMeetingContentData(
                    id: GraphIdentifiers.contentID(using: &generator), createdDateTime: end.addingTimeInterval(60),
                    endDateTime: end,
                    content: AttendanceGenerator.transcript(
                        topic: session.subject, speakers: speakers, duration: Int(end.timeIntervalSince(start))))
            ]
        }
        webinar.sessions[0] = session
        heldCount += 1
    }

    /// 1 to `most` disjoint join/leave intervals within `[start, end]`, in time order.
    func intervals(start: Date, end: Date, most: Int, using generator: inout SeededGenerator) -> [GraphAttendanceIntervalData] {
        let total = max(Int(end.timeIntervalSince(start)), 60)
        let count = Int.random(in: 1...max(most, 1), using: &generator)
        let cuts = (0..<(count * 2)).map { _ in Int.random(in: 0...total, using: &generator) }.sorted()
        return (0..<count).map { index in
            let join = cuts[index * 2]
            let limit = index + 1 < count ? cuts[index * 2 + 2] : total
            let leave = max(min(max(cuts[index * 2 + 1], join + 30), limit), join)
            return GraphAttendanceIntervalData(
                joinDateTime: start.addingTimeInterval(TimeInterval(join)),
                leaveDateTime: start.addingTimeInterval(TimeInterval(leave)))
        }
    }
}
