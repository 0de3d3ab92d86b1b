import ConnectorKit
import Foundation
import Logging
import Store
import Testing

@testable import SyncEngine

/// A sync interrupted by the host's shutdown is not a failure: it leaves no "failed" entry in
/// the webinar's audit log (the webinar is synced again at the next start).
@Suite("Audit recorder: failures and shutdown")
struct AuditRecorderTests {
    private struct Refused: Error {}

    private func recorder(_ store: SQLiteStateStore) -> AuditRecorder {
        AuditRecorder(tenantID: "acme", store: store, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test("a failed sync is logged in the webinar's audit log as failed and transient")
    func failureIsRecorded() async throws {
        let store = try SQLiteStateStore(path: nil)
        let entry = await recorder(store).recordFailure(
            webinarID: "81", topic: "Launch", trigger: .schedule, started: RuleFixtures.t0, items: [], error: Refused(),
            sourceName: "Zoom")
        #expect(entry.status == .failed)
        let stored = try await store.auditRecords(tenantID: "acme", webinarID: "81", limit: 10)
        #expect(stored.map(\.status) == ["failed"])
    }

    @Test("a sync cancelled by shutdown leaves no failed entry behind")
    func cancellationIsNotAFailure() async throws {
        let store = try SQLiteStateStore(path: nil)
        _ = await recorder(store).recordFailure(
            webinarID: "81", topic: "Launch", trigger: .schedule, started: RuleFixtures.t0, items: [], error: CancellationError(),
            sourceName: "Zoom")
        #expect(try await store.auditRecords(tenantID: "acme", webinarID: "81", limit: 10).isEmpty)
    }
}
