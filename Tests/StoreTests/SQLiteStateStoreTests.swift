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
}
