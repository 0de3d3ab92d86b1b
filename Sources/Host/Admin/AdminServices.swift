import Foundation
import Logging
import Store

/// The admin data layer in one value, shared by the admin API and the web console: the token
/// and tenancy check, the queries, and the "sync now" runs.
public struct AdminServices: Sendable {
    /// Bearer tokens → principals; which tenants a principal may see.
    public var access: AdminAccess
    /// The read side (tenants, settings, webinars, audit logs, contact lookup).
    public var queries: AdminQueries
    /// "Sync now" runs.
    public var runs: SyncRunTracker
    /// The inboxes' dead letters (nil: the host keeps none, e.g. in tests of the queries alone).
    public var deadLetters: DeadLetterBoard?
    /// Backfill plans.
    public var backfill: Backfill

    /// Creates the data layer over a host's registry, store and coordinator; "sync now" runs
    /// execute on the tenant's owner (`ownership`), woken through `listenForRuns` (several replicas).
    public init(
        registry: TenantRegistry, store: any StateStore, coordinator: SyncCoordinator, operatorToken: String?,
        deadLetters: DeadLetterBoard? = nil, ownership: any TenantOwnership = SoleOwnership(),
        listenForRuns: SyncRunRequests? = nil
    ) {
        self.deadLetters = deadLetters
        let access = AdminAccess(registry: registry, operatorToken: operatorToken)
        self.access = access
        self.queries = AdminQueries(access: access, store: store)
        self.runs = SyncRunTracker(
            coordinator: coordinator, store: store, registry: registry, ownership: ownership, listen: listenForRuns)
        self.backfill = Backfill(coordinator: coordinator, logger: Logger(label: "switchyard.backfill"))
    }

    /// Starts a "sync now" run of a webinar of a tenant the principal may see.
    public func startSync(_ tenantID: String, webinarID: String, for principal: AdminPrincipal) async throws -> SyncRun {
        let runtime = try await access.tenant(tenantID, for: principal)
        guard let id = WebinarID(webinarID) else {
            throw AdminError.badRequest("'\(webinarID)' is not a webinar id: use its digits only, without spaces or dashes")
        }
        return try await runs.start(runtime, webinarID: id.digits)
    }

    /// Starts (or joins the unfinished) run of a sync of every due webinar the tenant's sources list.
    public func startTenantSync(_ tenantID: String, for principal: AdminPrincipal) async throws -> SyncRun {
        try await runs.start(try await access.tenant(tenantID, for: principal), kind: .tenant)
    }

    /// Starts (or joins the unfinished) backfill of the webinars held since `since` (nil: as far back as the sources keep).
    public func startBackfill(_ tenantID: String, since: Date?, for principal: AdminPrincipal) async throws -> SyncRun {
        try await runs.start(try await access.tenant(tenantID, for: principal), kind: .backfill, since: since ?? Backfill.fromTheStart)
    }

    /// The forecast of a backfill since `since` (nil: as far back as the sources keep).
    public func backfillPlan(_ tenantID: String, since: Date?, for principal: AdminPrincipal) async throws -> BackfillPlan {
        await backfill.plan(try await access.tenant(tenantID, for: principal), since: since ?? Backfill.fromTheStart)
    }

    /// Asks a run of several webinars to stop after the webinars in progress (those already read are written).
    public func stopRun(_ tenantID: String, runID: String, for principal: AdminPrincipal) async throws -> SyncRun {
        let runtime = try await access.tenant(tenantID, for: principal)
        guard let run = try await runs.stop(id: runID, tenantID: runtime.id) else {
            throw AdminError.notFound("tenant '\(tenantID)' has no sync run '\(runID)'; each tenant keeps its newest runs only")
        }
        return run
    }

    /// A run of a tenant the principal may see; 404 when unknown or forgotten.
    public func syncRun(_ tenantID: String, runID: String, for principal: AdminPrincipal) async throws -> SyncRun {
        let runtime = try await access.tenant(tenantID, for: principal)
        guard let run = try await runs.run(id: runID, tenantID: runtime.id) else {
            throw AdminError.notFound("tenant '\(tenantID)' has no sync run '\(runID)'; each tenant keeps its newest runs only")
        }
        return run
    }

    /// The recent runs of a tenant the principal may see, newest first.
    public func syncRuns(_ tenantID: String, for principal: AdminPrincipal) async throws -> [SyncRun] {
        let runtime = try await access.tenant(tenantID, for: principal)
        return try await runs.runs(tenantID: runtime.id)
    }
}

/// A webinar id as the admin API accepts it: 1 to 20 digits.
public struct WebinarID: Sendable, Hashable {
    /// The digits.
    public var digits: String

    /// Nil unless `text` is 1 to 20 ASCII digits.
    public init?(_ text: String) {
        guard (1...20).contains(text.count), text.allSatisfy(\.isASCIIDigit) else { return nil }
        digits = text
    }
}
