import Foundation

/// Zoom's rate-limit categories; every operation's description names its label.
public enum ZoomRateLimitCategory: String, Sendable, Codable, Hashable, CaseIterable {
  /// Single-resource operations (e.g. `GET /webinars/{id}`).
  case light = "Light"
  /// Multi-resource operations (e.g. `GET /users`, registrant lists).
  case medium = "Medium"
  /// Reports (e.g. `GET /report/webinars/{id}/participants`), with an extra daily limit.
  case heavy = "Heavy"
}

/// Per-second limits of one Zoom plan, per category, and the daily limit of Heavy APIs.
public struct ZoomRateLimitPlan: Sendable, Codable, Hashable {
  /// Light requests per second.
  public var lightPerSecond: Int
  /// Medium requests per second.
  public var mediumPerSecond: Int
  /// Heavy requests per second.
  public var heavyPerSecond: Int
  /// Heavy (and resource-intensive) requests per day (UTC).
  public var heavyPerDay: Int

  /// Creates a plan.
  public init(lightPerSecond: Int, mediumPerSecond: Int, heavyPerSecond: Int, heavyPerDay: Int) {
    self.lightPerSecond = lightPerSecond
    self.mediumPerSecond = mediumPerSecond
    self.heavyPerSecond = heavyPerSecond
    self.heavyPerDay = heavyPerDay
  }

  /// Zoom's Pro plan: 30 / 20 / 10 per second, 30,000 Heavy per day.
  public static let pro = ZoomRateLimitPlan(
    lightPerSecond: 30, mediumPerSecond: 20, heavyPerSecond: 10, heavyPerDay: 30_000)
  /// Business and higher plans: 80 / 60 / 40 per second, 60,000 Heavy per day.
  public static let business = ZoomRateLimitPlan(
    lightPerSecond: 80, mediumPerSecond: 60, heavyPerSecond: 40, heavyPerDay: 60_000)

  /// The per-second limit of a category.
  public func perSecond(_ category: ZoomRateLimitCategory) -> Int {
    switch category {
    case .light: lightPerSecond
    case .medium: mediumPerSecond
    case .heavy: heavyPerSecond
    }
  }
}

/// How a ``ZoomSimulator`` behaves apart from its data.
public struct ZoomSimulatorConfiguration: Sendable {
  /// The simulator's clock (token expiry, rate-limit windows, "now" for scenario actions).
  public var now: @Sendable () -> Date
  /// Rate-limit plans by name (an account's `credentials.plan`); unknown names use `business`.
  public var rateLimitPlans: [String: ZoomRateLimitPlan]
  /// Delays before the retries of a failed webhook delivery (Zoom: 3 retries, after 5, 30 and
  /// 90 minutes; the default scales those down 1000 times).
  public var webhookRetryDelays: [Duration]
  /// How long a webhook receiver may take to answer before the attempt counts as failed (Zoom: 3 s).
  public var webhookTimeout: Duration
  /// Lifetime of an access token in seconds (Zoom: 3600).
  public var tokenLifetimeSeconds: Int
  /// Seed of everything the simulator invents at run time (ids of live actions, fault draws).
  public var seed: UInt64
  /// The fault plan in force at start.
  public var faults: FaultPlan

  /// Creates a configuration.
  public init(
    now: @escaping @Sendable () -> Date = { Date() },
    rateLimitPlans: [String: ZoomRateLimitPlan] = [
      "pro": .pro, "business": .business, "enterprise": .business,
    ],
    webhookRetryDelays: [Duration] = [
      .milliseconds(300), .milliseconds(1_800), .milliseconds(5_400),
    ],
    webhookTimeout: Duration = .seconds(3),
    tokenLifetimeSeconds: Int = 3600,
    seed: UInt64 = 0,
    faults: FaultPlan = .none
  ) {
    self.now = now
    self.rateLimitPlans = rateLimitPlans
    self.webhookRetryDelays = webhookRetryDelays
    self.webhookTimeout = webhookTimeout
    self.tokenLifetimeSeconds = tokenLifetimeSeconds
    self.seed = seed
    self.faults = faults
  }

  /// The plan for an account's plan name.
  func plan(named name: String) -> ZoomRateLimitPlan {
    rateLimitPlans[name] ?? rateLimitPlans["business"] ?? .business
  }
}
