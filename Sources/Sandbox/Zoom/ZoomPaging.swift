import Foundation
import Hummingbird

/// One page of a Zoom list, with Zoom's paging fields.
struct ZoomPage<Element: Sendable>: Sendable {
    var items: [Element]
    var pageSize: Int
    var pageNumber: Int
    var pageCount: Int
    var totalRecords: Int
    /// "" on the last page, as Zoom returns it.
    var nextPageToken: String
}

/// Zoom's paging: `page_size` (default 30, capped at the operation's maximum), the
/// `next_page_token` (opaque, valid 15 minutes, bound to the list it came from) and the
/// deprecated `page_number` where the operation still accepts it.
enum ZoomPaging {
    static let tokenLifetime: TimeInterval = 15 * 60

    /// Cuts `all` into the page the request asks for.
    ///
    /// - Parameters:
    ///   - scope: identifies the list (operation and resource), so a token of another list is refused.
    ///   - maxPageSize: the operation's `page_size` maximum (300, or 2000 for users).
    static func page<Element: Sendable>(
        _ all: [Element],
        request: Request,
        scope: String,
        maxPageSize: Int,
        now: Date
    ) throws(ZoomAPIError) -> ZoomPage<Element> {
        let query = request.uri.queryParameters
        var pageSize = 30
        if let raw = query["page_size"], !raw.isEmpty {
            guard let parsed = Int(raw) else { throw .validationFailed(["page_size"]) }
            pageSize = min(max(parsed, 1), maxPageSize)
        }
        var offset = 0
        if let token = query["next_page_token"], !token.isEmpty {
            offset = try decodeToken(String(token), scope: scope, now: now)
        } else if let raw = query["page_number"], !raw.isEmpty {
            guard let number = Int(raw) else { throw .validationFailed(["page_number"]) }
            offset = (max(number, 1) - 1) * pageSize
        }
        let start = min(offset, all.count)
        let end = min(start + pageSize, all.count)
        let next = end < all.count ? encodeToken(scope: scope, offset: end, now: now) : ""
        return ZoomPage(
            items: Array(all[start..<end]),
            pageSize: pageSize,
            pageNumber: start / pageSize + 1,
            pageCount: (all.count + pageSize - 1) / pageSize,
            totalRecords: all.count,
            nextPageToken: next
        )
    }

    private static func encodeToken(scope: String, offset: Int, now: Date) -> String {
        let issued = Int64(now.timeIntervalSince1970)
        let plain = "\(offset)|\(issued)|\(scope)"
        return Data(plain.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func decodeToken(_ token: String, scope: String, now: Date) throws(ZoomAPIError)
        -> Int
    {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(
            of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8)
        else {
            throw .invalidPageToken
        }
        let parts = plain.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let offset = Int(parts[0]), let issued = Int64(parts[1]),
            parts[2] == scope,
            now.timeIntervalSince1970 - TimeInterval(issued) <= tokenLifetime
        else { throw .invalidPageToken }
        return offset
    }
}

/// Webinar ids and instance UUIDs in paths, decoded as Zoom's gateway decodes them.
enum ZoomPathID {
    /// Decodes a raw path segment once, as the gateway does before routing. As Zoom documents,
    /// a UUID that begins with `/` or contains `//` only survives when the client
    /// double-encoded it; single-encoded, Zoom answers "does not exist". A single `/` inside
    /// a UUID is fine single-encoded. A double-encoded value (still containing `%`) is decoded
    /// a second time.
    static func decode(_ raw: String) -> String? {
        guard let once = raw.removingPercentEncoding, !once.hasPrefix("/"), !once.contains("//") else { return nil }
        if once.contains("%") {
            return once.removingPercentEncoding
        }
        return once
    }

    /// A path parameter the spec types as an integer webinar id (registrants, instances).
    static func numericWebinarID(_ raw: String) throws(ZoomAPIError) -> Int64 {
        guard let decoded = raw.removingPercentEncoding, let id = Int64(decoded), id > 0 else {
            throw .invalidWebinarID
        }
        return id
    }
}
