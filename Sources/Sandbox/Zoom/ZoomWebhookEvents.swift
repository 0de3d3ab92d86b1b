import Foundation

/// A webhook event ready to push: its name and JSON body.
public struct ZoomWebhookEvent: Sendable, Hashable {
  /// Event name, e.g. `webinar.participant_joined`.
  public var name: String
  /// The exact body Zoom would POST.
  public var body: Data
}

/// `payload.object.id` is an integer in some events and a string in others (see the spec).
enum ZoomWebhookID: Encodable, Sendable {
  case number(Int64)
  case string(String)

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .number(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    }
  }
}

/// The payload shapes of Meetings-webhooks.json for the events the simulator pushes.
enum ZoomWebhookEvents {
  struct Envelope<Payload: Encodable>: Encodable {
    var event: String
    var eventTs: Int64
    var downloadToken: String?
    var payload: Payload
  }

  struct Payload<Object: Encodable>: Encodable {
    var accountId: String
    var `operator`: String?
    var operatorId: String?
    var operation: String?
    var object: Object
    var timeStamp: Int64?
    var oldObject: Object?
  }

  struct Registrant: Encodable {
    var id: String
    var firstName: String
    var lastName: String
    var email: String
    var status: String?
    var joinUrl: String?
  }

  struct Participant: Encodable {
    var userId: String
    var userName: String
    var id: String
    var joinTime: Date?
    var leaveTime: Date?
    var leaveReason: String?
    var email: String
    var registrantId: String?
    var participantUserId: String
    var participantUuid: String
  }

  struct Settings: Encodable {
    var usePmi: Bool
    var alternativeHosts: String
  }

  struct WebinarObject: Encodable {
    var uuid: String?
    var id: ZoomWebhookID
    var hostId: String?
    var topic: String?
    var type: Int?
    var startTime: Date?
    var endTime: Date?
    var duration: Int?
    var timezone: String?
    var joinUrl: String?
    var password: String?
    var creationSource: String?
    var practiceSession: Bool?
    var settings: Settings?
    var registrant: Registrant?
    var participant: Participant?
  }

  struct RecordingObject: Encodable {
    var id: Int64
    var uuid: String
    var hostId: String
    var accountId: String
    var topic: String
    var type: Int
    var startTime: Date
    var password: String
    var timezone: String
    var hostEmail: String
    var duration: Int
    var shareUrl: String
    var totalSize: Int
    var recordingCount: Int
    var recordingPlayPasscode: String
    var recordingFiles: [ZoomRecordingFileDTO]
  }

