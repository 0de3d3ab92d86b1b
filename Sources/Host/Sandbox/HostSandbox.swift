import AsyncHTTPClient
import Foundation
import Logging
import Sandbox
import ServiceLifecycle

/// The simulators a host uses for its `sandbox` tenants: started in-process (embedded), or
/// already running elsewhere (`switchyard sandbox`, `--sandbox-url`).
struct HostSandbox: Sendable {
    /// Where the simulators listen, e.g. `http://127.0.0.1:40123`.
    let origin: String
    /// The in-process simulators, when embedded.
    let server: SandboxServer?
    /// The service group running the embedded simulators' HTTP server (shut down after the host's).
    let services: ServiceGroup?

    /// Base URLs by service, for connectors and HubSpot clients configured with `sandbox`.
    var baseURLs: [String: String] { SandboxServer.baseURLs(origin: origin) }

    /// Makes the simulated Zoom accounts push their webhooks to the host: in-process, or
    /// through the sandbox's control API (`PUT /_sandbox/zoom/accounts/{id}/webhook`).
    func pointWebhooks(at url: String, accountIDs: [String], httpClient: HTTPClient, logger: Logger) async {
        if let server {
            for accountID in accountIDs { _ = server.zoom.setWebhookURL(accountID: accountID, url: url) }
            return
        }
        for accountID in accountIDs {
            let encoded = accountID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? accountID
            var request = HTTPClientRequest(url: "\(origin)/_sandbox/zoom/accounts/\(encoded)/webhook")
            request.method = .PUT
            request.headers.add(name: "Content-Type", value: "application/json")
            let body = try? JSONEncoder().encode(["url": url])
            request.body = .bytes(body ?? Data())
            do {
                _ = try await httpClient.execute(request, timeout: .seconds(5))
            } catch {
                logger.warning(
                    "cannot point the sandbox's webhooks at this host",
                    metadata: ["account": .string(accountID), "sandbox": .string(origin), "error": .string("\(error)")])
            }
        }
    }

    /// Stops the embedded simulators (nothing for an external sandbox).
    func shutdown() async {
        await services?.triggerGracefulShutdown()
    }
}
