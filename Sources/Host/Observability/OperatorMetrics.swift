import ConnectorKit
import CoreMetrics
import Foundation
import HubSpot

/// The metrics an operator watches (see README "Operations" for the list and their labels).
/// Every label comes from a small fixed set: connector types, results, triggers, statuses,
/// API operations; HubSpot portal ids only with ``HostMetrics/tenantLabels``.
extension HostMetrics {
    /// Histogram buckets (seconds) of the duration metrics: webhook ingest, API calls, syncs,
    /// tenant loading.
    static let durationBuckets: [String: [Duration]] = {
        let fast: [Duration] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5].map(seconds)
        let slow: [Duration] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600].map(seconds)
        return [
            "switchyard_webhook_ingest_seconds": fast,
            "switchyard_api_request_duration_seconds": fast + [5, 10, 30].map(seconds),
            "switchyard_sync_duration_seconds": slow,
            "switchyard_tenant_load_seconds": slow,
        ]
    }()

    private static func seconds(_ value: Double) -> Duration { .milliseconds(Int64(value * 1000)) }

    /// Counts a webhook by connector and outcome, and observes how long its answer took.
    func webhook(connector: String, result: String, duration: Duration) {
        count("switchyard_webhooks_total", [("connector", connector), ("result", result)])
        timer("switchyard_webhook_ingest_seconds", [("connector", connector)]).recordInterval(duration)
    }

    /// Counts a finished sync by trigger (`webhook`, `reconcile`, `manual`, …) and status, and
    /// observes its duration.
    public func sync(trigger: String, status: String, duration: Duration) {
        count("switchyard_syncs_total", [("trigger", trigger), ("status", status)])
        timer("switchyard_sync_duration_seconds", [("trigger", trigger)]).recordInterval(duration)
    }

    /// Counts one HTTP attempt to a provider's API by operation and status (`error` when no
    /// answer came), observes its latency, and counts a 429 separately.
    public func apiCall(provider: String, operation: String, status: Int?, duration: Duration) {
        let statusLabel = status.map(String.init) ?? "error"
        count(
            "switchyard_api_requests_total", [("provider", provider), ("operation", operation), ("status", statusLabel)])
        timer("switchyard_api_request_duration_seconds", [("provider", provider), ("operation", operation)])
            .recordInterval(duration)
        if status == 429 { count("switchyard_api_rate_limited_total", [("provider", provider)]) }
    }

    /// The observer to hand a HubSpot client.
    public var hubSpotCalls: @Sendable (HubSpotCallRecord) -> Void {
        { [self] call in apiCall(provider: "hubspot", operation: call.operation, status: call.status, duration: call.duration) }
    }

    /// The observer to hand connectors (``ConnectorContext/onAPICall``).
    public var connectorCalls: @Sendable (APICallRecord) -> Void {
        { [self] call in apiCall(provider: call.provider, operation: call.operation, status: call.status, duration: call.duration) }
    }

    /// Records how much of a HubSpot portal's request budget is used: the share of the rolling
    /// window and of the day. `account` is the portal id with ``tenantLabels``, else `all`
    /// (the caller passes the highest use among portals).
    func budget(provider: String, account: String, window: Double, day: Double) {
        gauge("switchyard_api_budget_window_used_ratio", [("provider", provider), ("account", account)]).record(window)
        gauge("switchyard_api_budget_daily_used_ratio", [("provider", provider), ("account", account)]).record(day)
    }

    /// Observes how long a load of the tenants directory took (only loads that read files).
    func tenantLoad(duration: Duration, files: Int) {
        CoreMetrics.Timer(label: "switchyard_tenant_load_seconds", factory: factory).recordInterval(duration)
        count("switchyard_tenant_files_read_total", by: files)
    }

    /// Records the inbox: events waiting (due or not) and the age of the oldest one.
    func inbox(depth: Int, oldestAge: TimeInterval) {
        gauge("switchyard_inbox_depth").record(depth)
        gauge("switchyard_inbox_oldest_age_seconds").record(oldestAge)
    }

    /// Records how many dead letters (events given up on) wait for an operator.
    public func deadLetters(_ count: Int) {
        gauge("switchyard_dead_letters").record(count)
    }
}

extension CoreMetrics.Timer {
    /// Records a `Duration`.
    func recordInterval(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
