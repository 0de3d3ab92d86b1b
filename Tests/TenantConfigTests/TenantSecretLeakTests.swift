import ConnectorKit
import Foundation
import Testing

@testable import TenantConfig

/// Errors never repeat a file's contents or a secret value, and `${file:…}` secrets and tenant
/// files are confined to the tenants directory.
@Suite("Tenant files: no contents or secrets in errors; secrets confined")
struct TenantSecretLeakTests {
    static let fallback = "FALLBACK-SECRET-7f3a"

    private func text(_ issues: [ConfigIssue]) -> String {
        issues.map(\.description).joined(separator: "\n")
    }

    @Test("a duplicate key names the key and its position, not the file's text")
    func duplicateKey() {
        let yaml =
            TenantFixtures.minimal().replacingOccurrences(
                of: "${env:ACME_HUBSPOT_TOKEN}", with: "${env:UNSET_TOKEN:-\(Self.fallback)}") + "\ntenant: again\n"
        let issues = TenantFixtures.issues(yaml)
        #expect(text(issues) == "tenants/acme.yaml:1:1: duplicate key 'tenant' in one mapping; each key may appear once")
    }

    @Test("a secret reference where a plain value belongs is refused without its fallback")
    func secretInPlainField() {
        let reference = "${env:UNSET_X:-\(Self.fallback)}"
        let files = [
            ("tenant", TenantFixtures.minimal().replacingOccurrences(of: "tenant: acme", with: "tenant: \(reference)")),
            ("display_name", TenantFixtures.minimal() + "\ndisplay_name: \(reference)\n"),
            ("display_name", TenantFixtures.minimal() + "\ndisplay_name: ${vault:x:-\(Self.fallback)}\n"),
        ]
        for (field, yaml) in files {
            let found = text(TenantFixtures.issues(yaml))
            #expect(found.contains("'\(field)' takes"), "\(found)")
            #expect(found.contains("not a secret reference"))
            #expect(!found.contains(Self.fallback), "\(found)")
        }
    }

    @Test("a secret reference as a connector type is refused with its fallback masked (found by the fuzz campaign)")
    func secretAsConnectorType() {
        let yaml = TenantFixtures.minimal().replacingOccurrences(of: "type: zoom", with: "type: ${env:UNSET:-\(Self.fallback)}")
        let found = text(TenantFixtures.issues(yaml))
        #expect(found.contains("unknown connector type '${env:UNSET:-…}'"), "\(found)")
        #expect(!found.contains(Self.fallback))
    }

    @Test("a malformed secret reference is named with its fallback masked")
    func malformedReference() {
        let yaml = TenantFixtures.minimal().replacingOccurrences(
            of: "${env:ACME_HUBSPOT_TOKEN}", with: "\"${env:BAD NAME:-\(Self.fallback)}\"")
        let found = text(TenantFixtures.issues(yaml))
        #expect(found.contains("${env:BAD…} does not name an environment variable"), "\(found)")
        #expect(!found.contains(Self.fallback))
    }

    @Test("YAML syntax errors give position and what was expected, never the file's lines")
    func syntaxErrors() {
        let secretLine = "  client_secret: ${env:UNSET:-\(Self.fallback)}"
        for broken in ["tenant: [unclosed\n\(secretLine)\n", "tenant: a\n\(secretLine)\n  bad: : :\n", "a: \"\(Self.fallback)\n"] {
            let found = text(TenantFixtures.issues(broken))
            #expect(found.hasPrefix("tenants/acme.yaml:"), "\(found)")
            #expect(found.contains("invalid YAML"), "\(found)")
            #expect(!found.contains(Self.fallback), "\(found)")
            #expect(!found.contains("client_secret"), "\(found)")
        }
    }

