import Foundation
import Logging
import Store

/// Gauges refreshed on each scrape of `/metrics` from the state they describe.
extension HostMetrics {
    /// Inbox depth and the age of its oldest event, read from `store` (when it can tell).
    func collectInbox(of store: any StateStore, logger: Logger) {
        guard let statistics = store as? any InboxStatistics else { return }
        onScrape { [self] in
            do {
                let summary = try await statistics.inboxSummary()
                inbox(depth: summary.depth, oldestAge: summary.oldestReceivedAt.map { max(0, -$0.timeIntervalSinceNow) } ?? 0)
            } catch {
                logger.warning("cannot read the inbox for metrics", metadata: ["error": .string("\(error)")])
            }
        }
    }

    /// The share of each HubSpot portal's request budget in use: per portal with
    /// ``tenantLabels``, else the highest share among portals as `account="all"`.
    func collectBudgets(of coordinator: SyncCoordinator) {
        onScrape { [self] in
            let snapshots = await coordinator.budgetSnapshots()
            var highest = (window: 0.0, day: 0.0)
            for (portalID, snapshot) in snapshots {
                let window = Double(snapshot.requestsInWindow) / Double(max(1, snapshot.requestsPerWindow))
                let day = Double(snapshot.requestsToday) / Double(max(1, snapshot.requestsPerDay))
                if tenantLabels { budget(provider: "hubspot", account: String(portalID), window: window, day: day) }
                highest = (max(highest.window, window), max(highest.day, day))
            }
            budget(provider: "hubspot", account: "all", window: highest.window, day: highest.day)
        }
    }
}
