import Foundation
import Hummingbird

/// An error answered the way Zoom answers it: an HTTP status and `{"code": …, "message": …}`,
/// plus `errors` for field validation failures.
struct ZoomAPIError: Error, Sendable {
  /// One invalid field of a validation failure.
  struct FieldError: Encodable, Sendable {
    var field: String
    var message: String
  }

  var status: HTTPResponse.Status
  var code: Int
  var message: String
  var errors: [FieldError]?

  init(_ status: HTTPResponse.Status, code: Int, _ message: String, errors: [FieldError]? = nil) {
    self.status = status
    self.code = code
    self.message = message
    self.errors = errors
  }

  /// 401 code 124: no, unknown or foreign bearer token.
  static let invalidToken = ZoomAPIError(.unauthorized, code: 124, "Invalid access token.")
  /// 401 code 124: the token's hour is over.
  static let expiredToken = ZoomAPIError(.unauthorized, code: 124, "Access token is expired.")
  /// 400 code 300: a page token that is not ours or older than 15 minutes.
  static let invalidPageToken = ZoomAPIError(
    .badRequest, code: 300, "The next page token is invalid or expired.")
  /// 400 code 300: a webinar id that is not a number.
  static let invalidWebinarID = ZoomAPIError(.badRequest, code: 300, "Invalid webinar ID.")

  /// 400 code 300 "Validation Failed." naming the invalid fields.
  static func validationFailed(_ fields: [String]) -> ZoomAPIError {
    ZoomAPIError(
      .badRequest,
      code: 300,
      "Validation Failed.",
      errors: fields.map { FieldError(field: $0, message: "Invalid field.") }
    )
  }

  /// 404 code 3001 for a webinar that does not exist in the caller's account.
  static func webinarNotFound(_ id: String) -> ZoomAPIError {
    ZoomAPIError(.notFound, code: 3001, "Webinar does not exist: \(id).")
  }

  /// 404 code 3001 as the report endpoints word it.
  static func reportNotFound(_ id: String) -> ZoomAPIError {
    ZoomAPIError(.notFound, code: 3001, "Webinar \"\(id)\" not found or has expired")
  }

  /// 404 code 3301: no (available) recording.
  static let noRecording = ZoomAPIError(
    .notFound, code: 3301, "There is no recording for this meeting.")

  private struct Body: Encodable {
    var code: Int
    var message: String
    var errors: [FieldError]?
  }

  /// The HTTP response, with extra headers (rate-limit headers).
  func response(headers: HTTPFields = [:]) -> Response {
    zoomJSONResponse(
      Body(code: code, message: message, errors: errors), status: status, headers: headers)
  }
}

/// The encoder of every simulated Zoom body: snake_case keys, `yyyy-MM-ddTHH:mm:ssZ` dates.
let zoomJSONEncoder: JSONEncoder = {
  let encoder = JSONEncoder()
  encoder.keyEncodingStrategy = .convertToSnakeCase
  encoder.dateEncodingStrategy = .iso8601
  encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  return encoder
}()

/// The decoder of request bodies (snake_case keys).
let zoomJSONDecoder: JSONDecoder = {
  let decoder = JSONDecoder()
  decoder.keyDecodingStrategy = .convertFromSnakeCase
  decoder.dateDecodingStrategy = .iso8601
  return decoder
}()

/// A JSON response encoded the Zoom way.
func zoomJSONResponse(
  _ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
) -> Response {
  var fields = headers
  fields[.contentType] = "application/json;charset=UTF-8"
  let data = (try? zoomJSONEncoder.encode(value)) ?? Data("{}".utf8)
  return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
