import Foundation
import Testing

@testable import ConnectorKit

@Suite("ConnectorKit")
struct ConnectorKitTests {
    private let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    private struct NoSecrets: SecretResolving {
        func resolve(_ reference: String) throws(SecretResolutionError) -> Secret {
            throw SecretResolutionError("no secrets here")
        }
    }

    private func scalar(_ text: String, quoted: Bool = false) -> ConfigNode {
        ConfigNode(.scalar(text, quoted: quoted), at: here)
    }

    @Test("suggestions find close typos and ignore unrelated words")
    func suggestions() {
        #expect(Suggestion.closest(to: "acount_id", in: ["account_id", "client_id"]) == "account_id")
        #expect(
            Suggestion.closest(to: "Webinar_Hosts", in: ["webinar_hosts", "webinars"]) == "webinar_hosts")
        #expect(Suggestion.closest(to: "colour", in: ["account_id", "client_id"]) == nil)
    }

    @Test(
        "email validity",
        arguments: [
            ("ada@example.com", true), ("a.b+tag@sub.example.co", true), ("no-at-sign", false),
            ("two@@example.com", false),
            ("space in@example.com", false), ("ada@localhost", false), ("ada@example.c", false),
            ("", false),
            (".ada@example.com", false), ("ada@-bad.example.com", false),
        ])
    func emails(address: String, valid: Bool) {
        #expect(EmailAddress.isValid(address) == valid)
    }

    @Test("domains match case-insensitively, subdomains included, lookalikes excluded")
    func domainMatching() {
        #expect(EmailAddress.address("Ada@Northwind.Example", isInDomain: "northwind.example"))
        #expect(EmailAddress.address("ada@eu.northwind.example", isInDomain: "NORTHWIND.example"))
        #expect(!EmailAddress.address("ada@notnorthwind.example", isInDomain: "northwind.example"))
        #expect(!EmailAddress.address("ada@northwind.example.com", isInDomain: "northwind.example"))
    }

    @Test("a secret's description, debug description, dump and JSON show only its reference")
    func secretRedaction() throws {
        let secret = Secret(value: "super-secret-value", reference: "${env:TOKEN}")
        var dumped = ""
        dump(secret, to: &dumped)
        let json = String(decoding: try JSONEncoder().encode([secret]), as: UTF8.self)
        for text in ["\(secret)", String(reflecting: secret), dumped, json] {
            #expect(!text.contains("super-secret-value"))
        }
        #expect(secret.description == "<redacted ${env:TOKEN}>")
        let withDefault = Secret(value: "demo-value", reference: "${env:TOKEN:-demo-value}")
        #expect(withDefault.description == "<redacted ${env:TOKEN:-…}>")
        #expect(!"\(withDefault)".contains("demo-value"))
        #expect(secret.reveal() == "super-secret-value")
    }

    @Test("scalars are converted by kind; quoted numbers and booleans stay strings")
    func scalarKinds() {
        #expect(ConfigValidator.scalar("42", quoted: false, kind: .integer()) == .integer(42))
        #expect(ConfigValidator.scalar("42", quoted: true, kind: .integer()) == nil)
        #expect(ConfigValidator.scalar("7", quoted: false, kind: .integer(1...5)) == nil)
        #expect(ConfigValidator.scalar("true", quoted: false, kind: .boolean) == .boolean(true))
        #expect(ConfigValidator.scalar("yes", quoted: false, kind: .boolean) == nil)
        #expect(
            ConfigValidator.scalar("Example.COM", quoted: false, kind: .domain) == .string("example.com"))
        #expect(
            ConfigValidator.scalar("sandbox", quoted: false, kind: .url(keywords: ["sandbox"]))
                == .string("sandbox"))
        #expect(ConfigValidator.scalar("ftp://x", quoted: false, kind: .url(keywords: [])) == nil)
    }

    @Test("choice-or-list accepts its words or a list of its element kind")
    func choiceOrList() {
        let validator = ConfigValidator(secrets: NoSecrets())
        let kind = ConfigKind.choiceOrList(["none", "all"], .email)
        var issues: [ConfigIssue] = []
        #expect(
            validator.validate(scalar("all"), kind: kind, name: "hosts", issues: &issues)
                == .string("all"))
        let list = ConfigNode(.sequence([scalar("a@example.com"), scalar("bad")]), at: here)
        #expect(validator.validate(list, kind: kind, name: "hosts", issues: &issues) == nil)
        #expect(issues.map(\.message) == ["'hosts[1]' expects an email address, found text"])
    }

    @Test("the documentation lists every field with its type, default and doc")
    func documentation() {
        let spec = ConfigSpec([
            ConfigField("name", .string, .required, doc: "The name.", example: "ada"),
            ConfigField(
                "retries", .integer(0...5), .optional(default: .integer(3)), doc: "How often to retry."),
            ConfigField(
                "nested",
                .object(
                    ConfigSpec([ConfigField("flag", .boolean, .optional(default: nil), doc: "A flag.")])),
                .optional(default: nil), doc: "Nested."),
        ])
        let text = spec.documentation()
        #expect(text.contains("name: a string (required)\n    The name.\n    example: ada"))
        #expect(text.contains("retries: a whole number from 0 to 5 (default: 3)"))
        #expect(text.contains("    flag: true or false (optional)"))
    }

    @Test("the registry finds connectors by type name")
    func registry() {
        let registry = ConnectorRegistry([])
        #expect(registry.typeNames.isEmpty)
        #expect(registry.descriptor(named: "zoom") == nil)
    }
}
