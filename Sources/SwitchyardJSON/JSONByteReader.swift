import Foundation

/// A strict, allocation-light JSON pull reader over UTF-8 bytes, for high-volume messages (the
/// connector protocol's snapshot parts, Zoom's list pages, HubSpot's batch answers). It accepts
/// only valid JSON (RFC 8259) and throws ``Unreadable`` on anything else, including forms it
/// chooses not to handle (a fractional number where an integer is expected, a lone surrogate
/// escape); callers then fall back to `JSONDecoder`, which either reads the message or reports
/// precisely what is wrong.
package struct JSONByteReader {
    /// The reader cannot (or will not) read the input; fall back to `JSONDecoder`.
    package struct Unreadable: Error {
        package init() {}
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private static let maxDepth = 512

    /// A reader of `bytes`, which must outlive it.
    package init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    // MARK: Structure

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The next non-space byte, not consumed.
    package mutating func peek() throws -> UInt8 {
        skipSpace()
        guard index < bytes.count else { throw Unreadable() }
        return bytes[index]
    }

    private mutating func consume(_ byte: UInt8) throws {
        guard try peek() == byte else { throw Unreadable() }
        index += 1
    }

    /// Reads an object, calling `field` with each key (its raw bytes; a key needing escapes is
    /// unreadable) positioned at its value, which `field` must read or skip.
    package mutating func object(_ field: (inout JSONByteReader, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try consume(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            try consume(UInt8(ascii: "\""))
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                guard bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 else { throw Unreadable() }
                index += 1
            }
            guard index < bytes.count else { throw Unreadable() }
            let key = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            try consume(UInt8(ascii: ":"))
            try field(&self, key)
            let next = try peek()
            index += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw Unreadable() }
        }
    }

    /// Reads an array, calling `element` positioned at each element.
    package mutating func array(_ element: (inout JSONByteReader) throws -> Void) throws {
        try consume(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try element(&self)
            let next = try peek()
            index += 1
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw Unreadable() }
        }
    }

    /// Throws unless only whitespace is left.
    package mutating func end() throws {
        skipSpace()
        guard index == bytes.count else { throw Unreadable() }
    }

    // MARK: Values

    /// Reads `null` if it comes next; returns whether it did.
    package mutating func null() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func literal(_ text: StaticString) throws {
        let matches = text.withUTF8Buffer { expected in
            index + expected.count <= bytes.count && zip(expected, bytes[index...]).allSatisfy { $0 == $1 }
        }
        guard matches else { throw Unreadable() }
        index += text.utf8CodeUnitCount
    }

    /// Reads a string.
    package mutating func string() throws -> String {
        try consume(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) else {
                    throw Unreadable()
                }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw Unreadable() }
            index += 1
        }
        throw Unreadable()
    }

    /// The rest of a string that has escapes, its plain start already scanned.
    private mutating func escapedString(from start: Int) throws -> String {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw Unreadable() }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Unreadable() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        try literal("\\u")
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Unreadable() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw Unreadable() }
                    utf8.append(contentsOf: String(Character(unicode)).utf8)
                default: throw Unreadable()
                }
            default:
                guard byte >= 0x20 else { throw Unreadable() }
                utf8.append(byte)
            }
        }
        throw Unreadable()
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Unreadable() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unreadable()
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The bytes of a JSON number and whether it has a fraction or an exponent.
    private mutating func number() throws -> (text: UnsafeBufferPointer<UInt8>, integral: Bool) {
        _ = try peek()
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - first
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let leadingZero = index < bytes.count && bytes[index] == UInt8(ascii: "0")
        let whole = digits()
        guard whole > 0, !leadingZero || whole == 1 else { throw Unreadable() }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw Unreadable() }
            integral = false
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw Unreadable() }
            integral = false
        }
        return (UnsafeBufferPointer(rebasing: bytes[start..<index]), integral)
    }

    /// Reads an integer written without fraction or exponent.
    package mutating func int() throws -> Int {
        let (text, integral) = try number()
        guard integral, let value = Int(String(decoding: text, as: UTF8.self)) else { throw Unreadable() }
        return value
    }

    /// Reads a number as a double.
    package mutating func double() throws -> Double {
        let (text, _) = try number()
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { throw Unreadable() }
        return value
    }

    /// The bytes of a string without escapes (between its quotes), not copied; a string with an
    /// escape is unreadable. For values parsed from their bytes, such as dates.
    package mutating func plainStringBytes() throws -> UnsafeBufferPointer<UInt8> {
        try consume(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            guard bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 else { throw Unreadable() }
            index += 1
        }
        guard index < bytes.count else { throw Unreadable() }
        index += 1
        return UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
    }

    /// Reads `true` or `false`.
    package mutating func bool() throws -> Bool {
        if try peek() == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// Reads a string, or `null` as nil.
    package mutating func optionalString() throws -> String? {
        try null() ? nil : string()
    }

    /// Reads an integer, or `null` as nil.
    package mutating func optionalInt() throws -> Int? {
        try null() ? nil : int()
    }

    /// Skips a string without building it (its escapes checked, its UTF-8 not).
    private mutating func skipString() throws {
        try consume(UInt8(ascii: "\""))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Unreadable() }
                let escape = bytes[index]
                index += 1
                if escape == UInt8(ascii: "u") {
                    _ = try hex4()
                } else {
                    guard "\"\\/nrtbf".utf8.contains(escape) else { throw Unreadable() }
                }
            default:
                guard byte >= 0x20 else { throw Unreadable() }
            }
        }
        throw Unreadable()
    }

    /// Skips any value.
    package mutating func skip(depth: Int = 0) throws {
        guard depth < Self.maxDepth else { throw Unreadable() }
        switch try peek() {
        case UInt8(ascii: "{"): try object { reader, _ in try reader.skip(depth: depth + 1) }
        case UInt8(ascii: "["): try array { try $0.skip(depth: depth + 1) }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number()
        }
    }
}

extension JSONByteReader {
    /// Reads a whole document with `read`, which must consume exactly one value.
    package static func read<Value>(_ data: Data, _ read: (inout JSONByteReader) throws -> Value) throws -> Value {
        try data.withUnsafeBytes { raw in
            var reader = JSONByteReader(raw.assumingMemoryBound(to: UInt8.self))
            let value = try read(&reader)
            try reader.end()
            return value
        }
    }
}

/// Whether raw key bytes spell `name`.
package func keyIs(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
    name.withUTF8Buffer { $0.elementsEqual(key) }
}
