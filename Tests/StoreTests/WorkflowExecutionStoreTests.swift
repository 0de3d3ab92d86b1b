import Foundation
import Testing

@testable import Store

@Suite("Workflow execution store (SQLite and PostgreSQL)")
struct WorkflowExecutionStoreTests {
    private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a callback id is admitted once; later deliveries find it unchanged", arguments: StoreBackend.available)
    func admitsOnce(backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let body = Data(#"{"callbackId":"ap-1"}"#.utf8)
            guard
                case .new(let first) = try await store.admitWorkflowExecution(
                    callbackID: "ap-1", tenantID: "acme", action: "webex/register", request: body, now: t0, leaseUntil: t0 + 60)
            else {
                Issue.record("first delivery was not new")
                return
            }
            #expect(first.state == .pending)
            #expect(first.nextAttemptAt == t0 + 60)
            let again = try await store.admitWorkflowExecution(
                callbackID: "ap-1", tenantID: "acme", action: "webex/register", request: Data(), now: t0 + 1, leaseUntil: t0 + 61)
            #expect(again == .existing(first))
        }
    }

    @Test("due executions are claimed with a lease, survive reopening, and done ones are never claimed", arguments: StoreBackend.available)
    func claimsDueAndSurvivesRestart(backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            for id in ["a", "b", "c"] {
                _ = try await store.admitWorkflowExecution(
                    callbackID: id, tenantID: "acme", action: "webex/register", request: Data(id.utf8), now: t0, leaseUntil: t0 + 60)
            }
            var delivered = try #require(try await store.workflowExecution(callbackID: "b"))
            delivered.state = .awaitingDelivery
            delivered.outputs = ["hs_execution_state": "SUCCESS"]
            delivered.nextAttemptAt = t0
            try await store.saveWorkflowExecution(delivered)
            var done = try #require(try await store.workflowExecution(callbackID: "c"))
            done.state = .done
            done.nextAttemptAt = nil
            try await store.saveWorkflowExecution(done)
            let reopened = try await reopen()
            let early = try await reopened.claimDueWorkflowExecutions(now: t0 + 1, leaseUntil: t0 + 100, limit: 10)
            #expect(early.map(\.callbackID) == ["b"])
            #expect(early.first?.outputs == ["hs_execution_state": "SUCCESS"])
            let leased = try await reopened.claimDueWorkflowExecutions(now: t0 + 61, leaseUntil: t0 + 200, limit: 10)
            #expect(leased.map(\.callbackID) == ["a"])
            let later = try await reopened.claimDueWorkflowExecutions(now: t0 + 150, leaseUntil: t0 + 300, limit: 10)
            #expect(later.map(\.callbackID) == ["b"])
        }
    }
}
