import ConnectorKit
import Foundation
import Logging
import ServiceLifecycle

/// Keeps the change-notification subscriptions of every connector with the `subscriptions`
/// capability alive: once the host listens, each such tenant's connectors are asked to
/// `maintain_subscriptions` towards `{public URL}/webhooks/{type}`; again when the tenant is
/// (re)loaded, by the time the connector names (``SubscriptionStatus/nextDueAt``), at the latest
/// after ``longestPause``, and after ``retryPause`` when something could not be done. With
/// several replicas only the tenant's owner maintains them (from when it gains the tenant).
public struct SubscriptionMaintainer: Service {
    let registry: TenantRegistry
    let ownership: any TenantOwnership
    let baseURL: AsyncStream<String>
    let logger: Logger
    /// The longest time between two passes.
    var longestPause: Duration = .seconds(3600)
    /// The pause after a pass that failed in part.
    var retryPause: Duration = .seconds(300)

    /// Creates the maintainer; `baseURL` yields the host's public base URL once it listens;
    /// only the tenants `ownership` says this replica owns are maintained.
    public init(
        registry: TenantRegistry, baseURL: AsyncStream<String>, logger: Logger, ownership: any TenantOwnership = SoleOwnership()
    ) {
        self.registry = registry
        self.ownership = ownership
        self.baseURL = baseURL
        self.logger = logger
    }

    /// Whether any of a tenant's connectors keeps subscriptions.
    static func maintains(_ runtime: TenantRuntime) -> Bool {
        runtime.connectors.contains { $0.descriptor.capabilities.contains(.subscriptions) }
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        let owners = ownership.changes()  // from the start: tenants gained before the URL is known count
        var known: String?
        for await url in baseURL.cancelOnGracefulShutdown() {
            known = url
            break
        }
        guard let base = known else { return }
        let timetable = Timetable<String>()
        let changes = await registry.changes()
        for tenantID in ownership.ownedTenants() { timetable.schedule(tenantID, at: .now) }
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await change in owners.cancelOnGracefulShutdown() {
                    switch change {
                    case .gained(let tenantID): timetable.schedule(tenantID, at: .now)
                    case .lost(let tenantID): timetable.cancel(tenantID)
                    }
                }
            }
            group.addTask {
                for await change in changes.cancelOnGracefulShutdown() {
                    switch change {
                    case .loaded(let runtime) where Self.maintains(runtime): timetable.schedule(runtime.id, at: .now)
                    case .loaded(let runtime): timetable.cancel(runtime.id)
                    case .removed(let tenantID): timetable.cancel(tenantID)
                    }
                }
            }
            for await tenantID in timetable.cancelOnGracefulShutdown() {
                guard ownership.owns(tenantID), let runtime = await registry.runtime(tenantID: tenantID), Self.maintains(runtime)
                else { continue }
                group.addTask {
                    let next = await maintain(runtime, base: base)
                    guard !Task.isCancelled else { return }
                    timetable.scheduleIfEarlier(tenantID, at: next)
                }
            }
            group.cancelAll()
        }
    }

    /// One pass over a tenant's connectors; returns when the next pass is due.
    func maintain(_ runtime: TenantRuntime, base: String) async -> ContinuousClock.Instant {
        var pause = longestPause
        for instance in runtime.connectors where instance.descriptor.capabilities.contains(.subscriptions) {
            let url = base + "/webhooks/" + instance.type
            var metadata: Logger.Metadata = [
                "tenant": .string(runtime.id), "connector": .string("\(instance.type):\(instance.connector.routingKey)"),
            ]
            do {
                let status = try await instance.connector.maintainSubscriptions(SubscriptionRequest(notificationURL: url))
                metadata["active"] = "\(status.active)"
                metadata["created"] = "\(status.created)"
                metadata["renewed"] = "\(status.renewed)"
                if status.problems.isEmpty {
                    logger.info("subscriptions maintained", metadata: metadata)
                } else {
                    metadata["problems"] = .string(status.problems.joined(separator: " | "))
                    logger.warning("some subscriptions could not be maintained", metadata: metadata)
                    pause = min(pause, retryPause)
                }
                if let due = status.nextDueAt {
                    pause = min(pause, .seconds(max(60, due.timeIntervalSinceNow)))
                }
            } catch {
                metadata["error"] = .string("\(error)")
                logger.warning("cannot maintain subscriptions", metadata: metadata)
                pause = min(pause, retryPause)
            }
        }
        return .now + pause
    }
}
