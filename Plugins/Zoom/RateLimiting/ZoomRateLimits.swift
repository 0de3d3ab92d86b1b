/// Zoom's rate-limit categories. Each API operation's description in the spec carries its
/// label ("Rate Limit Label: `LIGHT`"); the client paces each category separately.
public enum ZoomRateCategory: String, Sendable, Hashable, CaseIterable {
    /// Single-resource reads and writes (e.g. `GET /webinars/{webinarId}`).
    case light = "Light"
    /// Lists (e.g. `GET /users`, `GET /webinars/{webinarId}/registrants`).
    case medium = "Medium"
    /// Reports (e.g. `GET /report/webinars/{webinarId}/participants`), also limited per day.
    case heavy = "Heavy"

    /// Reads the category from an `X-RateLimit-Category` header value.
    init?(header: String) {
        switch header.lowercased() {
        case "light": self = .light
        case "medium": self = .medium
        case "heavy", "resource-intensive": self = .heavy
        default: return nil
        }
    }
}

/// Zoom's per-second request limits of one plan, per category.
public struct ZoomRatePlan: Sendable, Hashable {
    /// Light requests per second.
    public var light: Int
    /// Medium requests per second.
    public var medium: Int
    /// Heavy requests per second.
    public var heavy: Int

    /// Creates a plan.
    public init(light: Int, medium: Int, heavy: Int) {
        self.light = light
        self.medium = medium
        self.heavy = heavy
    }

    /// Pro: 30 Light, 20 Medium, 10 Heavy requests per second.
    public static let pro = ZoomRatePlan(light: 30, medium: 20, heavy: 10)
    /// Business, Business Plus and Enterprise: 80 Light, 60 Medium, 40 Heavy per second.
    public static let business = ZoomRatePlan(light: 80, medium: 60, heavy: 40)

    /// The plan for a config `plan` value (`pro`, `business`, `business_plus`, `enterprise`).
    public static func named(_ name: String) -> ZoomRatePlan {
        name == "pro" ? .pro : .business
    }

    /// The per-second limit of a category.
    public func perSecond(_ category: ZoomRateCategory) -> Int {
        switch category {
        case .light: light
        case .medium: medium
        case .heavy: heavy
        }
    }
}
