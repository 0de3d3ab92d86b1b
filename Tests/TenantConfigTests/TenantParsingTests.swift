import ConnectorKit
import Foundation
import Testing
import ZoomConnector

@testable import TenantConfig

@Suite("Tenant files: parsing")
struct TenantParsingTests {
    @Test("every field of a complete tenant file is read")
    func completeFile() throws {
        let tenant = try TenantFixtures.load(TenantFixtures.complete).get()
        #expect(tenant.id == "acme")
        #expect(tenant.displayName == "Acme Corp")
        #expect(tenant.sourceFile == "tenants/acme.yaml")
        #expect(tenant.version.count == 12)
        #expect(tenant.hubSpot.portalID == 990011)
        #expect(tenant.hubSpot.apiBase == "https://api.hubapi.com")
        #expect(tenant.hubSpot.accessToken.reveal() == "pat-na1-SECRET-HUBSPOT-VALUE")
        #expect(tenant.hubSpot.appID == 4242)
        #expect(tenant.hubSpot.clientSecret?.reveal() == "fallback-app-secret")
        #expect(tenant.hubSpot.developerAPIKey != nil)
        #expect(tenant.hubSpot.requestsPerTenSeconds == 100)
        #expect(tenant.hubSpot.requestsPerDay == 500000)
        #expect(tenant.adminToken?.reveal() == "zoom-SECRET-CLIENT-VALUE")
        #expect(tenant.sync.global && tenant.sync.webinars)
        #expect(tenant.sync.webinarHosts == .selected(["host@acme.example"]))
        #expect(tenant.sync.recordingsAndTranscripts == .all)
        #expect(tenant.sync.reconcileIntervalSeconds == 60)
        #expect(tenant.exclusions.recordingDomains == ["internal.acme.example"])
        #expect(tenant.exclusions.contactDomains == ["acme.example"])
        #expect(tenant.businessUnits.map(\.id) == [0, 77])
        #expect(tenant.primaryBusinessUnit?.name == "Account")
        #expect(tenant.businessUnits[1].isPrimary == false)

        let zoom = try ZoomConnectorConfig(
            try #require(tenant.businessUnits.first?.connectors.first).config)
        #expect(zoom.accountID == "acme-zoom")
        #expect(zoom.clientID == "acme-client")
        #expect(zoom.clientSecret.reveal() == "zoom-SECRET-CLIENT-VALUE")
        #expect(zoom.apiBase == "sandbox")
        #expect(zoom.oauthBase == ZoomConfigSpec.defaultOAuthBase)
        #expect(zoom.plan == "pro")
        #expect(
            zoom.users == [
                HostPolicy(
                    email: "host@acme.example", syncNewWebinarsByDefault: false, syncRecordings: true,
                    webinarOverrides: ["81234567890": true, "81234567891": false])
            ])
        #expect(tenant.connectors.map(\.routingKey) == ["acme-zoom", "acme-emea-zoom"])
    }

    @Test("defaults apply when optional keys are left out")
    func defaults() throws {
        let tenant = try TenantFixtures.load(TenantFixtures.minimal()).get()
        #expect(tenant.displayName == "acme")
        #expect(tenant.hubSpot.apiBase == TenantSchema.hubSpotAPIBase)
        #expect(tenant.hubSpot.requestsPerTenSeconds == 190)
        #expect(tenant.sync.global == false && tenant.sync.webinars == false)
        #expect(tenant.sync.webinarHosts == .all)
        #expect(tenant.sync.recordingsAndTranscripts == HostSelection.none)
        #expect(tenant.exclusions.contactDomains.isEmpty)
        let zoom = try ZoomConnectorConfig(try #require(tenant.connectors.first).config)
        #expect(zoom.apiBase == ZoomConfigSpec.defaultAPIBase)
        #expect(zoom.plan == "business")
        #expect(zoom.users.isEmpty)
    }

    @Test("host selections match emails case-insensitively")
    func hostSelection() {
        #expect(HostSelection.selected(["Host@Acme.example"]).includes("host@acme.EXAMPLE"))
        #expect(!HostSelection.selected(["host@acme.example"]).includes("other@acme.example"))
        #expect(HostSelection.all.includes(nil))
        #expect(!HostSelection.none.includes("host@acme.example"))
    }

    @Test("a file reference is read from the tenants directory's secrets folder, without its newline")
    func fileSecret() throws {
        let directory = try TenantFixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/secrets", withIntermediateDirectories: true)
        try "file-secret-value\n".write(
            toFile: directory + "/secrets/hubspot-token", atomically: true, encoding: .utf8)
        let yaml = TenantFixtures.minimal().replacingOccurrences(
            of: "${env:ACME_HUBSPOT_TOKEN}", with: "${file:secrets/hubspot-token}")
        let tenant = try TenantLoader(
            registry: TenantFixtures.registry, environment: TenantFixtures.environment
        )
        .load(text: yaml, file: "acme.yaml", baseDirectory: directory).get()
        #expect(tenant.hubSpot.accessToken.reveal() == "file-secret-value")
    }
}
