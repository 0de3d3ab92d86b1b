import Foundation

/// Deterministic identifiers in the shapes Zoom uses, drawn from a ``SeededGenerator``.
public enum ZoomIdentifiers {
  private static let urlSafeAlphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

  /// A 22-character user id, e.g. `KDcuGIm1QgePTO8WbOqwIQ`.
  public static func userID(using generator: inout SeededGenerator) -> String {
    string(length: 22, alphabet: Array(urlSafeAlphabet.dropLast(2)), using: &generator)
  }

  /// A 22-character registrant id (URL-safe alphabet).
  public static func registrantID(using generator: inout SeededGenerator) -> String {
    string(length: 22, alphabet: urlSafeAlphabet, using: &generator)
  }

  /// An 11-digit webinar id.
  public static func webinarID(using generator: inout SeededGenerator) -> Int64 {
    Int64.random(in: 81_000_000_000...89_999_999_999, using: &generator)
  }

  /// A webinar or instance UUID: 16 random bytes in standard base64 (`…==`), so it can
  /// contain `/` and `+` like Zoom's.
  public static func instanceUUID(using generator: inout SeededGenerator) -> String {
    Data(randomBytes(16, using: &generator)).base64EncodedString()
  }

  /// A UUID that begins with `/` (must be double-encoded in paths).
  public static func slashLeadingUUID(using generator: inout SeededGenerator) -> String {
    "/" + instanceUUID(using: &generator).dropFirst()
  }

  /// A UUID that contains `//` (must be double-encoded in paths).
  public static func doubleSlashUUID(using generator: inout SeededGenerator) -> String {
    let base = Array(instanceUUID(using: &generator))
    return String(base[0..<6]) + "//" + String(base[8...])
  }

  /// A per-session participant id (`user_id` in participant reports), e.g. `16778240`.
  public static func participantSessionID(using generator: inout SeededGenerator) -> String {
    String(Int.random(in: 16_000_000...16_999_999, using: &generator))
  }

  /// A recording file id in UUID format.
  public static func fileID(using generator: inout SeededGenerator) -> String {
    let hex = randomBytes(16, using: &generator).map { String(format: "%02x", $0) }.joined()
    let characters = Array(hex)
    let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
    return groups.joined(separator: "-")
  }

  /// Random bytes.
  static func randomBytes<Generator: RandomNumberGenerator>(
    _ count: Int, using generator: inout Generator
  ) -> [UInt8] {
    (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
  }

  private static func string(
    length: Int, alphabet: [Character], using generator: inout SeededGenerator
  ) -> String {
    String(
      (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
  }
}
