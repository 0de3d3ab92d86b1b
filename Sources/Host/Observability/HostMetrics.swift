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
    /// Counters and timers by label and dimensions, each made once: making one through the
    /// Prometheus factory validates its name and labels and looks the series up under the
    /// registry's lock, on every request otherwise. Bounded: every label set is (see
    /// ``OperatorMetrics``).
    private let counters = Mutex<[SeriesKey: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[SeriesKey: CoreMetrics.Timer]>([:])

    private struct SeriesKey: Hashable {
        var label: String
        var dimensions: [String]

        init(_ label: String, _ dimensions: [(String, String)]) {
            self.label = label
            self.dimensions = []
            self.dimensions.reserveCapacity(dimensions.count * 2)
            for (name, value) in dimensions {
                self.dimensions.append(name)
                self.dimensions.append(value)
            }
        }
    }

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
        counter("switchyard_http_requests_total", [("route", route), ("method", method), ("status", String(status))])
            .increment()
    }

    /// Increments a counter with dimensions (e.g. webhooks by result).
    public func count(_ label: String, _ dimensions: [(String, String)] = [], by amount: Int = 1) {
        counter(label, dimensions).increment(by: amount)
    }

    /// The counter of `label` with `dimensions`, made on first use.
    func counter(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Counter {
        Self.series(in: counters, SeriesKey(label, dimensions)) {
            CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
        }
    }

    /// The timer (a histogram in seconds) of `label` with `dimensions`, made on first use.
    func timer(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Timer {
        Self.series(in: timers, SeriesKey(label, dimensions)) {
            CoreMetrics.Timer(label: label, dimensions: dimensions, factory: factory)
        }
    }

    /// The series of `key` in `cache`, made by `make` (outside the lock) the first time.
    private static func series<Series: Sendable>(
        in cache: borrowing Mutex<[SeriesKey: Series]>, _ key: SeriesKey, make: () -> Series
    ) -> Series {
        if let series = cache.withLock({ $0[key] }) { return series }
        let made = make()
        return cache.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = made
            return made
        }
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
