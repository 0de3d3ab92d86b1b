import ConnectorKit
import Foundation
import Store
import SyncEngine
import TenantConfig

/// The read side of the admin API and the console: every query checks that the principal may
/// see the tenant (another tenant's data is the same 404 as an unknown tenant) and answers
/// with Codable view models. Secrets appear only in their redacted form.
public struct AdminQueries: Sendable {
    /// The token and tenancy check.
    public let access: AdminAccess
    /// The state store.
    public let store: any StateStore

    /// Creates the queries.
    public init(access: AdminAccess, store: any StateStore) {
        self.access = access
        self.store = store
    }

    /// The tenants the principal may see, by id.
    public func tenants(for principal: AdminPrincipal) async throws -> [TenantSummary] {
        let statuses = await access.registry.statuses
        var summaries: [TenantSummary] = []
        for runtime in await access.tenants(for: principal) {
            summaries.append(try await summary(of: runtime, statuses: statuses))
        }
        return summaries
    }

    /// The tenant files that have never loaded, with their errors: the operator's only.
    public func failedFiles(for principal: AdminPrincipal) async -> [FailedTenantFile] {
        guard principal == .operator else { return [] }
        return await access.registry.statuses.filter { $0.state == .error }.map { FailedTenantFile(file: $0.file, errors: $0.errors) }
    }

    /// One tenant.
    public func tenant(_ tenantID: String, for principal: AdminPrincipal) async throws -> TenantSummary {
        let runtime = try await access.tenant(tenantID, for: principal)
        return try await summary(of: runtime, statuses: await access.registry.statuses)
    }

    /// A tenant's settings as loaded (secrets redacted).
    public func settings(_ tenantID: String, for principal: AdminPrincipal) async throws -> TenantSettingsView {
        let runtime = try await access.tenant(tenantID, for: principal)
        return TenantSettingsViewBuilder.settings(of: runtime)
    }

    /// A tenant's business units and their connected accounts.
    public func businessUnits(_ tenantID: String, for principal: AdminPrincipal) async throws -> [BusinessUnitView] {
        let runtime = try await access.tenant(tenantID, for: principal)
        return TenantSettingsViewBuilder.businessUnits(of: runtime)
    }

    /// A tenant's webinars, newest start first.
    public func webinars(_ tenantID: String, for principal: AdminPrincipal) async throws -> [WebinarSummary] {
        let runtime = try await access.tenant(tenantID, for: principal)
        return try await WebinarCatalog(store: store).all(tenantID: runtime.id).map { summary(of: $0, in: runtime) }
    }

    /// One webinar of a tenant; 404 when the host does not know it.
    public func webinar(_ tenantID: String, webinarID: String, for principal: AdminPrincipal) async throws -> WebinarSummary {
        let runtime = try await access.tenant(tenantID, for: principal)
        guard let known = try await WebinarCatalog(store: store).entry(tenantID: runtime.id, webinarID: webinarID) else {
            throw AdminError.notFound(
                "tenant '\(tenantID)' has no webinar \(webinarID) yet; it appears after its first sync (POST …/webinars/\(webinarID)/sync)")
        }
        return summary(of: known, in: runtime)
    }

    /// A webinar's audit log, newest first (empty when it was never synced).
    public func auditLog(_ tenantID: String, webinarID: String, limit: Int = 50, for principal: AdminPrincipal) async throws
        -> [WebinarAuditEntry]
    {
        let runtime = try await access.tenant(tenantID, for: principal)
        return try await WebinarCatalog(store: store).auditLog(tenantID: runtime.id, webinarID: webinarID, limit: limit)
    }

    /// What Switchyard did with an email address in a tenant, and why.
    public func contactLookup(_ tenantID: String, email: String, for principal: AdminPrincipal) async throws -> ContactLookup {
        let runtime = try await access.tenant(tenantID, for: principal)
        guard EmailAddress.isValid(email.trimmingCharacters(in: .whitespaces)) else {
            throw AdminError.badRequest("that is not an email address; look up an address such as someone@example.com")
        }
        return try await ContactLookupQuery(tenant: runtime.config, store: store).lookup(email)
    }

    // MARK: Building views

    private func summary(of runtime: TenantRuntime, statuses: [TenantStatus]) async throws -> TenantSummary {
        let status = statuses.first { $0.tenant == runtime.id }
        return TenantSummary(
            id: runtime.id, displayName: runtime.config.displayName, state: status?.state ?? .ok,
            configVersion: TenantSettingsViewBuilder.version(of: runtime), lastReloadErrors: status?.errors ?? [],
            portalID: runtime.config.hubSpot.portalID, businessUnitCount: runtime.config.businessUnits.count,
            connectors: runtime.connectors.map { "\($0.type):\($0.connector.routingKey)" },
            inboxDepth: try await store.inboxDepth(tenantID: runtime.id),
            deadLetters: try await store.deadLetters(tenantID: runtime.id, limit: 10_000).count,
            warnings: await PortalPropertyCatalog.warnings(tenantID: runtime.id, store: store),
            connectorErrors: status?.connectorErrors ?? [])
    }

    private func summary(of item: CatalogedWebinar, in runtime: TenantRuntime) -> WebinarSummary {
        let unit = runtime.config.businessUnits.first { $0.id == item.businessUnitID }
        let unsupportedReason: String? =
            switch item.webinar.support {
            case .supported: nil
            case .unsupported(let reason): reason
            }
        return WebinarSummary(
            id: item.webinar.id, topic: item.webinar.topic, startTime: item.webinar.startTime,
            durationMinutes: item.webinar.durationMinutes, hostEmail: item.webinar.hostEmail,
            businessUnit: BusinessUnitReference(id: item.businessUnitID, name: unit?.name ?? ""),
            connectorType: item.connectorType, accountID: item.accountKey, supported: unsupportedReason == nil,
            unsupportedReason: unsupportedReason, syncStatus: item.lastStatus?.rawValue ?? "never_synced",
            lastSyncedAt: item.lastSyncedAt, counts: item.lastCounts, joinURL: item.webinar.joinURL,
            registrationURL: item.webinar.registrationURL)
    }
}
