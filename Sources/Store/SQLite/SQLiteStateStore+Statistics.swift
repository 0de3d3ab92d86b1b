import Foundation
import GRDB

extension SQLiteStateStore: InboxStatistics {
    public func inboxSummary() async throws -> InboxSummary {
        try await writer.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS depth, MIN(received_at) AS oldest FROM inbox WHERE dead_at IS NULL")
            return InboxSummary(
                depth: row?["depth"] ?? 0,
                oldestReceivedAt: (row?["oldest"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }
}
