import SwitchyardJSON
import Foundation
import Hummingbird

/// One entry of the `errors` array of HubSpot's error body (the spec's `ErrorDetail`).
public struct HubSpotErrorDetail: Sendable, Codable, Equatable {
    /// What is wrong.
    public var message: String
    /// The field or parameter concerned.
    public var `in`: String?
    /// A machine-readable code, e.g. `PROPERTY_DOESNT_EXIST`.
    public var code: String?
    /// Extra context, e.g. `{"propertyName": ["foo"]}`.
    public var context: [String: [String]]?

    /// Creates a detail.
    public init(
        message: String, in field: String? = nil, code: String? = nil,
        context: [String: [String]]? = nil
    ) {
        self.message = message
        self.in = field
        self.code = code
        self.context = context
    }
}

/// An error answered by the simulated HubSpot API, with HubSpot's real body shape:
/// `{"status":"error","message":…,"correlationId":…,"category":…,"errors":[…]}` (the spec's
/// `Error` schema plus the `status` member HubSpot always sends).
struct HubSpotAPIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let body: JSONValue
    var headers: HTTPFields = [:]

    /// An error in HubSpot's standard shape.
    init(
        _ status: HTTPResponse.Status,
        category: String,
        message: String,
        errors: [HubSpotErrorDetail]? = nil,
        context: [String: [String]]? = nil,
        subCategory: String? = nil,
        links: [String: String]? = nil
    ) {
        self.status = status
        var members: [String: JSONValue] = [
            "status": "error",
            "message": .string(message),
            "correlationId": .string(UUID().uuidString.lowercased()),
            "category": .string(category),
        ]
        if let errors { members["errors"] = .array(errors.map(\.jsonValue)) }
        if let context { members["context"] = .object(context.mapValues(JSONValue.strings)) }
        if let subCategory { members["subCategory"] = .string(subCategory) }
        if let links { members["links"] = .map(links) }
        self.body = .object(members)
    }

    /// An error with a body that does not follow the standard shape (429 bodies).
    init(status: HTTPResponse.Status, rawBody: JSONValue, headers: HTTPFields = [:]) {
        self.status = status
        self.body = rawBody
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        hubSpotJSONResponse(body, status: status, headers: headers)
    }

    // MARK: Common errors

    /// 400 `VALIDATION_ERROR`.
    static func validation(
        _ message: String, errors: [HubSpotErrorDetail]? = nil, context: [String: [String]]? = nil
    )
        -> HubSpotAPIError
    {
        HubSpotAPIError(
            .badRequest, category: "VALIDATION_ERROR", message: message, errors: errors, context: context)
    }

    /// 400 for a body that breaks the operation's schema.
    static func schema(_ violations: [SchemaViolation]) -> HubSpotAPIError {
        validation(
            violations.first?.message ?? "Invalid input JSON", errors: violations.flatMap(\.details))
    }

    /// 404 `OBJECT_NOT_FOUND`.
    static func notFound(_ message: String = "resource not found") -> HubSpotAPIError {
        HubSpotAPIError(.notFound, category: "OBJECT_NOT_FOUND", message: message)
    }

    /// 409 `CONFLICT`.
    static func conflict(
        _ message: String, category: String = "CONFLICT", context: [String: [String]]? = nil
    )
        -> HubSpotAPIError
    {
        HubSpotAPIError(.conflict, category: category, message: message, context: context)
    }

    /// 401 `INVALID_AUTHENTICATION` for a missing or unknown access token.
    static var invalidToken: HubSpotAPIError {
        HubSpotAPIError(
            .unauthorized,
            category: "INVALID_AUTHENTICATION",
            message:
                "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
        )
    }

    /// 401 for a missing or wrong developer API key (`hapikey`).
    static var invalidDeveloperKey: HubSpotAPIError {
        HubSpotAPIError(
            .unauthorized,
            category: "INVALID_AUTHENTICATION",
            message:
                "The API key provided is invalid. View or manage your API key here: https://app.hubspot.com/l/api-key/"
        )
    }

    /// 403 `MISSING_SCOPES`: a portal token used where developer credentials are needed.
    static func missingScopes(_ scopes: [String]) -> HubSpotAPIError {
        HubSpotAPIError(
            .forbidden,
            category: "MISSING_SCOPES",
            message:
                "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
            errors: [
                HubSpotErrorDetail(
                    message: "One or more of the following scopes are required.",
                    context: ["requiredGranularScopes": scopes]
                )
            ],
            links: ["scopes": "https://developers.hubspot.com/scopes"]
        )
    }
}

extension HubSpotErrorDetail {
    var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["message": .string(message)]
        if let field = self.in { members["in"] = .string(field) }
        if let code { members["code"] = .string(code) }
        if let context { members["context"] = .object(context.mapValues(JSONValue.strings)) }
        return .object(members)
    }
}

/// A JSON response as HubSpot sends it (`application/json;charset=utf-8`).
func hubSpotJSONResponse(
    _ body: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
) -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
    var fields = headers
    fields[.contentType] = "application/json;charset=utf-8"
    return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// HubSpot's date-time format (ISO-8601 with milliseconds, UTC) and its parsing.
enum HubSpotTime {
    /// Formats a date as `2024-05-01T12:00:00.000Z`.
    static func format(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    /// Parses ISO-8601 (with or without fractional seconds) or epoch milliseconds.
    static func parse(_ text: String) -> Date? {
        if let millis = Int64(text) {
            return Date(timeIntervalSince1970: Double(millis) / 1000)
        }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            return date
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Epoch milliseconds of a date.
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

extension HTTPResponse.Status {
    /// 207 Multi-Status: a batch answer with per-item errors.
    static var multiStatus: Self { .init(code: 207, reasonPhrase: "Multi-Status") }
}
