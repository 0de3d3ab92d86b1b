import AsyncHTTPClient
import Composition
import ConnectorKit
import Foundation
import Host
import Logging
import NIOCore
import Sandbox
import ServiceLifecycle
import Testing

/// Starts a real host on 127.0.0.1 with an ephemeral port and a temporary tenants directory,
/// runs a test body against it over HTTP, and shuts it down.
struct HostHarness {
    static let environment = [
        "ACME_HUBSPOT_TOKEN": "pat-na1-SECRET-HUBSPOT-VALUE",
        "ACME_ZOOM_SECRET": "zoom-SECRET-CLIENT-VALUE",
        "ACME_ZOOM_WEBHOOK": "zoom-SECRET-WEBHOOK-VALUE",
    ]

    /// A minimal valid tenant.
    static func tenant(_ id: String, portal: Int, account: String, displayName: String? = nil)
        -> String
    {
        """
        tenant: \(id)
        display_name: \(displayName ?? id)
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

    /// Makes a temporary tenants directory with these files.
    static func tenantsDirectory(_ files: [String: String]) throws -> String {
        let directory = NSTemporaryDirectory() + "switchyard-host-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// Runs `body` against a host serving `directory`.
    static func withHost(
        tenants directory: String,
        sandbox: HostSettings.SandboxMode = .off,
        environment: [String: String] = environment,
        connectors: ConnectorRegistry = BuiltInConnectors.registry,
        configure: @Sendable (inout HostSettings) -> Void = { _ in },
        logger: Logger? = nil,
        body: @escaping @Sendable (RunningHost, HTTPClient) async throws -> Void
    ) async throws {
        var settings = HostSettings(
            bindAddress: "127.0.0.1", port: 0, tenantsDirectory: directory, statePath: nil)
        settings.reloadPollInterval = .milliseconds(50)
        settings.sandbox = sandbox
        settings.reconcile = false
        // No plugin processes unless a test asks for them (the repository's Plugins/ would start
        // the Python example connector in every host of the suite).
        settings.pluginsDirectory = NSTemporaryDirectory() + "switchyard-no-plugins"
        configure(&settings)
        settings.pluginsDirectory = try TestZoom.pluginsDirectory(settings.pluginsDirectory)
        settings.pluginsDirectory = try TestTeams.pluginsDirectory(settings.pluginsDirectory, tenants: directory)
        var quiet = Logger(label: "test-host")
        quiet.logLevel = .critical
        let host = SwitchyardHost.standard(
            settings: settings, logger: logger ?? quiet, connectors: connectors, environment: environment, handlesSignals: false)
        let (stream, continuation) = AsyncStream.makeStream(of: RunningHost.self)
        // Stopped gracefully, as SIGTERM would: cancelling a server can trap in NIO (see `withGracefulServices`).
        try await withGracefulServices([HostRun(host: host, running: continuation)], logger: quiet) {
            // A host that fails to start ends the stream; its error surfaces from the service.
            guard let running = await stream.first(where: { _ in true }) else { return }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                try await body(running, client)
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    /// A temporary copy of the repository's sample tenants (with their demo secret files).
    ///
    /// Without `teams`, the Teams sample tenant (`woodgrove`, the file with a `type: teams`
    /// connector) is left out: its host would run `switchyard-teams`, whose requests to the
    /// sandbox can still arrive while a test cancels its servers, which crashes the test process
    /// in NIO (`Deinited NIOAsyncWriter without calling finish()`) until the harness stops servers
    /// gracefully. The sandbox generates tenants in file order and `woodgrove` sorts last, so the
    /// other tenants' data is the same either way. `TeamsEndToEndTests` runs all of them.
    static func sampleTenants(teams: Bool = false) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = try tenantsDirectory([:])
        let source = root.appendingPathComponent("tenants").path
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            let text = try? String(contentsOfFile: source + "/" + name, encoding: .utf8)
            if !teams, text?.contains("type: teams") == true { continue }
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: directory + "/" + name)
        }
        return directory
    }

    /// GETs a path and returns status and body text.
    static func get(_ client: HTTPClient, _ url: String) async throws -> (status: Int, body: String) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    /// GETs `/health` of the host at `baseURL` and decodes it.
    static func health(_ client: HTTPClient, _ baseURL: String) async throws -> HealthReport {
        let (status, body) = try await get(client, baseURL + "/health")
        #expect(status == 200)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(HealthReport.self, from: Data(body.utf8))
    }

    /// Polls until `condition` holds (at most ~30 s: a loaded 2-core CI machine running the
    /// suite's hosts and plugin processes at once is slow), for effects of file watching and
    /// of the host's background work.
    static func eventually(_ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        try await poll(seconds: 30, condition)
    }
}

/// A host run as a service, so a test can shut it down gracefully (see `withGracefulServices`):
/// `running` hears of it once its tenants are loaded, `listening` of its port at once.
struct HostRun: Service {
    let host: SwitchyardHost
    let running: AsyncStream<RunningHost>.Continuation
    var listening: AsyncStream<Int>.Continuation?

    func run() async throws {
        defer {
            running.finish()
            listening?.finish()
        }
        try await host.run(onRunning: { running.yield($0) }, onListening: { listening?.yield($0) })
    }
}
