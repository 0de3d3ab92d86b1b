import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Zoom's per-account rate limits: requests per second per category, and a daily limit of
/// Heavy requests, with the `X-RateLimit-*` headers Zoom sends.
final class ZoomRateLimiter: Sendable {
  /// The outcome of counting one request.
  struct Decision: Sendable {
    var allowed: Bool
    var category: ZoomRateLimitCategory
    /// `QPS` or `Daily-limit`: which limit the headers describe.
    var type: String
    var limit: Int
    var remaining: Int
    /// For a daily limit that is used up: when it resets (next UTC midnight).
    var retryAfter: Date?

    /// The `X-RateLimit-*` (and `Retry-After`) headers.
    var headers: HTTPFields {
      var fields = HTTPFields()
      fields.setField("X-RateLimit-Category", category.rawValue)
      fields.setField("X-RateLimit-Type", type)
      fields.setField("X-RateLimit-Limit", String(limit))
      fields.setField("X-RateLimit-Remaining", String(remaining))
      if let retryAfter {
        fields[.retryAfter] = retryAfter.formatted(.iso8601)
      }
      return fields
    }

    /// Zoom's 429 answer.
    var rejection: ZoomAPIError {
      if type == "Daily-limit" {
        return ZoomAPIError(
          .tooManyRequests,
          code: 429,
          "You have exceeded the daily rate limit (\(limit)) of \(category.rawValue) API requests permitted for this account. You may resume these requests at GMT 00:00:00."
        )
      }
      return ZoomAPIError(
        .tooManyRequests,
        code: 429,
        "You have reached the maximum per-second rate limit for this API. Try again later."
      )
    }
  }

  private struct Window: Sendable {
    var second: Int64 = .min
    var count = 0
  }

  private struct DailyCount: Sendable {
    var day: Int64 = .min
    var count = 0
  }

  private struct Key: Hashable, Sendable {
    var accountID: String
    var category: ZoomRateLimitCategory
  }

  private struct State: Sendable {
    var windows: [Key: Window] = [:]
    var daily: [String: DailyCount] = [:]
  }

  private let state = Mutex(State())

  /// Counts a request of `accountID` in `category` at `now` under `plan`.
  func admit(accountID: String, category: ZoomRateLimitCategory, plan: ZoomRateLimitPlan, now: Date)
    -> Decision
  {
    let second = Int64(now.timeIntervalSince1970.rounded(.down))
    let day = second / 86_400
    let perSecond = plan.perSecond(category)
    return state.withLock { state in
      let key = Key(accountID: accountID, category: category)
      var window = state.windows[key] ?? Window()
      if window.second != second {
        window = Window(second: second, count: 0)
      }
      if category == .heavy {
        var daily = state.daily[accountID] ?? DailyCount()
        if daily.day != day {
          daily = DailyCount(day: day, count: 0)
        }
        if daily.count >= plan.heavyPerDay {
          let reset = Date(timeIntervalSince1970: TimeInterval((day + 1) * 86_400))
          return Decision(
            allowed: false, category: category, type: "Daily-limit",
            limit: plan.heavyPerDay, remaining: 0, retryAfter: reset)
        }
        if window.count < perSecond {
          daily.count += 1
          state.daily[accountID] = daily
        }
      }
      guard window.count < perSecond else {
        state.windows[key] = window
        return Decision(
          allowed: false, category: category, type: "QPS", limit: perSecond, remaining: 0)
      }
      window.count += 1
      state.windows[key] = window
      return Decision(
        allowed: true, category: category, type: "QPS",
        limit: perSecond, remaining: perSecond - window.count)
    }
  }
}

extension HTTPFields {
  /// Sets a header by name (names that are not valid tokens are ignored).
  mutating func setField(_ name: String, _ value: String) {
    if let fieldName = HTTPField.Name(name) {
      self[fieldName] = value
    }
  }
}
