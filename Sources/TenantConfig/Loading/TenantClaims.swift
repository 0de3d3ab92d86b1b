import ConnectorKit

/// The ids the accepted tenants hold — tenant ids, HubSpot portals and connector routing keys
/// — indexed so a new tenant's conflicts are found by lookups, not by comparing it with every
/// other tenant (loading n files is O(n), not O(n²)).
///
/// The accepted tenants never conflict with one another (a tenant is only inserted when
/// ``conflicts(of:)`` is empty), so each key has at most one holder.
public struct TenantClaims: Sendable {
    /// Who holds a key: enough of the tenant to name it in an error.
    struct Holder: Sendable {
        var file: String
        var tenantID: String
        var location: SourceLocation
        /// Insertion order of the holder's tenant: conflicts are reported in that order.
        var order: Int
    }

    struct RouteKey: Hashable, Sendable {
        var type: String
        var key: String
    }

    private var ids: [String: Holder] = [:]
    private var portals: [Int: Holder] = [:]
    private var routes: [RouteKey: Holder] = [:]
    private var inserted = 0

    /// Known connector types (for the routing-key field's name in messages).
    public let registry: ConnectorRegistry

    /// Creates an empty index.
    public init(registry: ConnectorRegistry) {
        self.registry = registry
    }

    /// The conflicts between a tenant and the accepted ones: the same tenant id, the same
    /// HubSpot portal, or the same connector account (ambiguous webhook routing). A tenant
    /// never conflicts with the version of itself from the same file.
    public func conflicts(of tenant: TenantConfiguration) -> [ConfigIssue] {
        var found: [(order: Int, rank: Int, issue: ConfigIssue)] = []
        if let other = ids[tenant.id], other.file != tenant.sourceFile {
            found.append(
                (other.order, 0, ConfigIssue("tenant id '\(tenant.id)' is already used by \(other.location)", at: tenant.idLocation)))
        }
        if let other = portals[tenant.hubSpot.portalID], other.file != tenant.sourceFile {
            found.append(
                (
                    other.order, 1,
                    ConfigIssue(
                        "HubSpot portal \(tenant.hubSpot.portalID) is already used by tenant '\(other.tenantID)' at \(other.location)",
                        at: tenant.portalIDLocation)
                ))
        }
        for (index, connector) in tenant.connectors.enumerated() {
            guard let key = connector.routingKey,
                let other = routes[RouteKey(type: connector.type, key: key)], other.file != tenant.sourceFile
            else { continue }
            let field = registry.descriptor(named: connector.type)?.routingKeyField ?? "account"
            let issue = ConfigIssue(
                "\(connector.type) \(field) '\(key)' is also connected in tenant '\(other.tenantID)' at "
                    + "\(other.location); webhooks could not be routed",
                at: connector.routingKeyLocation ?? connector.location)
            found.append((other.order, 2 + index, issue))
        }
        // The order the pairwise check reported them in: by the other tenant, then by kind.
        return found.sorted { ($0.order, $0.rank) < ($1.order, $1.rank) }.map(\.issue)
    }

    /// Records an accepted tenant's claims (replacing those of an earlier version of its file
    /// only where they are the same keys; call ``remove(_:)`` for the old version first).
    public mutating func insert(_ tenant: TenantConfiguration) {
        inserted += 1
        let order = inserted
        ids[tenant.id] = Holder(file: tenant.sourceFile, tenantID: tenant.id, location: tenant.idLocation, order: order)
        portals[tenant.hubSpot.portalID] = Holder(
            file: tenant.sourceFile, tenantID: tenant.id, location: tenant.portalIDLocation, order: order)
        for connector in tenant.connectors {
            guard let key = connector.routingKey else { continue }
            routes[RouteKey(type: connector.type, key: key)] = Holder(
                file: tenant.sourceFile, tenantID: tenant.id, location: connector.routingKeyLocation ?? connector.location,
                order: order)
        }
    }

    /// Releases the claims a tenant holds (those still held by its file).
    public mutating func remove(_ tenant: TenantConfiguration) {
        if ids[tenant.id]?.file == tenant.sourceFile { ids[tenant.id] = nil }
        if portals[tenant.hubSpot.portalID]?.file == tenant.sourceFile { portals[tenant.hubSpot.portalID] = nil }
        for connector in tenant.connectors {
            guard let key = connector.routingKey else { continue }
            let route = RouteKey(type: connector.type, key: key)
            if routes[route]?.file == tenant.sourceFile { routes[route] = nil }
        }
    }
}
