import Foundation

/// One past instance of a webinar: when it actually ran, who attended, and its recording.
public struct ZoomInstanceData: Sendable, Codable, Hashable {
  /// Instance UUID (base64; may begin with `/` or contain `//`, then it must be double-encoded).
  public var uuid: String
  /// Actual start.
  public var startTime: Date
  /// Actual end.
  public var endTime: Date
  /// One row per join/leave session; a person who rejoins has several rows.
  public var participants: [ZoomParticipantData]
  /// The cloud recording of this instance.
  public var recording: ZoomRecordingData

  /// Creates an instance.
  public init(
    uuid: String,
    startTime: Date,
    endTime: Date,
    participants: [ZoomParticipantData] = [],
    recording: ZoomRecordingData = .absent
  ) {
    self.uuid = uuid
    self.startTime = startTime
    self.endTime = endTime
    self.participants = participants
    self.recording = recording
  }

  /// Actual duration in whole minutes, as the report endpoint gives it.
  public var durationMinutes: Int {
    Int((endTime.timeIntervalSince(startTime) / 60).rounded())
  }
}

/// One join/leave session of one participant of a webinar instance.
public struct ZoomParticipantData: Sendable, Codable, Hashable {
  /// Per-session participant id (`user_id`), only valid for this instance.
  public var userID: String
  /// The participant's Zoom user id when logged in to Zoom (`participant_user_id`, `id`), else "".
  public var participantUserID: String
  /// Display name.
  public var name: String
  /// Email as Zoom reports it: "" for guests (not in the host's account) since March 2022.
  public var email: String
  /// The registration this session belongs to, when known (`registrant_id`).
  public var registrantID: String?
  /// Join time.
  public var joinTime: Date
  /// Leave time.
  public var leaveTime: Date
  /// Whether the participant is a user of the host's account.
  public var internalUser: Bool

  /// Creates a participant session.
  public init(
    userID: String,
    participantUserID: String = "",
    name: String,
    email: String,
    registrantID: String?,
    joinTime: Date,
    leaveTime: Date,
    internalUser: Bool = false
  ) {
    self.userID = userID
    self.participantUserID = participantUserID
    self.name = name
    self.email = email
    self.registrantID = registrantID
    self.joinTime = joinTime
    self.leaveTime = leaveTime
    self.internalUser = internalUser
  }

  /// Session duration in seconds.
  public var durationSeconds: Int {
    Int(leaveTime.timeIntervalSince(joinTime))
  }
}

/// The cloud recording of a webinar instance.
public struct ZoomRecordingData: Sendable, Codable, Hashable {
  /// Where the recording stands.
  public enum State: String, Sendable, Codable, Hashable {
    /// There is no recording (error 3301).
    case absent
    /// Zoom is still processing it; the REST API answers 3301 like an absent one.
    case processing
    /// Available, with its files.
    case completed
    /// Moved to the trash (deleted); the REST API answers 3301.
    case trashed
  }

  /// State.
  public var state: State
  /// Files (video, audio, transcript), present once processed.
  public var files: [ZoomRecordingFileData]
  /// Passcode for playback.
  public var password: String
  /// Text of the WebVTT transcript, when there is a `TRANSCRIPT` file.
  public var transcriptVTT: String?

  /// Creates a recording.
  public init(
    state: State, files: [ZoomRecordingFileData] = [], password: String = "",
    transcriptVTT: String? = nil
  ) {
    self.state = state
    self.files = files
    self.password = password
    self.transcriptVTT = transcriptVTT
  }

  /// No recording.
  public static let absent = ZoomRecordingData(state: .absent)
}

/// One file of a cloud recording.
public struct ZoomRecordingFileData: Sendable, Codable, Hashable {
  /// File id (also the last path component of its download URL).
  public var id: String
  /// `MP4`, `M4A` or `TRANSCRIPT`.
  public var fileType: String
  /// `MP4`, `M4A` or `VTT`.
  public var fileExtension: String
  /// e.g. `shared_screen_with_speaker_view`, `audio_only`, `audio_transcript`.
  public var recordingType: String
  /// Size in bytes.
  public var fileSize: Int
  /// Recording start.
  public var recordingStart: Date
  /// Recording end.
  public var recordingEnd: Date

  /// Creates a file.
  public init(
    id: String,
    fileType: String,
    fileExtension: String,
    recordingType: String,
    fileSize: Int,
    recordingStart: Date,
    recordingEnd: Date
  ) {
    self.id = id
    self.fileType = fileType
    self.fileExtension = fileExtension
    self.recordingType = recordingType
    self.fileSize = fileSize
    self.recordingStart = recordingStart
    self.recordingEnd = recordingEnd
  }
}
