import Foundation
import Sandbox
import ServiceLifecycle

/// The simulators a host runs in-process for its `sandbox` tenants.
struct EmbeddedSandbox: Sendable {
    let server: SandboxServer
    let origin: String
    /// The service group running the simulators' HTTP server (shut down after the host's).
    let services: ServiceGroup

    /// Base URLs by service, for connectors and HubSpot clients configured with `sandbox`.
    var baseURLs: [String: String] { SandboxServer.baseURLs(origin: origin) }

    /// Makes every simulated Zoom account push its webhooks to the host.
    func pointWebhooks(at url: String) {
        for account in server.scenario.zoomAccounts {
            _ = server.zoom.setWebhookURL(accountID: account.credentials.accountID, url: url)
        }
    }

    /// The scenario's reference date: the start of the current UTC day, so a seed gives the
    /// same data all day long.
    static func referenceDate(now: Date = Date()) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
}
