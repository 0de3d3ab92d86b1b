import Foundation
import Logging

@testable import Host

/// Two tenants, `alpha` (a.yaml) and `beta` (b.yaml), served by a host (sandbox and reconciles
/// off) whose reading of b.yaml waits until the test signals `gate`: the host is caught mid-load.
struct GatedTenantLoading {
    let host: SwitchyardHost
    let gate = DispatchSemaphore(value: 0)
    let logger: Logger

    init(operatorToken: String? = nil) throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a"),
            "b.yaml": HostHarness.tenant("beta", portal: 2, account: "acct-b"),
        ])
        var settings = HostSettings(bindAddress: "127.0.0.1", port: 0, tenantsDirectory: directory, statePath: nil)
        settings.sandbox = .off
        settings.reconcile = false
        settings.operatorToken = operatorToken
        var logger = Logger(label: "test-host")
        logger.logLevel = .critical
        var host = SwitchyardHost.standard(settings: settings, logger: logger, environment: HostHarness.environment, handlesSignals: false)
        host.readTenantFile = { [gate] path in
            if path.hasSuffix("/b.yaml") {
                gate.wait()
                gate.signal()
            }
            return FileManager.default.contents(atPath: path)
        }
        self.host = host
        self.logger = logger
    }
}
