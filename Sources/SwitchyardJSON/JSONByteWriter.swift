import Foundation

/// Writes JSON straight into bytes, for high-volume messages (the connector protocol's snapshot
/// parts, HubSpot's batch bodies): no intermediate tree, no boxing of each value.
///
/// It writes what `JSONEncoder` with `.withoutEscapingSlashes` writes for the same values
/// (quotes, backslashes and control characters escaped; slashes and non-ASCII as is); the caller
/// chooses the key order (`.sortedKeys` order when it must match an encoder's output).
package struct JSONByteWriter {
    /// The JSON written so far.
    package var bytes: [UInt8] = []

    /// Creates a writer with room for `capacity` bytes.
    package init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// A double that JSON cannot carry (NaN or an infinity): the caller falls back to
    /// `JSONEncoder`, which reports it.
    package struct NonConformingNumber: Error {
        package init() {}
    }

    /// Appends text that needs no escaping (punctuation and keys).
    package mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends one byte of punctuation.
    package mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends a JSON string: quotes, backslashes and control characters escaped, everything
    /// else (slashes and non-ASCII included) as is.
    package mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex: StaticString = "0123456789abcdef"
            raw("u00")
            hex.withUTF8Buffer { digits in
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            }
        }
    }

    /// Appends an integer.
    package mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Appends an integer.
    package mutating func int64(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Appends `true` or `false`.
    package mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// Appends a finite double the way `JSONEncoder` does (`12.5`, `100`).
    package mutating func double(_ value: Double) throws {
        guard value.isFinite else { throw NonConformingNumber() }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `[element, …]`.
    package mutating func array<Element>(_ elements: [Element], _ write: (inout JSONByteWriter, Element) throws -> Void) rethrows {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            try write(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends `["text", …]`.
    package mutating func strings(_ values: [String]) {
        array(values) { $0.string($1) }
    }

    /// Appends a string map as an object with its keys in ascending order (as `JSONEncoder`
    /// writes it with `.sortedKeys`).
    package mutating func sortedMap(_ values: [String: String]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, key) in values.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(key)
            bytes.append(UInt8(ascii: ":"))
            string(values[key] ?? "")
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// The JSON as `Data`.
    package var data: Data { Data(bytes) }
}
