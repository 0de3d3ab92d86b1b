import ConnectorKit
import Foundation
import Synchronization
import Testing

@testable import TenantConfig

@Suite("Tenant directories: conflicts found by index match the pairwise check")
struct TenantClaimsTests {
    /// A tenant file with one connector per account, split over two business units.
    private static func tenant(_ id: String, portal: Int, accounts: [String]) -> String {
        let connectors = accounts.map { account in
            """
                  - type: zoom
                    account_id: \(account)
                    client_id: c
                    client_secret: ${env:ACME_ZOOM_SECRET}
                    webhook_secret_token: ${env:ACME_ZOOM_WEBHOOK}
            """
        }
        let second =
            connectors.count > 1 ? "\n  - id: 9\n    name: Second\n    connectors:\n" + connectors[1...].joined(separator: "\n") : ""
        return """
            tenant: \(id)
            hubspot:
              portal_id: \(portal)
              access_token: ${env:ACME_HUBSPOT_TOKEN}
            business_units:
              - id: 0
                name: Account
                primary: true
                connectors:
            \(connectors[0])
            """ + second + "\n"
    }

    /// The check the loader used before the index: every tenant against every accepted one.
    private static func pairwiseConflicts(
        of tenant: TenantConfiguration, with others: [TenantConfiguration], registry: ConnectorRegistry
    ) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        for other in others where other.sourceFile != tenant.sourceFile {
            if other.id == tenant.id {
                issues.append(ConfigIssue("tenant id '\(tenant.id)' is already used by \(other.idLocation)", at: tenant.idLocation))
            }
            if other.hubSpot.portalID == tenant.hubSpot.portalID {
                issues.append(
                    ConfigIssue(
                        "HubSpot portal \(tenant.hubSpot.portalID) is already used by tenant '\(other.id)' at \(other.portalIDLocation)",
                        at: tenant.portalIDLocation))
            }
            for connector in tenant.connectors {
                guard let key = connector.routingKey else { continue }
                for theirs in other.connectors where theirs.type == connector.type && theirs.routingKey == key {
                    let field = registry.descriptor(named: connector.type)?.routingKeyField ?? "account"
                    issues.append(
                        ConfigIssue(
                            "\(connector.type) \(field) '\(key)' is also connected in tenant '\(other.id)' at "
                                + "\(theirs.routingKeyLocation ?? theirs.location); webhooks could not be routed",
                            at: connector.routingKeyLocation ?? connector.location))
                }
            }
        }
        return issues
    }

    @Test("2,000 files with duplicate ids, portals and accounts: the same accepted tenants and the same errors as pairwise")
    func sameConflictsAsPairwise() throws {
        let directory = try TenantFixtures.temporaryDirectory()
        for index in 0..<2_000 {
            // Ids repeat every 1,700 files, portals every 1,900 (shifted), accounts every 1,800;
            // every 10th tenant has a second connector whose account another tenant also has.
            var accounts = ["acct-\(index % 1_800)"]
            if index.isMultiple(of: 10) { accounts.append("extra-\((index / 10) % 150)") }
            let text = Self.tenant("t-\(index % 1_700)", portal: (index * 7) % 1_900 + 1, accounts: accounts)
            try text.write(toFile: directory + "/tenant-\(String(format: "%05d", index)).yaml", atomically: false, encoding: .utf8)
        }
        let loader = TenantLoader(registry: TenantFixtures.registry, environment: TenantFixtures.environment)
        let load = try loader.loadDirectory(directory)

        var accepted: [TenantConfiguration] = []
        var expectedFailures: [(String, [String])] = []
        for file in try TenantLoader.tenantFiles(in: directory) {
            let tenant = try loader.loadFile(file).get()
            let conflicts = Self.pairwiseConflicts(of: tenant, with: accepted, registry: loader.registry)
            if conflicts.isEmpty {
                accepted.append(tenant)
            } else {
                expectedFailures.append((file, conflicts.map(\.description)))
            }
        }
        #expect(expectedFailures.count > 300)
        #expect(expectedFailures.contains { $0.1.count >= 3 })
        #expect(load.tenants.map(\.sourceFile) == accepted.map(\.sourceFile))
        #expect(load.failures.map(\.file) == expectedFailures.map(\.0))
        #expect(load.failures.map { $0.issues.map(\.description) } == expectedFailures.map(\.1))
    }

    @Test("streamed loading hands files over in name order")
    func streamedInOrder() async throws {
        let directory = try TenantFixtures.temporaryDirectory()
        for index in 0..<50 {
            try TenantFixtures.minimal(tenant: "t-\(index)", portal: index + 1, account: "a-\(index)")
                .write(toFile: directory + "/\(String(format: "%03d", index)).yaml", atomically: false, encoding: .utf8)
        }
        let loader = TenantLoader(registry: TenantFixtures.registry, environment: TenantFixtures.environment)
        let files = try TenantLoader.tenantFiles(in: directory)
        let seen = Mutex<[String]>([])
        await loader.loadFiles(files, width: 4) { file, result in
            if case .success = result { seen.withLock { $0.append(file) } }
        }
        #expect(seen.withLock { $0 } == files)
    }

    @Test("a tenant released from the index frees its ids for another file")
    func removeFreesClaims() throws {
        let loader = TenantLoader(registry: TenantFixtures.registry, environment: TenantFixtures.environment)
        let first = try loader.load(text: TenantFixtures.minimal(), file: "a.yaml", baseDirectory: ".").get()
        let second = try loader.load(text: TenantFixtures.minimal(), file: "b.yaml", baseDirectory: ".").get()
        var claims = TenantClaims(registry: loader.registry)
        claims.insert(first)
        #expect(claims.conflicts(of: second).count == 3)
        #expect(claims.conflicts(of: first).isEmpty)
        claims.remove(first)
        #expect(claims.conflicts(of: second).isEmpty)
    }
}
