import Foundation
import Hummingbird
import SwitchyardJSON

/// An error answered the way Microsoft Graph answers it:
/// `{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}`.
struct GraphError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// Seconds of `Retry-After` (throttling and service unavailable).
    var retryAfter: Int?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// 401: no bearer token.
    static let missingToken = GraphError(
        .unauthorized, "InvalidAuthenticationToken", "Access token is empty.")
    /// 401: a token the simulator did not issue.
    static let invalidToken = GraphError(
        .unauthorized, "InvalidAuthenticationToken", "IDX14100: JWT is not well formed, there are no dots (.).")
    /// 401: the token's lifetime is over.
    static let expiredToken = GraphError(
        .unauthorized, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")

    /// 404 for an entity that does not exist (or belongs to another tenant).
    static func notFound(_ what: String) -> GraphError {
        GraphError(.notFound, "NotFound", "\(what) was not found.")
    }

    /// 400 for a malformed request.
    static func badRequest(_ message: String) -> GraphError {
        GraphError(.badRequest, "BadRequest", message)
    }

    /// 429 as Graph throttles: `TooManyRequests` with `Retry-After`.
    static func throttled(retryAfter: Int) -> GraphError {
        GraphError(
            .tooManyRequests, "TooManyRequests",
            "Too many requests from Identifier:{tenant} under category:virtualEvents. Please try again later.",
            retryAfter: retryAfter)
    }

    /// 503 as Graph answers when the service is busy: `serviceNotAvailable` with `Retry-After`.
    static func serviceUnavailable(retryAfter: Int) -> GraphError {
        GraphError(
            .serviceUnavailable, "serviceNotAvailable",
            "The service is temporarily unavailable. Please retry after the time in the Retry-After header.",
            retryAfter: retryAfter)
    }

    /// The HTTP response for `request` (its `client-request-id` is echoed, as Graph does).
    func response(for request: Request, now: Date) -> Response {
        let requestID = GraphResponses.requestID()
        let clientRequestID = request.headers.first { $0.name.canonicalName == "client-request-id" }?.value ?? requestID
        let body: JSONValue = [
            "error": [
                "code": .string(code),
                "message": .string(message),
                "innerError": [
                    "date": .string(GraphResponses.dateText(now, fractional: false)),
                    "request-id": .string(requestID),
                    "client-request-id": .string(clientRequestID),
                ],
            ]
        ]
        var headers = HTTPFields()
        headers.setField("request-id", requestID)
        headers.setField("client-request-id", clientRequestID)
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return GraphResponses.json(body, status: status, headers: headers)
    }
}

/// Encoding of Graph bodies: JSON with Graph's date forms, OData annotations, request ids.
enum GraphResponses {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A JSON response (`application/json;odata.metadata=minimal;…` as Graph sends).
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A fresh request id (not from the seed: it identifies a request, not scenario data).
    static func requestID() -> String {
        var generator = SystemRandomNumberGenerator()
        return GraphIdentifiers.guid(using: &generator)
    }

    /// `2026-03-02T10:00:00Z` (or with `.000` milliseconds), as Graph writes `DateTimeOffset`s.
    static func dateText(_ date: Date, fractional: Bool = true) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: fractional, timeZone: .gmt))
    }

    /// A `DateTimeOffset` value, or `null`.
    static func date(_ date: Date?) -> JSONValue {
        date.map { .string(dateText($0)) } ?? .null
    }

    /// A `dateTimeTimeZone` value in UTC, e.g. `{"dateTime": "2026-03-02T10:00:00.0000000", "timeZone": "UTC"}`.
    static func dateTimeTimeZone(_ date: Date) -> JSONValue {
        let text = date.formatted(
            Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateTimeSeparator(.standard).time(
                includingFractionalSeconds: false))
        return ["dateTime": .string(text + ".0000000"), "timeZone": "UTC"]
    }

    /// Parses a `DateTimeOffset` (with or without fractional seconds; `Z` or an offset).
    static func parseDate(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        // Graph accepts 7 fractional digits (.NET's round-trip form); keep 3.
        if let dot = text.firstIndex(of: "."), let end = text[dot...].firstIndex(where: { !$0.isNumber && $0 != "." }) {
            let digits = text[text.index(after: dot)..<end].prefix(3)
            return try? Date(
                text[..<dot] + "." + digits + text[end...],
                strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        return nil
    }
}