    @Test("quoted file text in errors is cut short and masks secret fallbacks, even with a } inside")
    func quotedText() {
        #expect(ConfigText.quoted("${env:A:-x}y}") == "'${env:A:-…}'")
        #expect(ConfigText.safe("pre ${env:A:-s3cret} post ${file:secrets/a}") == "pre ${env:A:-…}")
        #expect(ConfigText.safe("pre ${file:secrets/a} post ${env:A} end") == "pre ${file:secrets…} end")
        #expect(ConfigText.safe("${env:A;-typo-fallback} x") == "${env:A…} x")
        #expect(ConfigText.safe("${env:A:-unclosed") == "${env:A:-…}")
        #expect(ConfigText.safe(String(repeating: "y", count: 500)).count == 61)
        #expect(ConfigText.safe("a\nb") == "a?b")
    }

    private func load(_ reference: String, in directory: String) -> String {
        let yaml = TenantFixtures.minimal().replacingOccurrences(of: "${env:ACME_HUBSPOT_TOKEN}", with: reference)
        let result = TenantLoader(registry: TenantFixtures.registry, environment: TenantFixtures.environment)
            .load(text: yaml, file: "acme.yaml", baseDirectory: directory)
        return result.failure.map { text($0.issues) } ?? "loaded"
    }

    @Test("${file:…} resolves only inside the tenants directory's secrets folder")
    func fileSecretConfinement() throws {
        let root = try TenantFixtures.temporaryDirectory()
        let directory = root + "/tenants"
        try FileManager.default.createDirectory(atPath: directory + "/secrets", withIntermediateDirectories: true)
        try "OUTSIDE-SECRET-VALUE\n".write(toFile: root + "/outside", atomically: true, encoding: .utf8)
        try "BESIDE-SECRET-VALUE\n".write(toFile: directory + "/beside", atomically: true, encoding: .utf8)
        try "inside-value\n".write(toFile: directory + "/secrets/ok", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/secrets/link", withDestinationPath: root + "/outside")
        try FileManager.default.createSymbolicLink(atPath: directory + "/secrets/passwd", withDestinationPath: "/etc/passwd")

        #expect(load("${file:secrets/ok}", in: directory) == "loaded")
        let cases = [
            ("${file:\(root)/outside}", "is an absolute path"),
            ("${file:/etc/passwd}", "is an absolute path"),
            ("${file:secrets/../../outside}", "contains '..'"),
            ("${file:beside}", "resolves outside the tenants directory's secrets/ folder"),
            ("${file:secrets/link}", "resolves outside the tenants directory's secrets/ folder"),
            ("${file:secrets/passwd}", "resolves outside the tenants directory's secrets/ folder"),
        ]
        for (reference, expected) in cases {
            let found = load(reference, in: directory)
            #expect(found.contains(expected), "\(reference): \(found)")
            #expect(!found.contains("SECRET-VALUE") && !found.contains("root:"), "\(found)")
        }
    }

    @Test("a tenant file that links outside the tenants directory is refused, naming the file only")
    func tenantFileSymlink() throws {
        let root = try TenantFixtures.temporaryDirectory()
        let directory = root + "/tenants"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "tenant: outside\nsecret_line: OUTSIDE-CONTENTS\n".write(toFile: root + "/elsewhere.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/linked.yaml", withDestinationPath: root + "/elsewhere.yaml")
        try FileManager.default.createSymbolicLink(atPath: directory + "/passwd.yaml", withDestinationPath: "/etc/passwd")
        try TenantFixtures.minimal().write(toFile: directory + "/acme.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/alias.yml", withDestinationPath: directory + "/acme.yaml")

        let load = try TenantLoader(registry: TenantFixtures.registry, environment: TenantFixtures.environment)
            .loadDirectory(directory)
        #expect(load.tenants.map(\.id) == ["acme"])
        let failures = Dictionary(uniqueKeysWithValues: load.failures.map { ($0.file, text($0.issues)) })
        for name in ["linked.yaml", "passwd.yaml"] {
            let found = try #require(failures[directory + "/" + name])
            #expect(found.hasPrefix("\(directory)/\(name):1:1: the file is a symbolic link to a file outside the tenants directory"))
            #expect(!found.contains("OUTSIDE-CONTENTS") && !found.contains("root:") && !found.contains("elsewhere"))
        }
        // A link to a file inside the directory reads that file (here: the same tenant twice).
        #expect(failures[directory + "/alias.yml"]?.contains("tenant id 'acme' is already used") == true)
    }
}
