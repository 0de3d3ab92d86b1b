import Hummingbird
import Store

/// Builds the host's router: health, metrics, and the routes later parts add.
enum HostRoutes {
    static func makeRouter(registry: TenantRegistry, metrics: HostMetrics, store: any StateStore) -> Router<
        BasicRequestContext
    > {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        addHealth(to: router, registry: registry, store: store)
        addMetrics(to: router, metrics: metrics)
        return router
    }
}
