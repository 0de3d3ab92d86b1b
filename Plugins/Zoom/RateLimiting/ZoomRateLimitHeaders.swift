import Foundation

/// What Zoom's rate-limit headers on a 429 say: `X-RateLimit-Category`, `X-RateLimit-Type`
/// (`QPS` or `Daily-limit`), `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `Retry-After`.
struct ZoomRateLimitHeaders: Sendable {
    /// The category the limit applies to.
    var category: ZoomRateCategory?
    /// `QPS`, `Daily-limit`, …
    var type: String?
    /// The limit Zoom applies.
    var limit: Int?
    /// How long to wait, from `Retry-After` (seconds, an HTTP date or an ISO 8601 date), or
    /// until the next UTC midnight for a used-up daily limit without one.
    var retryAfter: Duration?

    /// Reads the headers of `response`; `now` turns dates into waits.
    init(_ response: ZoomHTTPResponse, now: Date) {
        category = response.header("X-RateLimit-Category").flatMap(ZoomRateCategory.init(header:))
        type = response.header("X-RateLimit-Type")
        limit = response.header("X-RateLimit-Limit").flatMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        if let value = response.header("Retry-After") {
            retryAfter = Self.wait(retryAfter: value, now: now)
        } else if isDaily {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
            let midnight = calendar.nextDate(
                after: now, matching: DateComponents(hour: 0, minute: 0, second: 0),
                matchingPolicy: .nextTime)
            retryAfter = midnight.map { .seconds(max($0.timeIntervalSince(now), 1)) }
        }
    }

    /// Whether the limit is the per-second one.
    var isPerSecond: Bool { type.map { $0.uppercased() == "QPS" } ?? true }
    /// Whether the limit is a daily one.
    var isDaily: Bool { type?.lowercased().contains("daily") ?? false }

    /// Parses a `Retry-After` value.
    static func wait(retryAfter value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) { return .seconds(max(seconds, 0)) }
        if let date = ZoomDate.parse(text) ?? httpDate(text) {
            return .seconds(max(date.timeIntervalSince(now), 0))
        }
        return nil
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
