import ConnectorKit
import Foundation

/// Zoom's JSON conventions: snake_case keys, ISO 8601 dates (with or without fractional
/// seconds), and ids that are numbers in some answers and strings in others.
enum ZoomJSON {
    /// Decodes an answer; a shape that does not fit becomes a `.malformedData` error.
    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data, operation: String)
        throws -> Value
    {
        // The pages read by the thousand have a hand-written reader (`ZoomPageReading.swift`).
        if let fast = type as? any ZoomFastDecodable.Type, let value = fastRead(fast, from: data) as? Value { return value }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: data)
        } catch {
            throw ConnectorError(
                .malformedData,
                "Could not \(operation): Zoom's answer does not have the documented shape (\(describe(error)))."
            )
        }
    }

    /// Encodes a request body with snake_case keys.
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// A short description of a decoding error: which key, and what was wrong.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return
                "missing '\(([path(context)] + [key.stringValue]).filter { !$0.isEmpty }.joined(separator: "."))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at '\(path(context))'"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "invalid value at '\(path(context))'"
        @unknown default:
            return "\(error)"
        }
    }
}

/// Zoom date-time strings, e.g. `2022-03-15T07:40:46Z` or `2019-02-01T12:34:12.66Z`.
enum ZoomDate {
    /// Parses a date-time; nil for an empty or unparsable string.
    static func parse(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        // The protocol's allocation-free reader first: Foundation's parser costs a few
        // microseconds a date, and a large webinar has tens of thousands of them.
        if let date = WireDate.parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}

/// An id Zoom sends as a JSON number in some places and as a string in others.
struct ZoomFlexibleID: Decodable, Sendable, Hashable, CustomStringConvertible {
    /// The id as text.
    var value: String

    init(_ value: String) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = String(number)
        } else if let text = try? container.decode(String.self) {
            value = text
        } else {
            throw DecodingError.typeMismatch(
                String.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected a number or a string"))
        }
    }

    var description: String { value }
}
