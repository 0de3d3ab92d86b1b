import Foundation
import Logging
import PostgresTestSupport
import Testing

@testable import Store

@Suite(
    "PostgreSQL workflow executions across replicas",
    .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct PostgresWorkflowTakeoverTests {
    private let logger = Logger(label: "test")

    private func admit(_ store: PostgresStateStore, _ callbackID: String) async throws -> WorkflowExecution {
        let admission = try await store.admitWorkflowExecution(
            callbackID: callbackID, tenantID: "acme", action: "zoom/register", request: Data("{}".utf8), now: Date(),
            leaseUntil: Date() + 120)
        guard case .new(let execution) = admission else { throw StoreError("\(callbackID) was not new") }
        return execution
    }

    @Test(
        "a new owner takes over the executions claimed under the old lease and those held by a dead replica, not one a live replica is answering; the old lease's completion is refused"
    )
    func takeOverAndFence() async throws {
        let location = try await TestPostgres.freshLocation()
        let a = try await PostgresStateStore.connect(location, logger: logger)
        let b = try await PostgresStateStore.connect(location, logger: logger)
        let dead = try await PostgresStateStore.connect(location, logger: logger)
        let aTokens = PostgresLeaseTests.Tokens()
        let bTokens = PostgresLeaseTests.Tokens()
        a.setFence(LeaseFence(replicaID: "a") { aTokens.token($0) })
        b.setFence(LeaseFence(replicaID: "b") { bTokens.token($0) })
        dead.setFence(LeaseFence(replicaID: "dead") { _ in nil })
        _ = try await a.heartbeat(replicaID: "a", seconds: 60)
        _ = try await b.heartbeat(replicaID: "b", seconds: 60)
        _ = try await dead.heartbeat(replicaID: "dead", seconds: 0)

        let first = try await a.acquireLeases(tenantIDs: ["acme"], replicaID: "a", seconds: 0)  // expires at once
        aTokens.set(first)
        let oldEpoch = LeaseEpoch(tenantID: "acme", token: try #require(first["acme"]))
        _ = try await admit(a, "claimed-by-old-owner")
        let claimed = try await LeaseEpoch.$current.withValue(oldEpoch) {
            try await a.claimDueWorkflowExecutions(now: Date() + 200, leaseUntil: Date() + 120, limit: 10)
        }
        #expect(claimed.map(\.callbackID) == ["claimed-by-old-owner"])
        _ = try await admit(b, "answered-by-live-replica")
        _ = try await admit(dead, "held-by-dead-replica")
        var retry = try await admit(b, "retry-later")
        retry.nextAttemptAt = Date() + 600
        try await b.saveWorkflowExecution(retry)

        bTokens.set(try await b.acquireLeases(tenantIDs: ["acme"], replicaID: "b", seconds: 60))
        let newEpoch = LeaseEpoch(tenantID: "acme", token: try #require(bTokens.token("acme")))
        #expect(newEpoch.token != oldEpoch.token)
        let taken = try await b.takeOverWorkflowExecutions(tenantID: "acme", now: Date(), leaseUntil: Date() + 120)
        #expect(Set(taken.map(\.callbackID)) == ["claimed-by-old-owner", "held-by-dead-replica"])
        #expect(try await a.takeOverWorkflowExecutions(tenantID: "acme", now: Date(), leaseUntil: Date() + 120).isEmpty)
        let due = try await b.workflowExecutionDueTimes(tenantID: "acme")
        #expect(due.keys.sorted() == ["answered-by-live-replica", "claimed-by-old-owner", "held-by-dead-replica", "retry-later"])
        #expect((due["retry-later"]?.timeIntervalSinceNow ?? 0) > 500)

        // The old owner finishes its work after the takeover: its completion is refused.
        var stale = try #require(claimed.first)
        stale.state = .done
        await LeaseEpoch.$current.withValue(oldEpoch) {
            await #expect(throws: StoreError.self) { try await a.saveWorkflowExecution(stale) }
        }
        #expect(try await a.workflowExecution(callbackID: stale.callbackID)?.state == .pending)
        try await LeaseEpoch.$current.withValue(newEpoch) { try await b.saveWorkflowExecution(stale) }
        #expect(try await b.workflowExecution(callbackID: stale.callbackID)?.state == .done)
        await a.close()
        await b.close()
        await dead.close()
    }
}
