import Foundation

/// Everything a source knows about one webinar, taken in one go (what "sync now" and
/// reconciles use). Idempotent to sync: the host derives every write from it.
public struct WebinarSnapshot: Sendable, Codable, Hashable {
    /// The webinar.
    public var webinar: Webinar
    /// Past occurrences with their actual times (empty for an upcoming webinar).
    public var instances: [WebinarInstance]
    /// Registrations (approved, pending and denied).
    public var registrations: [Registration]
    /// Cancelled registrations.
    public var cancellations: [Cancellation]
    /// Attendance, one per person and instance, sessions merged.
    public var attendance: [Attendance]
    /// Participants that could not be synced and why (e.g. guests without email nor match).
    public var unmatchedParticipants: [UnmatchedParticipant]
    /// The recording of the latest instance; state `.absent` when there is none.
    public var recording: Recording?
    /// The transcript, when the recording has one and it could be downloaded.
    public var transcript: Transcript?
    /// The recordings of the instances before the latest, oldest first (nil or empty: none):
    /// each becomes a call record of its own, so a sync that sees several instances at once
    /// (e.g. a first sync after two occurrences) misses none of their recordings.
    public var earlierRecordings: [InstanceRecording]?
    /// Things the source could not provide, in words a user understands (e.g. "the
    /// participant report is not available yet").
    public var problems: [String]
    /// When the snapshot was taken.
    public var takenAt: Date

    /// Creates a snapshot.
    public init(
        webinar: Webinar,
        instances: [WebinarInstance] = [],
        registrations: [Registration] = [],
        cancellations: [Cancellation] = [],
        attendance: [Attendance] = [],
        unmatchedParticipants: [UnmatchedParticipant] = [],
        recording: Recording? = nil,
        transcript: Transcript? = nil,
        earlierRecordings: [InstanceRecording]? = nil,
        problems: [String] = [],
        takenAt: Date
    ) {
        self.earlierRecordings = earlierRecordings
        self.webinar = webinar
        self.instances = instances
        self.registrations = registrations
        self.cancellations = cancellations
        self.attendance = attendance
        self.unmatchedParticipants = unmatchedParticipants
        self.recording = recording
        self.transcript = transcript
        self.problems = problems
        self.takenAt = takenAt
    }
}

/// What a verified webhook said happened, normalized.
public enum SourceEvent: Sendable, Hashable {
    /// A webinar was created or changed; the record carries what the event provided.
    case webinarChanged(Webinar)
    /// A webinar was created, updated or deleted, and only its id is known.
    case webinarTouched(webinarID: String)
    /// A webinar was deleted.
    case webinarDeleted(webinarID: String)
    /// An instance started.
    case webinarStarted(webinarID: String, instanceUUID: String?)
    /// An instance ended: its attendance report becomes available — take a snapshot.
    case webinarEnded(webinarID: String, instanceUUID: String?)
    /// Someone registered, or a registration's approval changed: created, approved, pending
    /// or denied (the record's status says which).
    case registered(Registration)
    /// A registration was cancelled.
    case cancelled(Cancellation)
    /// A participant joined or left (live; attendance is synced from the snapshot after the end).
    case participantActivity(
        webinarID: String, instanceUUID: String?, email: String?, joined: Bool, at: Date?)
    /// A recording finished processing.
    case recordingCompleted(Recording)
    /// A transcript finished processing for a recording.
    case transcriptCompleted(webinarID: String, instanceUUID: String?)
    /// An event the connector recognises but the host has nothing to do for.
    case ignored(eventType: String)

    /// The webinar the event is about, when any.
    public var webinarID: String? {
        switch self {
        case .webinarChanged(let webinar): webinar.id
        case .webinarTouched(let id), .webinarDeleted(let id), .webinarStarted(let id, _),
            .webinarEnded(let id, _),
            .participantActivity(let id, _, _, _, _), .transcriptCompleted(let id, _):
            id
        case .registered(let registration): registration.webinarID
        case .cancelled(let cancellation): cancellation.webinarID
        case .recordingCompleted(let recording): recording.webinarID
        case .ignored: nil
        }
    }
}
