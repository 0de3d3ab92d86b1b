import Foundation
import PostgresNIO

/// Leases and dead letters of the inbox (see ``StateStore``).
extension PostgresStateStore {
    public func inboxLeaseOwners() async throws -> Set<String> {
        var owners: Set<String> = []
        for row in try await rows(
            "SELECT DISTINCT lease_owner FROM inbox WHERE lease_owner IS NOT NULL AND leased_until IS NOT NULL",
            "could not read the inbox lease holders")
        {
            owners.insert(try row["lease_owner"].decode(String.self))
        }
        return owners
    }

    public func releaseInboxLeases(heldBy owners: Set<String>) async throws -> Int {
        guard !owners.isEmpty else { return 0 }
        let holders = Array(owners)
        return try await rows(
            """
            UPDATE inbox SET leased_until = NULL, lease_owner = NULL
            WHERE lease_owner = ANY(\(holders)) AND leased_until IS NOT NULL RETURNING id
            """, "could not release the inbox leases of a previous run"
        ).count
    }

    public func deadLetterInboxItem(id: Int64, reason: String, at date: Date) async throws {
        _ = try await rows(
            """
            UPDATE inbox SET dead_at = \(date.timeIntervalSince1970), last_error = \(reason), leased_until = NULL, lease_owner = NULL,
                not_before = NULL
            WHERE id = \(id)
            """, "could not make inbox item \(id) a dead letter")
    }

    public func deadLetters(tenantID: String?, limit: Int) async throws -> [InboxItem] {
        let query: PostgresQuery =
            if let tenantID {
                "SELECT * FROM inbox WHERE tenant_id = \(tenantID) AND dead_at IS NOT NULL ORDER BY id LIMIT \(limit)"
            } else {
                "SELECT * FROM inbox WHERE dead_at IS NOT NULL ORDER BY id LIMIT \(limit)"
            }
        return try await rows(query, "could not read the dead letters").map(Self.inboxItem)
    }

    public func deadLetterCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await rows(
            "SELECT tenant_id, COUNT(*) AS n FROM inbox WHERE dead_at IS NOT NULL GROUP BY tenant_id", "could not count the dead letters")
        {
            counts[try row["tenant_id"].decode(String.self)] = Int(try row["n"].decode(Int64.self))
        }
        return counts
    }

    public func replayDeadLetter(tenantID: String, id: Int64) async throws -> Bool {
        try await !rows(
            """
            UPDATE inbox SET dead_at = NULL, attempts = 0, not_before = NULL, leased_until = NULL, lease_owner = NULL
            WHERE id = \(id) AND tenant_id = \(tenantID) AND dead_at IS NOT NULL RETURNING id
            """, "could not replay dead letter \(id)"
        ).isEmpty
    }

    public func dropDeadLetter(tenantID: String, id: Int64) async throws -> Bool {
        try await !rows(
            "DELETE FROM inbox WHERE id = \(id) AND tenant_id = \(tenantID) AND dead_at IS NOT NULL RETURNING id",
            "could not drop dead letter \(id)"
        ).isEmpty
    }
}
