import ConnectorKit
import Foundation

/// Merges the rows of a participant report (one row per join/leave session) into one
/// ``Attendance`` per person and instance.
///
/// - A row's email is the participant's own; a guest's empty email is taken from the
///   registration its `registrant_id` links to (``Attendance/EmailSource/registrant``).
/// - Rows that still have no email are reported as ``UnmatchedParticipant``s, once per guest.
/// - Total time counts overlapping sessions once (e.g. two devices at the same time); the
///   percentage is of the instance's actual length, capped at 100.
/// - Waiting-room rows are not attendance.
enum AttendanceMerger {
    /// Attendance and unmatched participants of one instance.
    struct Result: Sendable, Equatable {
        var attendance: [Attendance]
        var unmatched: [UnmatchedParticipant]
    }

    private struct Person {
        var email: String
        var name: String?
        var registrantID: String?
        var source: Attendance.EmailSource
        var sessions: [AttendanceSession] = []
    }

    /// Merges `rows` of `instance` of webinar `webinarID`, matching guests to `registrations`.
    static func merge(
        rows: [ZoomParticipantDTO], webinarID: String, instance: WebinarInstance,
        registrations: [Registration]
    ) -> Result {
        let byRegistrantID = Dictionary(
            registrations.compactMap { registration in
                registration.registrantID.map { ($0, registration) }
            }, uniquingKeysWith: { first, _ in first })
        let byEmail = Dictionary(
            registrations.map { (EmailAddress.normalized($0.email), $0) },
            uniquingKeysWith: { first, _ in first })
        var people: [String: Person] = [:]
        var unmatched: [UnmatchedParticipant] = []

        for row in rows where row.status != "in_waiting_room" {
            let name = row.name.flatMap { $0.isEmpty ? nil : $0 }
            let registrantID = row.registrantId.flatMap { $0.isEmpty ? nil : $0 }
            guard let session = session(row) else {
                note(
                    UnmatchedParticipant(
                        name: name ?? "(no name)",
                        reason: "Zoom's participant report has no join time for this participant (bad data)."),
                    in: &unmatched)
                continue
            }
            let ownEmail = row.userEmail.map(EmailAddress.normalized) ?? ""
            let email: String
            let source: Attendance.EmailSource
            if !ownEmail.isEmpty {
                (email, source) = (ownEmail, .participant)
            } else if let registrantID, let registration = byRegistrantID[registrantID] {
                (email, source) = (EmailAddress.normalized(registration.email), .registrant)
            } else {
                note(unmatchedGuest(name: name, registrantID: registrantID), in: &unmatched)
                continue
            }
            var person =
                people[email]
                ?? Person(
                    email: email, name: name,
                    registrantID: registrantID ?? byEmail[email]?.registrantID, source: source)
            person.name = person.name ?? name
            person.sessions.append(session)
            people[email] = person
        }

        let attendance = people.values.sorted { $0.email < $1.email }.map { person in
            let sessions = person.sessions.sorted { ($0.joinedAt, $0.leftAt) < ($1.joinedAt, $1.leftAt) }
            let total = coveredSeconds(sessions)
            return Attendance(
                webinarID: webinarID, instanceUUID: instance.uuid, email: person.email, name: person.name,
                registrantID: person.registrantID, sessions: sessions, totalSeconds: total,
                percentOfWebinar: percent(total, of: instance.durationSeconds),
                emailSource: person.source)
        }
        return Result(attendance: attendance, unmatched: unmatched)
    }

    /// Seconds covered by the union of the sessions (see ``AttendanceMath``).
    static func coveredSeconds(_ sessions: [AttendanceSession]) -> Int { AttendanceMath.coveredSeconds(sessions) }

    /// A percentage of the webinar's length (see ``AttendanceMath``).
    static func percent(_ seconds: Int, of length: Int?) -> Double? { AttendanceMath.percent(seconds, of: length) }

    private static func session(_ row: ZoomParticipantDTO) -> AttendanceSession? {
        guard let joined = ZoomDate.parse(row.joinTime) else { return nil }
        let left =
            ZoomDate.parse(row.leaveTime)
            ?? joined.addingTimeInterval(TimeInterval(max(row.duration ?? 0, 0)))
        let end = max(left, joined)
        let seconds = row.duration ?? Int(end.timeIntervalSince(joined).rounded())
        return AttendanceSession(joinedAt: joined, leftAt: end, durationSeconds: seconds)
    }

    private static func unmatchedGuest(name: String?, registrantID: String?) -> UnmatchedParticipant {
        let reason =
            if let registrantID {
                "Joined without an email address, and its registrant id \(registrantID) matches no registration of this webinar."
            } else {
                "Joined without an email address (a guest) and without a registration to match it to."
            }
        return UnmatchedParticipant(name: name ?? "(no name)", reason: reason)
    }

    private static func note(
        _ participant: UnmatchedParticipant, in list: inout [UnmatchedParticipant]
    ) {
        if !list.contains(participant) { list.append(participant) }
    }
}
