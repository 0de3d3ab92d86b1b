import ConnectorKit
import Foundation

/// Zoom's error body: `{"code": 3001, "message": "Webinar does not exist: 123."}`, plus
/// `errors` naming invalid fields on validation failures.
struct ZoomErrorBody: Decodable, Sendable {
    struct FieldError: Decodable, Sendable {
        var field: String?
        var message: String?
    }

    var code: Int?
    var message: String?
    var errors: [FieldError]?

    /// Reads an error body; nil when the body is not Zoom's error JSON.
    static func parse(_ data: Data) -> ZoomErrorBody? {
        guard let body = try? JSONDecoder().decode(ZoomErrorBody.self, from: data),
            body.code != nil || body.message != nil
        else { return nil }
        return body
    }
}

/// Zoom error codes the connector treats specially.
enum ZoomErrorCode {
    /// Invalid or expired access token (401): renew the token once.
    static let invalidToken = 124
    /// Validation failed / invalid id or page token (400).
    static let validation = 300
    /// Webinar does not exist (404).
    static let notFound = 3001
    /// Registration is not enabled, or another registration refusal (400).
    static let registrationRefused = 3000
    /// The host cannot register for their own webinar (400).
    static let hostCannotRegister = 3027
    /// The webinar is over; registration is closed (400).
    static let webinarOver = 3038
    /// There is no (available) recording (404).
    static let noRecording = 3301
    /// User does not exist (404).
    static let userNotFound = 1001
    /// A report older than a year (400).
    static let reportTooOld = 12702
}

extension ConnectorError {
    /// The error for a non-2xx Zoom answer: kind from the status and Zoom's code, the message
    /// carrying Zoom's own words and what to do.
    static func zoom(status: Int, body: Data, operation: String) -> ConnectorError {
        let parsed = ZoomErrorBody.parse(body)
        let code = parsed?.code
        var zoomSays = parsed?.message ?? "HTTP \(status)"
        let fields = (parsed?.errors ?? []).compactMap(\.field)
        if !fields.isEmpty {
            zoomSays += " (fields: \(fields.joined(separator: ", ")))"
        }
        let kind: Kind
        var advice = ""
        switch (status, code) {
        case (401, _):
            kind = .unauthorized
            advice = " Check the app's client id, client secret, account id and scopes."
        case (403, _), (_, 200):
            kind = .unauthorized
            advice =
                " The Server-to-Server OAuth app lacks a scope or the account lacks the webinar plan."
        case (404, _):
            kind = .notFound
        case (429, _):
            kind = .rateLimited
        case (400, ZoomErrorCode.validation?), (400, nil), (422, _):
            kind = .invalidInput
        case (400, _), (409, _):
            kind = .rejected
        case (500..<600, _):
            kind = .unavailable
            advice = " Zoom failed; try again later."
        default:
            kind = status >= 500 ? .unavailable : .rejected
        }
        let sentence = zoomSays.hasSuffix(".") ? zoomSays : zoomSays + "."
        return ConnectorError(
            kind, "Zoom refused to \(operation): \(sentence)\(advice)", sourceCode: code,
            httpStatus: status)
    }
}
