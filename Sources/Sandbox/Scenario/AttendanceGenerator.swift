import Foundation

/// How a person shows up in a webinar's participant report.
enum AttendeeVisibility: Sendable {
  /// A user of the host's account: email shown, logged-in user id.
  case internalUser(zoomUserID: String)
  /// A registrant whose email Zoom shows.
  case registrantWithEmail
  /// A registrant shown as a guest: email "", linked only by `registrant_id`.
  case registrantAsGuest
  /// A guest who never registered: email "" and no `registrant_id` (cannot be matched).
  case unmatchedGuest
}

/// Generates join/leave sessions: a person may leave and rejoin, giving several rows.
enum AttendanceGenerator {
  /// Sessions of one person within `[start, end]`, 1 to `maxSessions` rows in time order.
  static func sessions(
    name: String,
    email: String,
    registrantID: String?,
    visibility: AttendeeVisibility,
    start: Date,
    end: Date,
    maxSessions: Int,
    using generator: inout SeededGenerator
  ) -> [ZoomParticipantData] {
    let total = max(Int(end.timeIntervalSince(start)), 60)
    let count = Int.random(in: 1...max(maxSessions, 1), using: &generator)
    // Cut points inside the webinar, sorted; sessions use alternate segments.
    var cuts = (0..<(count * 2)).map { _ in Int.random(in: 0...total, using: &generator) }.sorted()
    if case .internalUser = visibility {
      cuts[0] = 0
      cuts[cuts.count - 1] = total
    }
    var rows: [ZoomParticipantData] = []
    for index in 0..<count {
      let joinOffset = cuts[index * 2]
      let leaveOffset = max(cuts[index * 2 + 1], joinOffset + 30)
      let shownEmail: String
      let shownRegistrantID: String?
      let participantUserID: String
      switch visibility {
      case .internalUser(let zoomUserID):
        shownEmail = email
        shownRegistrantID = registrantID
        participantUserID = zoomUserID
      case .registrantWithEmail:
        shownEmail = email
        shownRegistrantID = registrantID
        participantUserID = ""
      case .registrantAsGuest:
        shownEmail = ""
        shownRegistrantID = registrantID
        participantUserID = ""
      case .unmatchedGuest:
        shownEmail = ""
        shownRegistrantID = nil
        participantUserID = ""
      }
      rows.append(
        ZoomParticipantData(
          userID: ZoomIdentifiers.participantSessionID(using: &generator),
          participantUserID: participantUserID,
          name: name,
          email: shownEmail,
          registrantID: shownRegistrantID,
          joinTime: start.addingTimeInterval(TimeInterval(joinOffset)),
          leaveTime: start.addingTimeInterval(TimeInterval(min(leaveOffset, total))),
          internalUser: {
            if case .internalUser = visibility { return true }
            return false
          }()
        )
      )
    }
    return rows
  }

  /// A recording in `state`; completed and trashed ones carry an MP4, an M4A and a transcript.
  static func recording(
    state: ZoomRecordingData.State,
    topic: String,
    start: Date,
    end: Date,
    speakers: [String],
    using generator: inout SeededGenerator
  ) -> ZoomRecordingData {
    guard state == .completed || state == .trashed else { return ZoomRecordingData(state: state) }
    let seconds = max(Int(end.timeIntervalSince(start)), 60)
    let kinds: [(String, String, String, Int)] = [
      ("MP4", "MP4", "shared_screen_with_speaker_view", seconds * 40_000),
      ("M4A", "M4A", "audio_only", seconds * 4_000),
      ("TRANSCRIPT", "VTT", "audio_transcript", seconds * 20),
    ]
    let files = kinds.map { kind in
      ZoomRecordingFileData(
        id: ZoomIdentifiers.fileID(using: &generator), fileType: kind.0, fileExtension: kind.1,
        recordingType: kind.2, fileSize: kind.3, recordingStart: start, recordingEnd: end)
    }
    let password = String(Int.random(in: 100_000...999_999, using: &generator))
    return ZoomRecordingData(
      state: state, files: files, password: password,
      transcriptVTT: transcript(topic: topic, speakers: speakers, duration: seconds))
  }

  /// A WebVTT transcript of a webinar with a few cues from its host and participants.
  static func transcript(topic: String, speakers: [String], duration: Int) -> String {
    var lines = ["WEBVTT", ""]
    let names = speakers.isEmpty ? ["Host"] : speakers
    let step = max(duration / max(names.count + 1, 1), 5)
    for (index, speaker) in names.enumerated() {
      let from = index * step
      let to = from + min(step, 5)
      lines.append("\(index + 1)")
      lines.append("\(timestamp(from)) --> \(timestamp(to))")
      lines.append(
        index == 0 ? "\(speaker): Welcome to \(topic)." : "\(speaker): Thanks, I have a question.")
      lines.append("")
    }
    return lines.joined(separator: "\n")
  }

  private static func timestamp(_ seconds: Int) -> String {
    String(format: "%02d:%02d:%02d.000", seconds / 3600, (seconds / 60) % 60, seconds % 60)
  }
}
