import Foundation
import Testing

@testable import Store

@Suite("SQLite state store")
struct SQLiteStateStoreTests {
    @Test("the database file is in WAL mode")
    func walFile() async throws {
        let path = NSTemporaryDirectory() + "switchyard-store-\(UUID().uuidString)/state.sqlite"
        let store = try SQLiteStateStore(path: path)
        try await store.setValue(Data("v".utf8), namespace: "setup", key: "acme:properties")
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("an unusable path is a clear error")
    func badPath() {
        #expect(throws: StoreError.self) {
            try SQLiteStateStore(path: "/proc/not-writable/state.sqlite")
        }
    }

    @Test("ledger entries are found by key in one batch, more keys than one statement takes, of the tenant only")
    func ledgerByKeys() async throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let store = try SQLiteStateStore(path: nil)
        let entries = (0..<1_200).map {
            LedgerEntry(
                tenantID: "acme", key: "contact:\($0)@x.example", target: "contact", targetID: "\($0)", contentHash: "h", updatedAt: t0)
        }
        try await store.putLedgerEntries(entries)
        try await store.putLedgerEntries([
            LedgerEntry(tenantID: "other", key: "contact:5000@x.example", target: "contact", targetID: "9", contentHash: "h", updatedAt: t0)
        ])
        let keys = (0..<1_300).map { "contact:\($0 * 2)@x.example" } + ["contact:5000@x.example"]
        let found = try await store.ledgerEntries(tenantID: "acme", keys: keys)
        #expect(found.count == 600)
        #expect(found["contact:1198@x.example"]?.targetID == "1198")
        #expect(found["contact:1200@x.example"] == nil)
        #expect(found["contact:5000@x.example"] == nil)
        #expect(try await store.ledgerEntries(tenantID: "acme", keys: []).isEmpty)
    }
}
