import ConnectorKit
import Foundation

/// Builds the timeline events of a webinar sync, with ids derived from the source facts so
/// a replay or re-sync produces the same ids (and HubSpot stores each event once).
enum TimelineEventBuilder {
    /// Token names of the three templates.
    enum Token {
        static let webinarID = "webinarId"
        static let webinarName = "webinarName"
        static let webinarDate = "webinarDate"
        static let joinedAt = "joinedAt"
        static let leftAt = "leftAt"
        static let durationMinutes = "durationMinutes"
        static let attendancePercent = "attendancePercent"
        static let topic = "topic"
        static let startTime = "startTime"
        static let recordingURL = "recordingUrl"
    }

    /// The registration and attendance events; ids start with the profile's `prefix`.
    static func events(snapshot: WebinarSnapshot, people: PeopleSelection, prefix: String) -> [PlannedTimelineEvent] {
        let webinar = snapshot.webinar
        let webinarDate = snapshot.instances.map(\.startTime).min() ?? webinar.startTime
        var events: [PlannedTimelineEvent] = []
        for (email, registration) in people.registeredEver.sorted(by: { $0.key < $1.key }) {
            var tokens = [Token.webinarID: webinar.id, Token.webinarName: webinar.topic]
            tokens[Token.webinarDate] = webinarDate.map(millis)
            events.append(
                PlannedTimelineEvent(
                    id: "\(prefix)-registration-\(webinar.id)-\(WebinarPlanner.emailToken(email))",
                    kind: .registration, email: email,
                    timestamp: registration.registeredAt ?? webinarDate ?? snapshot.takenAt, tokens: tokens))
        }
        for (email, records) in people.attendance.sorted(by: { $0.key < $1.key }) {
            for record in records.sorted(by: { $0.instanceUUID < $1.instanceUUID }) {
                let instance = snapshot.instances.first { $0.uuid == record.instanceUUID }
                var tokens = [Token.webinarID: webinar.id, Token.webinarName: webinar.topic]
                tokens[Token.webinarDate] = (instance?.startTime ?? webinarDate).map(millis)
                tokens[Token.joinedAt] = record.firstJoinedAt.map(millis)
                tokens[Token.leftAt] = record.lastLeftAt.map(millis)
                tokens[Token.durationMinutes] = String(Int((Double(record.totalSeconds) / 60).rounded()))
                tokens[Token.attendancePercent] = record.percentOfWebinar.map { ContactPropertyValues.format($0) }
                events.append(
                    PlannedTimelineEvent(
                        id: "\(prefix)-attendance-\(webinar.id)-\(instanceToken(record.instanceUUID))-\(WebinarPlanner.emailToken(email))",
                        kind: .attendance, email: email,
                        timestamp: record.firstJoinedAt ?? instance?.startTime ?? snapshot.takenAt, tokens: tokens))
            }
        }
        return events
    }

    /// "Recording available" events for everyone eligible who registered or attended.
    static func recordingEvents(snapshot: WebinarSnapshot, people: PeopleSelection, callKey: String, prefix: String)
        -> [PlannedTimelineEvent]
    {
        guard let recording = snapshot.recording, let url = recording.shareURL ?? recording.files.first?.playURL else { return [] }
        let recipients = Set(people.registrations.keys).union(people.attendance.keys).union(people.earlierParticipants.keys).sorted()
        var tokens = [Token.topic: recording.topic ?? snapshot.webinar.topic, Token.recordingURL: url]
        tokens[Token.startTime] = (recording.startTime ?? snapshot.webinar.startTime).map(millis)
        return recipients.map { email in
            PlannedTimelineEvent(
                id: "\(prefix)-recording-\(instanceToken(callKey))-\(WebinarPlanner.emailToken(email))",
                kind: .recording, email: email, timestamp: recording.startTime ?? snapshot.takenAt, tokens: tokens)
        }
    }

    /// Milliseconds since 1970, as HubSpot's date tokens expect.
    static func millis(_ date: Date) -> String {
        String(Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// A short id-safe token for an instance UUID (which may contain `/`, `+`, `=`).
    static func instanceToken(_ uuid: String) -> String {
        WebinarPlanner.emailToken(uuid)
    }
}
