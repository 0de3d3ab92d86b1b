import ConnectorKit
import Foundation
import Testing

@testable import TenantConfig

/// Hostile tenant files: each is refused with one `file:line:column` error, within the limits of
/// ``TenantFileLimits/standard``, instead of costing the process its memory or its time.
@Suite("Tenant files: read within bounds")
struct TenantFileLimitTests {
    private func messages(_ yaml: String) -> [String] {
        TenantFixtures.issues(yaml).map(\.description)
    }

    /// A "billion laughs": `levels` anchors, each a list of `fan` aliases of the one before.
    static func aliasBomb(levels: Int, fan: Int) -> String {
        var lines = ["tenant: bomb", #"a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for level in 1...levels {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: fan).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("a billion-laughs alias bomb is refused before parsing, at the first alias over the limit")
    func billionLaughs() {
        let found = messages(Self.aliasBomb(levels: 9, fan: 9))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("tenants/acme.yaml:4:") == true, "\(found)")
        #expect(found.first?.contains("more than 10 alias references") == true)
    }

    @Test("a few aliases of a large anchor are stopped by the alias expansion budget")
    func aliasExpansionBudget() {
        let items = Array(repeating: "x", count: 4_000).joined(separator: ",")
        let yaml = "tenant: bomb\nbig: &big [\(items)]\ncopies: [*big, *big, *big]\n"
        let found = messages(yaml)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("tenants/acme.yaml:2:") == true, "\(found)")
        #expect(found.first?.contains("aliases expand to more than 10000 values") == true, "\(found)")
    }

    @Test("an alias of a large anchor used as a key is refused without hashing its expansion")
    func aliasAsKey() {
        let yaml = "tenant: k\nbig: &big [a, b, c]\n? *big\n: 1\n"
        let found = messages(yaml)
        #expect(found == ["tenants/acme.yaml:2:6: a key must be plain text, found a list as a key"])
    }

    @Test("nesting deeper than 32 levels is refused at the level over the limit")
    func deepNesting() {
        let yaml = "tenant: deep\nx: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n"
        let found = messages(yaml)
        #expect(found == ["tenants/acme.yaml:2:35: the file nests mappings and lists deeper than 32 levels, the limit for a tenant file"])
    }

    @Test("nesting beyond the YAML parser's own limit is an error, not a crash")
    func parserNestingLimit() {
        let yaml = "x: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n"
        let found = messages(yaml)
        #expect(found.count == 1)
        #expect(found.first?.contains("invalid YAML") == true, "\(found)")
    }

    @Test("more than 50,000 values are refused at the first value over the limit")
    func tooManyNodes() {
        let yaml = "tenant: many\nx: [" + Array(repeating: "1", count: 60_000).joined(separator: ",") + "]\n"
        let found = messages(yaml)
        #expect(found.count == 1)
        #expect(found.first?.contains("has more than 50000 values") == true, "\(found)")
    }

    @Test("a file over 256 KiB is refused before it is read or parsed")
    func tooLarge() throws {
        let directory = try TenantFixtures.temporaryDirectory()
        let path = directory + "/big.yaml"
        let huge = TenantFixtures.minimal() + "\n# " + String(repeating: "x", count: 10 * 1024 * 1024) + "\n"
        try huge.write(toFile: path, atomically: true, encoding: .utf8)
        let loader = TenantLoader(registry: TenantFixtures.registry, environment: TenantFixtures.environment)
        let issues = try #require(loader.loadFile(path).failure).issues.map(\.description)
        #expect(
            issues == [
                "\(path):1:1: the file is larger than 262144 bytes (256 KiB), the limit for a tenant file; split it or remove unused entries"
            ])
        let text = loader.load(text: huge, file: "big.yaml", baseDirectory: directory)
        #expect(text.failure?.issues.first?.message.contains("larger than 262144 bytes") == true)
    }

    @Test("a FIFO in the tenants directory is refused instead of blocking the reader")
    func fifo() throws {
        let directory = try TenantFixtures.temporaryDirectory()
        #expect(mkfifo(directory + "/pipe.yaml", 0o600) == 0)
        try TenantFixtures.minimal().write(toFile: directory + "/acme.yaml", atomically: true, encoding: .utf8)
        let load = try TenantLoader(registry: TenantFixtures.registry, environment: TenantFixtures.environment)
            .loadDirectory(directory)
        #expect(load.tenants.map(\.id) == ["acme"])
        #expect(load.failures.first?.issues.first?.message.contains("not a regular file") == true)
    }

    @Test("the alias count is an upper bound: every * followed by a name counts")
    func aliasCount() {
        #expect(TenantFileLimits.aliasReferences(in: "a: *x\nb: [*y,*z]\nc: '*q'", stoppingAfter: 100) == 4)
        #expect(TenantFileLimits.aliasReferences(in: "a: '* not' ** x*", stoppingAfter: 100) == 0)
    }
}

extension Result {
    /// The error of a failure, nil for a success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
