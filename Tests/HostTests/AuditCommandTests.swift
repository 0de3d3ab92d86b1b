import Foundation
import Store
import SyncEngine
import Testing

@Suite("CLI: audit")
struct AuditCommandTests {
    private func storeWithEntry() async throws -> String {
        let path = NSTemporaryDirectory() + "switchyard-audit-\(UUID().uuidString)/state.sqlite"
        let store = try SQLiteStateStore(path: path)
        let started = Date(timeIntervalSince1970: 1_800_000_000)
        var counts = SyncCounts()
        counts.registrants = 3
        counts.contactsUpserted = 2
        counts.excludedEmails = 1
        let entry = WebinarAuditEntry(
            webinarID: "81234567890", topic: "Launch", trigger: "sync_now", status: .syncedWithWarnings, startedAt: started,
            finishedAt: started + 2, counts: counts,
            warnings: AuditWarning.grouping([AuditItem(email: "staff@acme.example", reason: .excludedDomain)], sourceName: "Zoom"))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        _ = try await store.appendAudit(
            AuditRecord(
                tenantID: "acme", webinarID: "81234567890", trigger: "sync_now", status: entry.status.rawValue, startedAt: started,
                finishedAt: started + 2, payload: try encoder.encode(entry)))
        return path
    }

    @Test("prints each sync with its warnings, the affected emails and what to do")
    func text() async throws {
        let path = try await storeWithEntry()
        let result = try await SwitchyardBinary.run(["audit", "acme", "81234567890", "--state", path])
        #expect(result.status == 0)
        #expect(result.output.contains("sync_now  synced_with_warnings  webinar 81234567890 “Launch”"))
        #expect(result.output.contains("⚠ Some email addresses were excluded from the webinar sync (1)"))
        #expect(result.output.contains("staff@acme.example: The email's domain is excluded in the integration settings."))
        #expect(result.output.contains("What to do: Nothing to do, unless you want to remove an exclusion from your settings."))
    }

    @Test("--json prints the entries; an unknown webinar or a missing state file exits 1")
    func jsonAndErrors() async throws {
        let path = try await storeWithEntry()
        let json = try await SwitchyardBinary.run(["audit", "acme", "81234567890", "--state", path, "--json"])
        #expect(json.status == 0)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let entries = try decoder.decode([WebinarAuditEntry].self, from: Data(json.output.utf8))
        #expect(entries.map(\.counts.contactsUpserted) == [2])
        let unknown = try await SwitchyardBinary.run(["audit", "acme", "999", "--state", path])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("No sync of webinar 999 recorded for tenant 'acme'."))
        let missing = try await SwitchyardBinary.run(["audit", "acme", "1", "--state", "/nonexistent/state.sqlite"])
        #expect(missing.status == 1)
        #expect(missing.error.contains("no state file at /nonexistent/state.sqlite"))
    }
}
