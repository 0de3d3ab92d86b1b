import ConnectorKit
import Foundation
import Testing

@testable import TenantConfig

@Suite("Tenant files: errors name file:line:column")
struct TenantErrorTests {
    private func messages(_ yaml: String, environment: [String: String] = TenantFixtures.environment)
        -> [String]
    {
        TenantFixtures.issues(yaml, environment: environment).map(\.description)
    }

    @Test("an unknown key gets a did-you-mean suggestion at its position")
    func unknownKey() {
        let yaml = TenantFixtures.minimal().replacingOccurrences(
            of: "  access_token:", with: "  acess_token:")
        let found = messages(yaml)
        #expect(
            found.contains(
                "tenants/acme.yaml:4:3: unknown key 'acess_token' in 'hubspot'; did you mean 'access_token'?"
            ))
        #expect(
            found.contains {
                $0.hasPrefix("tenants/acme.yaml:3:3: missing required key 'access_token' in 'hubspot'")
            })
    }

    @Test("an unknown key without a close match lists the known keys")
    func unknownKeyNoSuggestion() {
        let found = messages(TenantFixtures.minimal() + "\nfavourite_colour: blue\n")
        #expect(
            found.contains {
                $0.contains(
                    "unknown key 'favourite_colour' in the tenant file; expected one of: tenant, display_name"
                )
            })
    }

    @Test("a value of the wrong type says what was expected and what was found")
    func wrongType() {
        let yaml = TenantFixtures.minimal().replacingOccurrences(
            of: "portal_id: 990011", with: "portal_id: abc")
        #expect(
            messages(yaml) == [
                "tenants/acme.yaml:3:14: 'portal_id' expects a whole number from 1 to 2147483647, found text"
            ])
    }

    @Test("a quoted number is a string, not a number")
    func quotedNumber() {
        let yaml = TenantFixtures.minimal().replacingOccurrences(
            of: "portal_id: 990011", with: "portal_id: \"990011\"")
        #expect(messages(yaml).first?.contains("found quoted text") == true)
    }

    @Test("a missing required key is reported at the mapping that lacks it")
    func missingRequired() {
        let yaml = "tenant: acme\nhubspot:\n  portal_id: 1\n  access_token: ${env:ACME_HUBSPOT_TOKEN}\n"
        #expect(
            messages(yaml).contains {
                $0.hasPrefix(
                    "tenants/acme.yaml:1:1: missing required key 'business_units' in the tenant file")
            })
    }

    @Test("two primary business units are an error at the second")
    func twoPrimaries() {
        let yaml = TenantFixtures.minimal() + "\n  - id: 5\n    name: EMEA\n    primary: true\n"
        let found = messages(yaml)
        #expect(found.count == 1)
        #expect(
            found.contains {
                $0.hasPrefix("tenants/acme.yaml:15:5: a second primary business unit ('EMEA')")
            })
    }

    @Test("no primary business unit is an error at the list")
    func noPrimary() {
        let yaml = TenantFixtures.minimal().replacingOccurrences(of: "    primary: true\n", with: "")
        #expect(
            messages(yaml).contains { $0.hasPrefix("tenants/acme.yaml:6:3: no primary business unit") })
    }

    @Test("an unknown connector type suggests the known one")
    func unknownConnectorType() {
        let yaml = TenantFixtures.minimal().replacingOccurrences(of: "type: zoom", with: "type: zom")
        #expect(
            messages(yaml) == [
                "tenants/acme.yaml:10:15: unknown connector type 'zom'; did you mean 'zoom'? (known types: zoom)"
            ])
    }

    @Test("a connector's own fields are validated by its spec")
    func connectorFields() {
        let yaml = TenantFixtures.minimal().replacingOccurrences(
            of: "client_id: c", with: "client_id: c\n        plan: platinum")
        #expect(
            messages(yaml) == [
                "tenants/acme.yaml:13:15: 'plan' expects one of pro, business, business_plus, enterprise, found text"
            ])
    }

    @Test("webinar sync on while global sync is off is an error")
    func webinarsWithoutGlobal() {
        let yaml = TenantFixtures.minimal() + "\nsync:\n  global: false\n  webinars: true\n"
        let found = messages(yaml)
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix("tenants/acme.yaml:17:13: webinar sync is on while global sync is off")
                == true)
    }

    @Test("an unresolvable secret names the variable, never a value")
    func unresolvableSecret() {
        let found = messages(TenantFixtures.minimal(), environment: [:])
        #expect(found.count == 3)
        #expect(
            found.first
                == "tenants/acme.yaml:4:17: 'access_token': environment variable ACME_HUBSPOT_TOKEN is not set (needed by ${env:ACME_HUBSPOT_TOKEN}); export it before starting"
        )
    }

    @Test("a literal secret is refused")
    func literalSecret() {
        let yaml = TenantFixtures.minimal().replacingOccurrences(
            of: "${env:ACME_HUBSPOT_TOKEN}", with: "pat-na1-literal")
        let found = messages(yaml)
        #expect(
            found.first?.contains("found a literal value; keep secrets out of tenant files") == true)
        #expect(!found.joined().contains("pat-na1-literal"))
    }

    @Test("invalid YAML reports the position of the syntax error")
    func invalidYAML() {
        let found = messages("tenant: acme\nhubspot:\n  portal_id: [1, 2\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("tenants/acme.yaml:4:1: invalid YAML:") == true)
    }

    @Test("an empty file says what a tenant file contains")
    func emptyFile() {
        #expect(messages("").first?.hasPrefix("tenants/acme.yaml:1:1: the file is empty") == true)
    }

    @Test("every error of a file is reported at once, in file order")
    func allErrorsAtOnce() {
        let yaml = """
            tenant: Acme Corp
            hubspot:
              portal_id: 0
              access_token: ${env:ACME_HUBSPOT_TOKEN}
            exclusions:
              contact_domains: [not a domain]
            business_units:
              - id: 0
                name: Account
                primary: true
                connectors:
                  - type: zoom
                    account_id: a
                    client_id: c
                    webhook_secret_token: ${env:ACME_ZOOM_WEBHOOK}
            """
        let lines = TenantFixtures.issues(yaml).map(\.location.line)
        #expect(lines == [1, 3, 6, 12])
    }

    @Test("secret values never appear in errors, descriptions or encodings")
    func secretsNeverLeak() throws {
        let tenant = try TenantFixtures.load(TenantFixtures.complete).get()
        let rendered = [
            String(describing: tenant), String(reflecting: tenant), "\(tenant.hubSpot)",
            "\(tenant.hubSpot.accessToken)",
            String(decoding: try JSONEncoder().encode(tenant.hubSpot.accessToken), as: UTF8.self),
        ]
        var dumped = ""
        dump(tenant, to: &dumped)
        for text in rendered + [dumped] {
            for secret in TenantFixtures.environment.values {
                #expect(!text.contains(secret))
            }
        }
        #expect("\(tenant.hubSpot.accessToken)" == "<redacted ${env:ACME_HUBSPOT_TOKEN}>")
        let broken = TenantFixtures.complete.replacingOccurrences(
            of: "portal_id: 990011", with: "portal_id: x")
        let errors = TenantFixtures.issues(broken).map(\.description).joined()
        for secret in TenantFixtures.environment.values {
            #expect(!errors.contains(secret))
        }
    }
}
