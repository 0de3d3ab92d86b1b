import Foundation
import Testing

@testable import TenantConfig

@Suite("Tenant directories: conflicts between files")
struct TenantDirectoryTests {
    private func write(_ files: [String: String]) throws -> String {
        let directory = try TenantFixtures.temporaryDirectory()
        for (name, text) in files {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        return directory
    }

    private func load(_ directory: String) throws -> TenantDirectoryLoad {
        try TenantLoader(registry: TenantFixtures.registry, environment: TenantFixtures.environment)
            .loadDirectory(directory)
    }

    @Test("a duplicate tenant id is an error naming both files")
    func duplicateTenantID() throws {
        let directory = try write([
            "a.yaml": TenantFixtures.minimal(portal: 1, account: "one"),
            "b.yaml": TenantFixtures.minimal(portal: 2, account: "two"),
        ])
        let load = try load(directory)
        #expect(load.tenants.map(\.sourceFile) == [directory + "/a.yaml"])
        let issue = try #require(load.failures.first?.issues.first)
        #expect(issue.location == .init(file: directory + "/b.yaml", line: 1, column: 9))
        #expect(issue.message == "tenant id 'acme' is already used by \(directory)/a.yaml:1:9")
    }

    @Test("a duplicate HubSpot portal is an error naming both files")
    func duplicatePortal() throws {
        let directory = try write([
            "a.yaml": TenantFixtures.minimal(tenant: "a", portal: 7, account: "one"),
            "b.yaml": TenantFixtures.minimal(tenant: "b", portal: 7, account: "two"),
        ])
        let messages = try load(directory).failures.flatMap(\.issues).map(\.description)
        #expect(
            messages == [
                "\(directory)/b.yaml:3:14: HubSpot portal 7 is already used by tenant 'a' at \(directory)/a.yaml:3:14"
            ])
    }

    @Test("the same Zoom account in two tenants is an error: webhooks could not be routed")
    func duplicateZoomAccount() throws {
        let directory = try write([
            "a.yaml": TenantFixtures.minimal(tenant: "a", portal: 1, account: "shared"),
            "b.yaml": TenantFixtures.minimal(tenant: "b", portal: 2, account: "shared"),
        ])
        let messages = try load(directory).failures.flatMap(\.issues).map(\.description)
        #expect(
            messages == [
                "\(directory)/b.yaml:11:21: zoom account_id 'shared' is also connected in tenant 'a' at \(directory)/a.yaml:11:21; webhooks could not be routed"
            ])
    }

    @Test("only YAML files are read; other files and folders are ignored")
    func onlyYAML() throws {
        let directory = try write([
            "a.yaml": TenantFixtures.minimal(), "notes.txt": "not yaml", "b.yml.bak": "x",
        ])
        try FileManager.default.createDirectory(
            atPath: directory + "/secrets", withIntermediateDirectories: true)
        let load = try load(directory)
        #expect(load.tenants.count == 1 && load.failures.isEmpty)
    }

    @Test("a missing directory is a clear error")
    func missingDirectory() {
        #expect(throws: TenantDirectoryError.self) { try load("/nonexistent/tenants") }
    }
}
