import Hummingbird

/// Builds the host's router: metrics, and the routes later parts add (health, once the admin
/// tokens it checks are known).
enum HostRoutes {
    static func makeRouter(registry: TenantRegistry, metrics: HostMetrics) -> Router<
        BasicRequestContext
    > {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        addMetrics(to: router, metrics: metrics)
        return router
    }
}
