import ConnectorKit
import Foundation
import Logging
import Sandbox
import ZoomConnector

/// Runs the Zoom simulator on a loopback port with a generated scenario, and builds
/// connectors for its accounts the way a tenant file would (`api_base: sandbox`).
struct SimulatorHarness: Sendable {
    /// "Now" of the scenario: 2026-03-02T00:00:00Z.
    static let referenceDate = Date(timeIntervalSince1970: 1_772_409_600)

    let simulator: ZoomSimulator
    let scenario: SandboxScenario
    let port: Int
    let clock: ManualClock

    /// The generated scenario (small sizes, fixed seed): the same ids, UUIDs and people each run.
    static func scenario(seed: UInt64 = 7) -> SandboxScenario {
        ScenarioGenerator.generate(
            ScenarioInput(
                tenants: ScenarioInput.default.tenants,
                sizes: ScenarioSizes(
                    pastWebinarsPerHost: 4, upcomingWebinarsPerHost: 1, registrantsPerWebinar: 8)),
            seed: seed, referenceDate: referenceDate)
    }

    /// Serves a simulator whose clock is `clock` (virtual time from the reference date).
    static func run<Value: Sendable>(
        clock: ManualClock = ManualClock(origin: referenceDate),
        _ body: @Sendable (SimulatorHarness) async throws -> Value
    ) async throws -> Value {
        let scenario = scenario()
        let simulator = ZoomSimulator(
            accounts: scenario.zoomAccounts,
            configuration: ZoomSimulatorConfiguration(now: { clock.date }))
        return try await ScriptedZoom.serve(
            { onRunning in simulator.makeApplication(port: 0, onServerRunning: onRunning) },
            { port in
                try await body(
                    SimulatorHarness(simulator: simulator, scenario: scenario, port: port, clock: clock))
            })
    }

    /// The account's data as the simulator holds it now.
    func account(_ accountID: String) throws -> ZoomAccountData {
        guard let account = simulator.accountData(accountID) else {
            throw HarnessError.unknownAccount(accountID)
        }
        return account
    }

    /// A notable webinar of the first tenant (`zoomEvents`, `requiredQuestion`, `slashUUID`, …).
    func notable(_ name: String) throws -> Int64 {
        guard let id = scenario.tenants.first?.notableWebinars[name] else {
            throw HarnessError.noNotableWebinar(name)
        }
        return id
    }

    /// A connector for `accountID` configured as a tenant would, against this simulator.
    func connector(
        _ accountID: String, users: [String]? = nil, zoomClock: ZoomClock? = nil,
        logger: Logger = Logger(label: "zoom-e2e")
    ) throws -> ZoomConnector {
        let credentials = try account(accountID).credentials
        let context = ConnectorContext(
            logger: logger, httpClient: .shared, now: { clock.date },
            sandboxBaseURLs: [
                "zoom": "http://127.0.0.1:\(port)/v2", "zoom_oauth": "http://127.0.0.1:\(port)",
            ])
        let config = ZoomTestConfig.object(
            accountID: credentials.accountID, clientID: credentials.clientID,
            clientSecret: credentials.clientSecret, webhookSecret: credentials.webhookSecretToken,
            plan: credentials.plan, users: users ?? credentials.hostEmails)
        return try ZoomConnector(
            config: config, context: context,
            options: ZoomClientOptions(clock: zoomClock ?? clock.zoomClock, jitter: { 0 }))
    }

    enum HarnessError: Error {
        case unknownAccount(String)
        case noNotableWebinar(String)
    }
}

extension ZoomWebinarData {
    /// When the last scheduled session ends (as Zoom computes expiry).
    var scheduledEnd: Date {
        let last = occurrences.last
        return (last?.startTime ?? startTime).addingTimeInterval(
            TimeInterval((last?.durationMinutes ?? durationMinutes) * 60))
    }
}
