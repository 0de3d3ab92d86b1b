import Foundation

/// Reads the string at a dotted path of object keys (e.g. `payload.account_id`) from a JSON
/// body by walking its bytes once, without building a document: the host only needs a
/// webhook's claimed account to pick whose secret verifies it, and the connector decodes the
/// body anyway. Returns nil — and the caller falls back to a full parse — for anything
/// unusual (array indexes in the path, escapes in the value, malformed JSON).
enum JSONPathScanner {
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    /// The string at `path`, or nil when the walk cannot tell.
    static func string(at path: [String], in body: Data) -> String? {
        guard !path.isEmpty else { return nil }
        return body.withUnsafeBytes { raw -> String? in
            var scanner = Walker(bytes: raw.bindMemory(to: UInt8.self))
            return scanner.string(at: path)
        }
    }

    private struct Walker {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func string(at path: [String]) -> String? {
            guard skipSpace(), take(UInt8(ascii: "{")) else { return nil }
            return objectMember(path: path[...])
        }

        /// Walks the object whose `{` was just taken, descending along `path`.
        mutating func objectMember(path: ArraySlice<String>) -> String? {
            while skipSpace(), index < bytes.count, bytes[index] != UInt8(ascii: "}") {
                guard let key = string(), skipSpace(), take(UInt8(ascii: ":")), skipSpace() else { return nil }
                if key == path.first {
                    if path.count == 1 { return string() }
                    guard take(UInt8(ascii: "{")) else { return nil }
                    return objectMember(path: path.dropFirst())
                }
                guard skipValue(), skipSpace() else { return nil }
                if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1 }
            }
            return nil
        }

        mutating func skipSpace() -> Bool {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0a || bytes[index] == 0x0d || bytes[index] == 0x09 {
                index += 1
            }
            return index < bytes.count
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string without escapes (nil otherwise).
        mutating func string() -> String? {
            guard take(quote) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != quote {
                if bytes[index] == backslash { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        /// Skips any value: strings (escapes included), nested objects and arrays, literals.
        mutating func skipValue() -> Bool {
            var depth = 0
            repeat {
                guard index < bytes.count else { return false }
                switch bytes[index] {
                case quote:
                    index += 1
                    while index < bytes.count, bytes[index] != quote { index += bytes[index] == backslash ? 2 : 1 }
                    index += 1
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    index += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return true }
                    depth -= 1
                    index += 1
                case UInt8(ascii: ","):
                    if depth == 0 { return true }
                    index += 1
                default:
                    index += 1
                }
            } while depth > 0 || (index < bytes.count && bytes[index] != UInt8(ascii: ",") && bytes[index] != UInt8(ascii: "}"))
            return index <= bytes.count
        }
    }
}
