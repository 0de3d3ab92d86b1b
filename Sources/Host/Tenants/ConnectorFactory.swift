import AsyncHTTPClient
import ConnectorKit
import Foundation
import Logging
import TenantConfig

/// Builds the connectors of a tenant from its validated configuration.
public struct ConnectorFactory: Sendable {
    /// Known connector types.
    public var registry: ConnectorRegistry
    /// Shared HTTP client.
    public var httpClient: HTTPClient
    /// Base URLs of the in-process simulators, by service.
    public var sandboxBaseURLs: [String: String]
    /// The host's logger.
    public var logger: Logger
    /// The clock connectors use.
    public var now: @Sendable () -> Date
    /// Told of every API call the connectors make (the host counts them in metrics).
    public var onAPICall: (@Sendable (APICallRecord) -> Void)?
    /// The share of each source account's rate limits every connector instance may use (one
    /// for the whole host: several replicas set it to one per live replica).
    public var budgetShare = RequestBudgetShare()

    /// Creates a factory.
    public init(
        registry: ConnectorRegistry,
        httpClient: HTTPClient,
        sandboxBaseURLs: [String: String],
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.registry = registry
        self.httpClient = httpClient
        self.sandboxBaseURLs = sandboxBaseURLs
        self.logger = logger
        self.now = now
    }

    /// Builds every connector of the tenant, or throws a ``TenantFileError`` naming the entry that failed.
    public func makeConnectors(for tenant: TenantConfiguration) async throws(TenantFileError)
        -> [ConnectorInstance]
    {
        var instances: [ConnectorInstance] = []
        for unit in tenant.businessUnits {
            for entry in unit.connectors {
                guard let provider = registry.provider(named: entry.type) else {
                    throw TenantFileError(
                        file: tenant.sourceFile,
                        issues: [ConfigIssue("unknown connector type '\(entry.type)'", at: entry.location)])
                }
                var logger = self.logger
                logger[metadataKey: "tenant"] = .string(tenant.id)
                logger[metadataKey: "connector"] = .string("\(entry.type):\(entry.routingKey ?? "-")")
                var context = ConnectorContext(
                    logger: logger, httpClient: httpClient, now: now, sandboxBaseURLs: sandboxBaseURLs)
                context.onAPICall = onAPICall
                context.budgetShare = budgetShare
                do {
                    let connector = try await provider.makeConnector(config: entry.config, context: context)
                    instances.append(
                        ConnectorInstance(
                            type: entry.type, descriptor: provider.descriptor, businessUnitID: unit.id,
                            isPrimaryUnit: unit.isPrimary, connector: connector))
                } catch {
                    throw TenantFileError(
                        file: tenant.sourceFile,
                        issues: [
                            ConfigIssue(
                                "the \(entry.type) connector could not start: \(error)", at: entry.location)
                        ])
                }
            }
        }
        return instances
    }
}
