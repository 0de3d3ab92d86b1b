import ConnectorKit
import Foundation

/// Builds Zoom API paths and query strings with the encoding Zoom expects.
enum ZoomPath {
    /// RFC 3986 unreserved characters: everything else is percent-encoded (including `+`,
    /// `/` and `=`, which appear in instance UUIDs and page tokens).
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes one path segment or query value.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// An instance UUID as a path segment: double-encoded when it begins with `/` or contains
    /// `//` (as the spec requires for every `{webinarId}` that takes a UUID), else encoded once.
    static func instanceUUID(_ uuid: String) -> String {
        let once = encode(uuid)
        return uuid.hasPrefix("/") || uuid.contains("//") ? encode(once) : once
    }

    /// `path?name=value&…` with every value encoded; nil values are left out.
    static func withQuery(_ path: String, _ query: [(String, String?)]) -> String {
        let pairs = query.compactMap { name, value in value.map { "\(name)=\(encode($0))" } }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }
}

/// A Zoom webinar id: 9 to 12 digits ("812 3456 7890", "812-3456-7890" and "81234567890" are
/// the same id).
public struct ZoomWebinarID: Sendable, Hashable, CustomStringConvertible {
    /// The digits.
    public let digits: String

    /// Normalizes typed input: single spaces or dashes between digit groups are removed; anything
    /// else (a sign such as `-81234567890`, a doubled separator, a non-digit), or a length
    /// outside 9...12, is not a webinar id (nil).
    public init?(_ text: String) {
        guard let digits = GroupedDigits.digits(text), (9...12).contains(digits.count), digits.first != "0" else { return nil }
        self.digits = digits
    }

    /// The digits.
    public var description: String { digits }

    /// The id grouped the way Zoom shows it, e.g. `812 3456 7890`.
    public var displayForm: String {
        let characters = Array(digits)
        let head = characters.count - 8
        guard head > 0 else { return digits }
        return String(characters[0..<head]) + " " + String(characters[head..<head + 4]) + " "
            + String(characters[(head + 4)...])
    }
}
