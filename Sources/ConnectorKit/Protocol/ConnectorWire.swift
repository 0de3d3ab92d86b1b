import Foundation
import SwitchyardJSON

/// The one JSON configuration of the connector protocol: ISO 8601 dates in UTC (written with
/// milliseconds only when a date has them; read with or without fractional seconds, `Z` or an
/// offset), `Data` as base64, no escaped slashes, never a raw newline (one message per line).
public enum ConnectorWire {
    /// A new encoder for protocol messages.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(WireDate.format(date))
        }
        encoder.dataEncodingStrategy = .base64
        return encoder
    }

    /// A new decoder for protocol messages.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = WireDate.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an ISO 8601 date such as 2026-12-06T10:00:00Z, found '\(text)'")
            }
            return date
        }
        decoder.dataDecodingStrategy = .base64
        return decoder
    }

    /// Encodes one message as a line (without the trailing newline).
    public static func encode(_ value: some Encodable) throws -> Data {
        try encoder().encode(value)
    }

    /// Decodes one message.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder().decode(type, from: data)
    }
}

/// A small, allocation-light ISO 8601 reader and writer for the protocol's dates.
public enum WireDate {
    /// `2026-12-06T10:00:00Z`, or `2026-12-06T10:00:00.250Z` when the date has milliseconds.
    public static func format(_ date: Date) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        write(date, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``format(_:)``'s text of `date` to `bytes`, without allocating.
    public static func write(_ date: Date, into bytes: inout [UInt8]) {
        ISO8601Bytes.write(date, into: &bytes, alwaysMilliseconds: false)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil when `text` is not of that form.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// ``parse(_:)`` of UTF-8 bytes, without allocating.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        ISO8601Bytes.parse(utf8: bytes)
    }
}
