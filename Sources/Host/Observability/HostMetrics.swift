import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// The host's metrics, recorded through swift-metrics into its own Prometheus registry and
/// served in the Prometheus text format at `/metrics`.
///
/// Each host owns a registry (no global bootstrap), so several hosts can run in one process
/// (tests) without mixing their figures.
public final class HostMetrics: Sendable {
    /// The Prometheus registry behind the metrics.
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory writing into ``registry``; pass it to other metric producers.
    public let factory: PrometheusMetricsFactory

    /// Whether tenant-specific labels (HubSpot portal ids) are used; off by default, since
    /// their number grows with the tenants.
    public let tenantLabels: Bool

    private let tenantsLoaded: CoreMetrics.Gauge
    private let tenantFilesWithErrors: CoreMetrics.Gauge
    private let collectors = Mutex<[@Sendable () async -> Void]>([])

    /// Creates an empty set of metrics; `tenantLabels` opts in to per-portal labels.
    public init(tenantLabels: Bool = false) {
        self.tenantLabels = tenantLabels
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = Self.durationBuckets
        self.factory = factory
        tenantsLoaded = CoreMetrics.Gauge(label: "switchyard_tenants_loaded", factory: factory)
        tenantFilesWithErrors = CoreMetrics.Gauge(
            label: "switchyard_tenant_config_errors", factory: factory)
    }

    /// Records the number of running tenants and of tenant files with errors.
    public func tenants(loaded: Int, withErrors: Int) {
        tenantsLoaded.record(loaded)
        tenantFilesWithErrors.record(withErrors)
    }

    /// Counts a tenant reload by result (`loaded`, `failed`).
    public func reloads(result: String) {
        CoreMetrics.Counter(
            label: "switchyard_tenant_reloads_total", dimensions: [("result", result)], factory: factory
        ).increment()
    }

    /// Counts an HTTP request by route template, method and status code.
    public func httpRequest(route: String, method: String, status: Int) {
        Counter(
            label: "switchyard_http_requests_total",
            dimensions: [("route", route), ("method", method), ("status", String(status))],
            factory: factory
        ).increment()
    }

    /// Increments a counter with dimensions (e.g. webhooks by result).
    public func count(_ label: String, _ dimensions: [(String, String)] = [], by amount: Int = 1) {
        CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory).increment(
            by: amount)
    }

    /// A gauge with dimensions (e.g. whether a connector process is up).
    public func gauge(_ label: String, _ dimensions: [(String, String)] = []) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: label, dimensions: dimensions, factory: factory)
    }

    /// Registers `collect`, run before each scrape to refresh gauges read from elsewhere
    /// (inbox depth, budgets, dead letters).
    public func onScrape(_ collect: @escaping @Sendable () async -> Void) {
        collectors.withLock { $0.append(collect) }
    }

    /// Runs the scrape-time collectors, then renders every metric (what `/metrics` serves).
    public func scrape() async -> String {
        for collect in collectors.withLock({ $0 }) { await collect() }
        return exposition()
    }

    /// The Prometheus text exposition of every metric as last recorded.
    public func exposition() -> String {
        registry.emitToString()
    }
}