  static func milliseconds(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded())
  }

  static func event<Payload: Encodable>(
    _ name: String, now: Date, downloadToken: String? = nil, payload: Payload
  )
    -> ZoomWebhookEvent
  {
    let envelope = Envelope(
      event: name, eventTs: milliseconds(now), downloadToken: downloadToken, payload: payload)
    let body = (try? zoomJSONEncoder.encode(envelope)) ?? Data()
    return ZoomWebhookEvent(name: name, body: body)
  }

  /// The `endpoint.url_validation` challenge (its keys are camelCase, unlike every other event).
  static func urlValidation(plainToken: String, now: Date) -> ZoomWebhookEvent {
    struct Challenge: Encodable {
      struct Payload: Encodable { var plainToken: String }
      var payload: Payload
      var eventTs: Int64
      var event: String

      enum CodingKeys: String, CodingKey {
        case payload, event
        case eventTs = "event_ts"
      }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let challenge = Challenge(
      payload: .init(plainToken: plainToken), eventTs: milliseconds(now),
      event: "endpoint.url_validation")
    return ZoomWebhookEvent(
      name: "endpoint.url_validation", body: (try? encoder.encode(challenge)) ?? Data())
  }

  /// The webinar fields of scheduling and registration events (`id` is a number there).
  static func scheduledObject(_ webinar: ZoomWebinarData) -> WebinarObject {
    WebinarObject(
      uuid: webinar.uuid, id: .number(webinar.id), hostId: webinar.hostID, topic: webinar.topic,
      type: webinar.type, startTime: webinar.startTime, duration: webinar.durationMinutes,
      timezone: webinar.timezone)
  }

  /// `webinar.created`, `webinar.deleted`.
  static func scheduling(
    _ name: String, webinar: ZoomWebinarData, accountID: String, operator: ZoomUserData?, now: Date
  )
    -> ZoomWebhookEvent
  {
    var object = scheduledObject(webinar)
    if name == "webinar.created" {
      object.joinUrl = ZoomLinks.joinURL(webinar)
      object.password = ""
      object.creationSource = webinar.creationSource
      object.settings = Settings(usePmi: false, alternativeHosts: "")
    }
    let payload = Payload(
      accountId: accountID, operator: `operator`?.email ?? webinar.hostEmail,
      operatorId: `operator`?.id ?? webinar.hostID, operation: "single", object: object)
    return event(name, now: now, payload: payload)
  }

  /// `webinar.updated` with the changed topic.
  static func updated(_ webinar: ZoomWebinarData, oldTopic: String, accountID: String, now: Date)
    -> ZoomWebhookEvent
  {
    let object = WebinarObject(id: .number(webinar.id), topic: webinar.topic)
    let old = WebinarObject(id: .number(webinar.id), topic: oldTopic)
    let payload = Payload(
      accountId: accountID, operator: webinar.hostEmail, operatorId: webinar.hostID, object: object,
      timeStamp: milliseconds(now), oldObject: old)
    return event("webinar.updated", now: now, payload: payload)
  }

  /// `webinar.registration_created` / `_approved` / `_denied` / `_cancelled`.
  static func registration(
    _ name: String, webinar: ZoomWebinarData, registrant: ZoomRegistrantData, accountID: String,
    operator: String?,
    now: Date
  ) -> ZoomWebhookEvent {
    var object = scheduledObject(webinar)
    let joinURL = ZoomLinks.registrantJoinURL(webinar, registrantID: registrant.id)
    object.registrant = Registrant(
      id: registrant.id, firstName: registrant.firstName, lastName: registrant.lastName,
      email: registrant.email,
      status: name == "webinar.registration_created" ? registrant.status : nil,
      joinUrl: name == "webinar.registration_cancelled" || name == "webinar.registration_denied"
        ? nil : joinURL)
    let operatorID = `operator` == nil ? nil : webinar.hostID
    let payload = Payload(
      accountId: accountID, operator: `operator`, operatorId: operatorID, object: object)
    return event(name, now: now, payload: payload)
  }

  /// The instance fields of live events (`id` is a string there).
  static func liveObject(_ webinar: ZoomWebinarData, instance: ZoomInstanceData) -> WebinarObject {
    WebinarObject(
      uuid: instance.uuid, id: .string(String(webinar.id)), hostId: webinar.hostID,
      topic: webinar.topic,
      type: webinar.type, startTime: instance.startTime, duration: webinar.durationMinutes,
      timezone: webinar.timezone)
  }

  /// `webinar.started` / `webinar.ended`.
  static func lifecycle(
    _ name: String, webinar: ZoomWebinarData, instance: ZoomInstanceData, accountID: String,
    now: Date
  )
    -> ZoomWebhookEvent
  {
    var object = liveObject(webinar, instance: instance)
    if name == "webinar.ended" {
      object.endTime = instance.endTime
      object.practiceSession = false
    }
    return event(name, now: now, payload: Payload(accountId: accountID, object: object))
  }

  /// `webinar.participant_joined` / `webinar.participant_left` for one session.
  static func participant(
    _ name: String, webinar: ZoomWebinarData, instance: ZoomInstanceData, row: ZoomParticipantData,
    accountID: String, now: Date
  ) -> ZoomWebhookEvent {
    let joined = name == "webinar.participant_joined"
    var object = liveObject(webinar, instance: instance)
    object.participant = Participant(
      userId: row.userID, userName: row.name, id: row.participantUserID,
      joinTime: joined ? row.joinTime : nil, leaveTime: joined ? nil : row.leaveTime,
      leaveReason: joined ? nil : "\(row.name) left the webinar.", email: row.email,
      registrantId: row.registrantID, participantUserId: row.participantUserID,
      participantUuid: ZoomLinks.token("\(instance.uuid)-\(row.userID)"))
    return event(name, now: now, payload: Payload(accountId: accountID, object: object))
  }

  /// `recording.completed` (video and audio files) or `recording.transcript_completed` (the transcript).
  static func recording(
    _ name: String, ref: ZoomInstanceRef, accountID: String, baseURL: String, downloadToken: String,
    now: Date
  ) -> ZoomWebhookEvent {
    let dto = ZoomAPI.recordingDTO(ref, accountID: accountID, baseURL: baseURL)
    let transcript = name == "recording.transcript_completed"
    let files = dto.recordingFiles.filter { ($0.fileType == "TRANSCRIPT") == transcript }
    let object = RecordingObject(
      id: ref.webinar.id, uuid: dto.uuid, hostId: dto.hostId, accountId: accountID,
      topic: dto.topic,
      type: ref.webinar.type, startTime: dto.startTime, password: dto.password,
      timezone: ref.webinar.timezone,
      hostEmail: ref.webinar.hostEmail, duration: dto.duration, shareUrl: dto.shareUrl,
      totalSize: files.reduce(0) { $0 + $1.fileSize }, recordingCount: files.count,
      recordingPlayPasscode: dto.recordingPlayPasscode, recordingFiles: files)
    return event(
      name, now: now, downloadToken: downloadToken,
      payload: Payload(accountId: accountID, object: object))
  }
}
