import ConnectorKit
import Foundation

/// Graph resources → ConnectorKit's normalized records.
enum TeamsRecords {
    /// A webinar; `organizer` is the configured organizer it was listed for (its host).
    static func webinar(
        _ dto: GraphWebinar, organizer: TeamsOrganizer?, joinURL: String?, registrationURL: String?
    ) -> Webinar {
        let start = GraphDate.parse(dto.startDateTime)
        let end = GraphDate.parse(dto.endDateTime)
        let minutes = start.flatMap { start in end.map { Int(($0.timeIntervalSince(start) / 60).rounded()) } }
        let support: Webinar.Support =
            dto.status == "draft"
            ? .unsupported(reason: "The Teams webinar is a draft: it is synced once it is published.") : .supported
        return Webinar(
            id: dto.id, topic: dto.displayName ?? "", hostID: organizer?.graphUserKey ?? dto.createdBy?.user?.id ?? "",
            hostEmail: organizer?.email, startTime: start, durationMinutes: minutes, timezone: dto.startDateTime?.timeZone,
            joinURL: joinURL, registrationURL: registrationURL, registrationRequired: dto.isRegistrationRequired ?? true,
            support: support)
    }

    /// Registrations and cancellations: `canceled` ones are cancellations; the others keep their state.
    static func registrations(_ list: [GraphRegistration], webinarID: String) -> ([Registration], [Cancellation]) {
        var registrations: [Registration] = []
        var cancellations: [Cancellation] = []
        for item in list {
            guard let email = item.email?.trimmingCharacters(in: .whitespaces), !email.isEmpty else { continue }
            if item.status == "canceled" {
                cancellations.append(
                    Cancellation(
                        webinarID: webinarID, registrantID: item.id, email: email,
                        cancelledAt: GraphDate.parse(item.cancelationDateTime)))
                continue
            }
            let status: Registration.Status =
                switch item.status {
                case "pendingApproval", "waitlisted": .pending
                case "rejectedByOrganizer": .denied
                default: .approved
                }
            registrations.append(
                Registration(
                    webinarID: webinarID, registrantID: item.id, email: email, firstName: item.firstName?.nilIfEmpty,
                    lastName: item.lastName?.nilIfEmpty, status: status,
                    registeredAt: GraphDate.parse(item.registrationDateTime)))
        }
        return (registrations, cancellations)
    }

    /// One held session (an attendance report) as a webinar instance.
    static func instance(_ report: GraphAttendanceReport, session: GraphSession) -> WebinarInstance? {
        guard let start = GraphDate.parse(report.meetingStartDateTime) ?? GraphDate.parse(session.startDateTime) else {
            return nil
        }
        let end = GraphDate.parse(report.meetingEndDateTime)
        return WebinarInstance(
            uuid: report.id, startTime: start, endTime: end, durationSeconds: end.map { Int($0.timeIntervalSince(start).rounded()) })
    }

    /// The attendance of one report: records with an email are the person's own; without one,
    /// the registration their `registrationId` names gives it; otherwise they are unmatched.
    /// Every join/leave interval is kept; one person's records are merged.
    static func attendance(
        _ records: [GraphAttendanceRecord], webinarID: String, instance: WebinarInstance, registrations: [GraphRegistration]
    ) -> (attendance: [Attendance], unmatched: [UnmatchedParticipant]) {
        let byID = Dictionary(registrations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let byEmail = Dictionary(
            registrations.compactMap { item in item.email.map { (EmailAddress.normalized($0), item.id) } },
            uniquingKeysWith: { first, _ in first })
        var people: [String: Attendance] = [:]
        var unmatched: [UnmatchedParticipant] = []
        for record in records {
            let name = record.identity?.displayName?.nilIfEmpty
            let registrationID = record.registrationId?.nilIfEmpty
            let own = EmailAddress.normalized(record.emailAddress ?? "")
            let email: String
            let source: Attendance.EmailSource
            if !own.isEmpty {
                (email, source) = (own, .participant)
            } else if let registrationID, let registered = byID[registrationID]?.email, !registered.isEmpty {
                (email, source) = (EmailAddress.normalized(registered), .registrant)
            } else {
                let reason =
                    registrationID.map {
                        "Joined without an email address, and its registration id \($0) matches no registration of this webinar."
                    } ?? "Joined without an email address (a guest) and without a registration to match it to."
                let participant = UnmatchedParticipant(name: name ?? "(no name)", reason: reason)
                if !unmatched.contains(participant) { unmatched.append(participant) }
                continue
            }
            let sessions = (record.attendanceIntervals ?? []).compactMap(session)
            var person =
                people[email]
                ?? Attendance(
                    webinarID: webinarID, instanceUUID: instance.uuid, email: email, name: name,
                    registrantID: registrationID ?? byEmail[email], sessions: [], totalSeconds: 0, percentOfWebinar: nil,
                    emailSource: source)
            person.name = person.name ?? name
            person.sessions = (person.sessions + sessions).sorted { ($0.joinedAt, $0.leftAt) < ($1.joinedAt, $1.leftAt) }
            people[email] = person
        }
        let attendance = people.values.sorted { $0.email < $1.email }.map { person in
            var person = person
            person.totalSeconds = AttendanceMath.coveredSeconds(person.sessions)
            person.percentOfWebinar = AttendanceMath.percent(person.totalSeconds, of: instance.durationSeconds)
            return person
        }
        return (attendance, unmatched)
    }

    private static func session(_ interval: GraphAttendanceInterval) -> AttendanceSession? {
        guard let joined = GraphDate.parse(interval.joinDateTime) else { return nil }
        let left =
            GraphDate.parse(interval.leaveDateTime) ?? joined.addingTimeInterval(TimeInterval(max(interval.durationInSeconds ?? 0, 0)))
        let end = max(left, joined)
        return AttendanceSession(
            joinedAt: joined, leftAt: end, durationSeconds: interval.durationInSeconds ?? Int(end.timeIntervalSince(joined).rounded()))
    }

    /// A session's recording: its files, and the session's video-on-demand page as the link people open.
    static func recording(
        _ files: [GraphMeetingArtifact], webinar: Webinar, instance: WebinarInstance, session: GraphSession
    ) -> Recording {
        guard !files.isEmpty else { return Recording(webinarID: webinar.id, instanceUUID: instance.uuid, state: .absent) }
        return Recording(
            webinarID: webinar.id, instanceUUID: instance.uuid, state: .completed, topic: webinar.topic,
            startTime: instance.startTime, durationMinutes: instance.durationSeconds.map { ($0 + 59) / 60 },
            shareURL: session.videoOnDemandWebUrl?.nilIfEmpty ?? files.first?.recordingContentUrl,
            files: files.map {
                Recording.File(
                    id: $0.id, fileType: "MP4", recordingType: "shared_screen_with_speaker_view", downloadURL: $0.recordingContentUrl)
            })
    }
}

extension String {
    /// nil when empty.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
