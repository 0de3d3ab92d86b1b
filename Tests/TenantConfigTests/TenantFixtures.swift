import ConnectorKit
import Foundation
import TenantConfig
import ZoomConnector

/// Helpers to load tenant YAML written inline in tests.
enum TenantFixtures {
    static let registry = ConnectorRegistry(native: [ZoomConnector.self])

    static let environment = [
        "ACME_HUBSPOT_TOKEN": "pat-na1-SECRET-HUBSPOT-VALUE",
        "ACME_ZOOM_SECRET": "zoom-SECRET-CLIENT-VALUE",
        "ACME_ZOOM_WEBHOOK": "zoom-SECRET-WEBHOOK-VALUE",
    ]

    /// A valid tenant file exercising every field.
    static let complete = """
        tenant: acme
        display_name: Acme Corp
        hubspot:
          portal_id: 990011
          api_base: https://api.hubapi.com
          access_token: ${env:ACME_HUBSPOT_TOKEN}
          app_id: 4242
          client_secret: ${env:MISSING_BUT_DEFAULTED:-fallback-app-secret}
          developer_api_key: ${env:ACME_HUBSPOT_TOKEN}
          requests_per_ten_seconds: 100
          requests_per_day: 500000
        admin:
          token: ${env:ACME_ZOOM_SECRET}
        sync:
          global: true
          webinars: true
          webinar_hosts: [host@acme.example]
          recordings_and_transcripts: all
          reconcile_interval_seconds: 60
        exclusions:
          recording_domains: [Internal.Acme.example]
          contact_domains: [acme.example]
        business_units:
          - id: 0
            name: Account
            primary: true
            connectors:
              - type: zoom
                account_id: acme-zoom
                client_id: acme-client
                client_secret: ${env:ACME_ZOOM_SECRET}
                webhook_secret_token: ${env:ACME_ZOOM_WEBHOOK}
                api_base: sandbox
                plan: pro
                users:
                  - email: host@acme.example
                    sync_new_webinars: false
                    sync_recordings: true
                    webinars:
                      "81234567890": true
                      "81234567891": false
          - id: 77
            name: EMEA
            connectors:
              - type: zoom
                account_id: acme-emea-zoom
                client_id: emea-client
                client_secret: ${env:ACME_ZOOM_SECRET}
                webhook_secret_token: ${env:ACME_ZOOM_WEBHOOK}
        """

    static func load(
        _ yaml: String, file: String = "tenants/acme.yaml", environment: [String: String] = environment
    )
        -> Result<TenantConfiguration, TenantFileError>
    {
        TenantLoader(registry: registry, environment: environment).load(
            text: yaml, file: file, baseDirectory: "/nonexistent")
    }

    /// The issues of a YAML text that must not load.
    static func issues(_ yaml: String, environment: [String: String] = environment) -> [ConfigIssue] {
        switch load(yaml, environment: environment) {
        case .success: return []
        case .failure(let error): return error.issues
        }
    }

    /// A minimal valid tenant with replacements applied to its text.
    static func minimal(tenant: String = "acme", portal: Int = 990011, account: String = "acme-zoom")
        -> String
    {
        """
        tenant: \(tenant)
        hubspot:
          portal_id: \(portal)
          access_token: ${env:ACME_HUBSPOT_TOKEN}
        business_units:
          - id: 0
            name: Account
            primary: true
            connectors:
              - type: zoom
                account_id: \(account)
                client_id: c
                client_secret: ${env:ACME_ZOOM_SECRET}
                webhook_secret_token: ${env:ACME_ZOOM_WEBHOOK}
        """
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "switchyard-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
