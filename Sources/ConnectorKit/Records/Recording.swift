import Foundation

/// The cloud recording of a webinar instance and its state.
public struct Recording: Sendable, Codable, Hashable {
    /// Whether the recording can be synced.
    public enum State: String, Sendable, Codable, Hashable {
        /// Available: files can be linked.
        case completed
        /// Still being processed by the source; try again later.
        case processing
        /// Deleted (e.g. moved to trash) in the source.
        case deleted
        /// There is no recording.
        case absent
    }

    /// One file of a recording.
    public struct File: Sendable, Codable, Hashable {
        /// The source's file id.
        public var id: String
        /// Kind, e.g. `MP4`, `M4A`, `TRANSCRIPT`.
        public var fileType: String
        /// Recording type, e.g. `shared_screen_with_speaker_view`, `audio_transcript`.
        public var recordingType: String?
        /// Where to download it (needs the source's authorization).
        public var downloadURL: String?
        /// Where to play it in a browser.
        public var playURL: String?
        /// Size in bytes, when known.
        public var sizeBytes: Int?

        /// Creates a file record.
        public init(
            id: String,
            fileType: String,
            recordingType: String? = nil,
            downloadURL: String? = nil,
            playURL: String? = nil,
            sizeBytes: Int? = nil
        ) {
            self.id = id
            self.fileType = fileType
            self.recordingType = recordingType
            self.downloadURL = downloadURL
            self.playURL = playURL
            self.sizeBytes = sizeBytes
        }
    }

    /// The webinar's numeric id.
    public var webinarID: String
    /// The instance recorded, when known.
    public var instanceUUID: String?
    /// The recording's state.
    public var state: State
    /// The webinar topic as the recording carries it.
    public var topic: String?
    /// When the recording started.
    public var startTime: Date?
    /// Length in minutes.
    public var durationMinutes: Int?
    /// A URL people can open to watch it (the share URL, or a play URL).
    public var shareURL: String?
    /// The files.
    public var files: [File]

    /// Creates a recording record.
    public init(
        webinarID: String,
        instanceUUID: String? = nil,
        state: State,
        topic: String? = nil,
        startTime: Date? = nil,
        durationMinutes: Int? = nil,
        shareURL: String? = nil,
        files: [File] = []
    ) {
        self.webinarID = webinarID
        self.instanceUUID = instanceUUID
        self.state = state
        self.topic = topic
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.shareURL = shareURL
        self.files = files
    }
}

/// The transcript of a recorded webinar instance.
public struct Transcript: Sendable, Codable, Hashable {
    /// The webinar's numeric id.
    public var webinarID: String
    /// The instance, when known.
    public var instanceUUID: String?
    /// The transcript as WebVTT text.
    public var webVTT: String

    /// Creates a transcript record.
    public init(webinarID: String, instanceUUID: String? = nil, webVTT: String) {
        self.webinarID = webinarID
        self.instanceUUID = instanceUUID
        self.webVTT = webVTT
    }
}

/// The recording of one earlier instance of a webinar, with its transcript when it has one.
public struct InstanceRecording: Sendable, Codable, Hashable {
    /// The recording.
    public var recording: Recording
    /// Its transcript, when it has one and it could be downloaded.
    public var transcript: Transcript?

    /// Creates a record.
    public init(recording: Recording, transcript: Transcript? = nil) {
        self.recording = recording
        self.transcript = transcript
    }
}

/// The recording of one webinar instance and its transcript, read without the rest of the
/// webinar (capability ``ConnectorCapability/recordingFetch``): what a transcript that
/// completed after its recording needs, for a handful of source requests instead of a snapshot.
public struct RecordingFetch: Sendable, Codable, Hashable {
    /// The recording; nil when the source has none for the instance now (deleted, never made,
    /// or not found): the host then takes a full snapshot, which tells those apart.
    public var recording: Recording?
    /// Its transcript, when it has one and it could be downloaded.
    public var transcript: Transcript?
    /// Things the source could not provide (e.g. a failed transcript download), in words a user
    /// understands; shown in the audit log like a snapshot's problems.
    public var problems: [String]

    /// Creates a fetch result.
    public init(recording: Recording?, transcript: Transcript? = nil, problems: [String] = []) {
        self.recording = recording
        self.transcript = transcript
        self.problems = problems
    }

    private enum CodingKeys: String, CodingKey { case recording, transcript, problems }

    /// Decodes; `recording`, `transcript` and `problems` may be omitted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recording = try container.decodeIfPresent(Recording.self, forKey: .recording)
        transcript = try container.decodeIfPresent(Transcript.self, forKey: .transcript)
        problems = try container.decodeIfPresent([String].self, forKey: .problems) ?? []
    }

    /// The recording of `instanceUUID` (the latest instance when nil) and its transcript, as a
    /// full snapshot has them (the latest instance's, or one of ``WebinarSnapshot/earlierRecordings``).
    public init(snapshot: WebinarSnapshot, instanceUUID: String?) {
        let latest = snapshot.recording
        if instanceUUID == nil || latest?.instanceUUID == nil || latest?.instanceUUID == instanceUUID {
            self.init(recording: latest, transcript: snapshot.transcript, problems: snapshot.problems)
        } else {
            let earlier = (snapshot.earlierRecordings ?? []).first { $0.recording.instanceUUID == instanceUUID }
            self.init(recording: earlier?.recording, transcript: earlier?.transcript, problems: snapshot.problems)
        }
    }
}
