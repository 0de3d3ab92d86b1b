import SwitchyardJSON
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// HubSpot's API limits, per app and portal.
public struct HubSpotRateLimits: Sendable, Codable, Equatable {
    /// Requests allowed in any rolling 10-second window (`TEN_SECONDLY_ROLLING`); HubSpot's
    /// private apps on Pro/Enterprise get 190.
    public var tenSecondlyRolling: Int
    /// Requests allowed per day (`DAILY`).
    public var daily: Int
    /// Requests per second allowed on the CRM search endpoints (`SECONDLY`), which have their
    /// own limit and send no rate-limit headers.
    public var searchPerSecond: Int
    /// The length of the rolling window, sent as `X-HubSpot-RateLimit-Interval-Milliseconds`:
    /// HubSpot's is 10 000; shorten it to run rate-limit storms quickly.
    public var intervalMilliseconds: Int

    /// Creates limits; the defaults are HubSpot's for a Professional portal's private app.
    public init(tenSecondlyRolling: Int = 190, daily: Int = 625_000, searchPerSecond: Int = 5, intervalMilliseconds: Int = 10_000) {
        self.tenSecondlyRolling = tenSecondlyRolling
        self.daily = daily
        self.searchPerSecond = searchPerSecond
        self.intervalMilliseconds = intervalMilliseconds
    }

    private enum CodingKeys: String, CodingKey {
        case tenSecondlyRolling, daily, searchPerSecond, intervalMilliseconds
    }

    /// Decodes limits; a missing field keeps its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HubSpotRateLimits()
        tenSecondlyRolling = try container.decodeIfPresent(Int.self, forKey: .tenSecondlyRolling) ?? defaults.tenSecondlyRolling
        daily = try container.decodeIfPresent(Int.self, forKey: .daily) ?? defaults.daily
        searchPerSecond = try container.decodeIfPresent(Int.self, forKey: .searchPerSecond) ?? defaults.searchPerSecond
        intervalMilliseconds =
            try container.decodeIfPresent(Int.self, forKey: .intervalMilliseconds) ?? defaults.intervalMilliseconds
    }
}

/// Counts requests per key (portal or app) in a rolling window (10 s, as HubSpot's), a per-second
/// window for search, and per UTC day.
final class HubSpotRateLimiter: Sendable {
    enum Kind: Sendable { case standard, search }

    private struct Usage {
        var window: [Date] = []
        var searchWindow: [Date] = []
        var day: Int = 0
        var dailyCount = 0
    }

    private let limitsState: Mutex<HubSpotRateLimits>
    private let usage = Mutex<[String: Usage]>([:])

    init(limits: HubSpotRateLimits) {
        limitsState = Mutex(limits)
    }

    /// The limits in force.
    var limits: HubSpotRateLimits {
        get { limitsState.withLock { $0 } }
        set { limitsState.withLock { $0 = newValue } }
    }

    /// Admits a request or throws HubSpot's 429; returns the rate-limit headers to send.
    func admit(key: String, kind: Kind, now: Date) throws(HubSpotAPIError) -> HTTPFields {
        let limits = self.limits
        let day = Int(now.timeIntervalSince1970 / 86_400)
        return try usage.withLock {
            (all: inout [String: Usage]) throws(HubSpotAPIError) -> HTTPFields in
            var entry = all[key] ?? Usage()
            if entry.day != day {
                entry.day = day
                entry.dailyCount = 0
            }
            let interval = Double(limits.intervalMilliseconds) / 1000
            entry.window.removeAll { now.timeIntervalSince($0) >= interval }
            entry.searchWindow.removeAll { now.timeIntervalSince($0) >= 1 }
            defer { all[key] = entry }
            if entry.dailyCount >= limits.daily {
                throw Self.tooManyRequests(policy: "DAILY", key: key, headers: headers(limits, entry, kind))
            }
            switch kind {
            case .search:
                if entry.searchWindow.count >= limits.searchPerSecond {
                    throw Self.tooManyRequests(policy: "SECONDLY", key: key, headers: [:])
                }
                entry.searchWindow.append(now)
            case .standard:
                if entry.window.count >= limits.tenSecondlyRolling {
                    throw Self.tooManyRequests(
                        policy: "TEN_SECONDLY_ROLLING", key: key, headers: headers(limits, entry, kind))
                }
                entry.window.append(now)
            }
            entry.dailyCount += 1
            return headers(limits, entry, kind)
        }
    }

    private func headers(_ limits: HubSpotRateLimits, _ entry: Usage, _ kind: Kind) -> HTTPFields {
        guard kind == .standard else { return [:] }
        return Self.headers(
            limits: limits, dailyUsed: entry.dailyCount, windowUsed: entry.window.count)
    }

    /// The `X-HubSpot-RateLimit-*` headers for the given usage.
    static func headers(limits: HubSpotRateLimits, dailyUsed: Int, windowUsed: Int) -> HTTPFields {
        let values = [
            ("X-HubSpot-RateLimit-Daily", String(limits.daily)),
            ("X-HubSpot-RateLimit-Daily-Remaining", String(max(limits.daily - dailyUsed, 0))),
            ("X-HubSpot-RateLimit-Interval-Milliseconds", String(limits.intervalMilliseconds)),
            ("X-HubSpot-RateLimit-Max", String(limits.tenSecondlyRolling)),
            ("X-HubSpot-RateLimit-Remaining", String(max(limits.tenSecondlyRolling - windowUsed, 0))),
        ]
        var fields = HTTPFields()
        for (name, value) in values {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        return fields
    }

    /// HubSpot's 429 body: `{"status":"error","message":"You have reached your … limit.",
    /// "errorType":"RATE_LIMIT","correlationId":…,"policyName":…,"groupName":…}`.
    static func tooManyRequests(policy: String, key: String, headers: HTTPFields) -> HubSpotAPIError {
        let body: JSONValue = [
            "status": "error",
            "message": .string("You have reached your \(policy.lowercased()) limit."),
            "errorType": "RATE_LIMIT",
            "correlationId": .string(UUID().uuidString.lowercased()),
            "policyName": .string(policy),
            "groupName": .string("publicapi:\(key)"),
        ]
        return HubSpotAPIError(status: .tooManyRequests, rawBody: body, headers: headers)
    }
}
