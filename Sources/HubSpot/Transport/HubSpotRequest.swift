import Foundation

/// One HTTP call the client makes: everything the transport needs, nothing HubSpot-wide.
struct HubSpotRequest: Sendable {
    enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case patch = "PATCH"
        case put = "PUT"
        case delete = "DELETE"
    }

    /// Which credentials authenticate the call.
    enum Auth: Sendable {
        /// The portal's access token as a bearer token.
        case portal
        /// The app's developer API key as `hapikey`; not counted against the portal's budget.
        case developer
    }

    var operation: String
    var method: Method
    /// The path, each dynamic segment already escaped with ``segment(_:)``.
    var path: String
    var query: [(String, String)] = []
    var body: Data?
    var auth: Auth = .portal
    var lane: HubSpotRequestBudget.Lane = .standard
    /// Whether repeating the call after an ambiguous failure (5xx, timeout) is harmless.
    var idempotent = true

    /// Escapes one path segment (ids, emails, names) so it cannot change the path.
    static func segment(_ value: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// Escapes a query name or value.
    static func queryComponent(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#;")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// Adds `name=value` once per value (OpenAPI `style: form, explode: true` arrays).
    mutating func addQuery(_ name: String, values: [String]) {
        query.append(contentsOf: values.map { (name, $0) })
    }

    /// Encodes `value` as the JSON body.
    mutating func setBody(_ value: some Encodable) throws {
        body = try HubSpotJSON.encoder().encode(value)
    }
}

/// JSON coding as HubSpot does it: ISO-8601 dates with milliseconds.
enum HubSpotJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDate(date))
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let millis = try? container.decode(Int64.self) {
                return Date(timeIntervalSince1970: TimeInterval(millis) / 1000)
            }
            let text = try container.decode(String.self)
            if let date = parseDate(text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not an ISO-8601 date: \(text)")
        }
        return decoder
    }

    /// `2024-05-01T10:00:00.000Z`.
    static func formatDate(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func parseDate(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            return date
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Milliseconds since 1970, as HubSpot's `int64` timestamps.
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
