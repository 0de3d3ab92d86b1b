import Foundation
import Hummingbird

/// A recording file as `GET /meetings/{id}/recordings` (and the recording webhooks) list it.
struct ZoomRecordingFileDTO: Encodable {
  var id: String
  var meetingId: String
  var recordingStart: Date
  var recordingEnd: Date
  var fileType: String
  var fileExtension: String
  var fileSize: Int
  var playUrl: String
  var downloadUrl: String
  var status: String
  var recordingType: String

  init(_ file: ZoomRecordingFileData, instanceUUID: String, baseURL: String) {
    id = file.id
    meetingId = instanceUUID
    recordingStart = file.recordingStart
    recordingEnd = file.recordingEnd
    fileType = file.fileType
    fileExtension = file.fileExtension
    fileSize = file.fileSize
    playUrl = "\(baseURL)/rec/play/\(file.id)"
    downloadUrl = "\(baseURL)/rec/download/\(file.id)"
    status = "completed"
    recordingType = file.recordingType
  }
}

/// `GET /meetings/{meetingId}/recordings`.
struct ZoomRecordingDTO: Encodable {
  var uuid: String
  var id: Int64
  var accountId: String
  var hostId: String
  var topic: String
  /// The spec types the REST `type` as a string ("5", "6", "9" for webinars).
  var type: String
  var startTime: Date
  var duration: Int
  var totalSize: Int
  var recordingCount: Int
  var shareUrl: String
  var password: String
  var recordingPlayPasscode: String
  var recordingFiles: [ZoomRecordingFileDTO]
  var downloadAccessToken: String?
}

extension ZoomAPI {
  /// `GET /meetings/{meetingId}/recordings` for a webinar id (latest instance) or instance UUID.
  /// Absent, still processing or trashed recordings answer 404 / 3301.
  func recordings(_ call: ZoomCall) async throws -> Response {
    guard let idOrUUID = ZoomPathID.decode(call.rawPath("meetingId")),
      let ref = store.instance(accountID: call.accountID, idOrUUID: idOrUUID)
    else { throw ZoomAPIError.noRecording }
    let recording = ref.instance.recording
    guard recording.state == .completed else { throw ZoomAPIError.noRecording }
    var body = Self.recordingDTO(ref, accountID: call.accountID, baseURL: call.baseURL)
    if call.query("include_fields") == "download_access_token" {
      var lifetime = 86_400
      if let ttl = call.query("ttl") {
        guard let parsed = Int(ttl), (0...604_800).contains(parsed) else {
          throw ZoomAPIError.validationFailed(["ttl"])
        }
        lifetime = parsed
      }
      body.downloadAccessToken = issueDownloadToken(
        accountID: call.accountID, lifetimeSeconds: lifetime, now: call.now)
    }
    return zoomJSONResponse(body)
  }

  /// The recording body of an instance (shared with the recording webhooks).
  static func recordingDTO(_ ref: ZoomInstanceRef, accountID: String, baseURL: String)
    -> ZoomRecordingDTO
  {
    let instance = ref.instance
    let files = instance.recording.files.map {
      ZoomRecordingFileDTO($0, instanceUUID: instance.uuid, baseURL: baseURL)
    }
    return ZoomRecordingDTO(
      uuid: instance.uuid,
      id: ref.webinar.id,
      accountId: accountID,
      hostId: ref.webinar.hostID,
      topic: ref.webinar.topic,
      type: String(ref.webinar.type),
      startTime: instance.startTime,
      duration: instance.durationMinutes,
      totalSize: instance.recording.files.reduce(0) { $0 + $1.fileSize },
      recordingCount: files.count,
      shareUrl: "https://zoom.us/rec/share/\(ZoomLinks.token("share-\(instance.uuid)"))",
      password: instance.recording.password,
      recordingPlayPasscode: ZoomLinks.token("passcode-\(instance.uuid)"),
      recordingFiles: files,
      downloadAccessToken: nil
    )
  }

  /// A token that authorizes downloads of the account's recordings.
  func issueDownloadToken(accountID: String, lifetimeSeconds: Int, now: Date) -> String {
    let token = ZoomAuth.newToken()
    let expiresAt = now.addingTimeInterval(TimeInterval(lifetimeSeconds))
    store.withState {
      $0.tokens[token] = ZoomStore.IssuedToken(accountID: accountID, expiresAt: expiresAt)
    }
    return token
  }

  /// `GET /rec/download/{fileId}` — the file, for a bearer token (header or `access_token`
  /// query) of the owning account; a transcript downloads as WebVTT.
  func downloadRecordingFile(_ request: Request, context: some RequestContext) async throws
    -> Response
  {
    let accountID: String
    do {
      accountID = try auth.authenticate(request, allowQueryToken: true)
    } catch {
      return error.response()
    }
    let fileID = context.parameters.get("fileId") ?? ""
    let account = store.account(accountID)
    let found = account?.webinars.lazy.flatMap(\.instances).first { instance in
      instance.recording.state == .completed
        && instance.recording.files.contains { $0.id == fileID }
    }
    guard let instance = found,
      let file = instance.recording.files.first(where: { $0.id == fileID })
    else {
      return ZoomAPIError.noRecording.response()
    }
    let contentType: String
    let bytes: [UInt8]
    switch file.fileType {
    case "TRANSCRIPT":
      contentType = "text/vtt"
      bytes = Array((instance.recording.transcriptVTT ?? "WEBVTT\n").utf8)
    case "M4A":
      contentType = "audio/mp4"
      bytes = Array("sandbox audio \(file.id)".utf8)
    default:
      contentType = "video/mp4"
      bytes = Array("sandbox video \(file.id)".utf8)
    }
    var headers = HTTPFields()
    headers[.contentType] = contentType
    headers.setField(
      "Content-Disposition",
      "attachment; filename=\"\(file.id).\(file.fileExtension.lowercased())\"")
    return Response(
      status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
  }
}
