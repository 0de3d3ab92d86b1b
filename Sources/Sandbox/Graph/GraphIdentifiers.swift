import Foundation

/// Identifiers in the forms Microsoft Graph uses, drawn from a seeded generator.
enum GraphIdentifiers {
    /// A lower-case GUID (`8-4-4-4-12` hex digits).
    static func guid(using generator: inout some RandomNumberGenerator) -> String {
        let hex = (0..<32).map { _ in String(UInt8.random(in: 0...15, using: &generator), radix: 16) }.joined()
        let characters = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }

    /// A webinar id: `{guid}@{tenantId}`.
    static func webinarID(tenantID: String, using generator: inout some RandomNumberGenerator) -> String {
        "\(guid(using: &generator))@\(tenantID)"
    }

    /// A session id, a GUID derived from its meeting's thread id (so drawing it takes nothing
    /// from the seeded generator and a seed's other data stays the same).
    static func sessionID(threadID: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hex = ""
        for round in 0..<2 {
            for byte in Array("\(round)|\(threadID)".utf8) {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            hex += String(format: "%016llx", hash)
        }
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }

    /// An online meeting id: base64 of `1*{organizerId}*0**{threadId}`, as Teams
    /// forms them, in the URL-safe alphabet so it fits a path segment unencoded.
    static func onlineMeetingID(organizerID: String, threadID: String) -> String {
        base64URL(Data("1*\(organizerID)*0**\(threadID)".utf8))
    }

    /// A meeting thread id, `19:meeting_{random}@thread.v2`.
    static func threadID(using generator: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let random = String((0..<44).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        return "19:meeting_\(random)@thread.v2"
    }

    /// A recording or transcript id (opaque base64 in Graph).
    static func contentID(using generator: inout some RandomNumberGenerator) -> String {
        base64URL(Data((0..<36).map { _ in UInt8.random(in: 0...255, using: &generator) }))
    }

    /// Base64 in the URL-safe alphabet without padding.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
