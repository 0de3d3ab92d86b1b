import Foundation
import Sandbox
import Store
import Testing

@testable import Host

/// The kill -9 campaign: `switchyard serve` killed with SIGKILL at a random moment of its
/// writes, under load (its start-up reconcile of both sample tenants; the restarted host also
/// gets the scenario's webhooks), then restarted on the same state file. Invariants of every trial:
/// the restart starts and later stops cleanly; HubSpot converges to the state of an
/// uninterrupted run (no duplicate contact, participation, timeline event or call: each
/// would be an extra element); no acknowledged webhook is left unapplied (the inbox is empty,
/// nothing is a dead letter).
///
/// One trial runs in every test run; `SWITCHYARD_KILL_TRIALS` and `SWITCHYARD_KILL_SEED` set a
/// long run (`scripts/kill-campaign`).
@Suite("Campaign: kill -9 under load")
struct KillCampaignTests {
    @Test("killed at random under load and restarted: starts, converges, no duplicate, no acknowledged webhook unapplied")
    func campaign() async throws {
        let environment = ProcessInfo.processInfo.environment
        let trials = environment["SWITCHYARD_KILL_TRIALS"].flatMap(Int.init) ?? 1
        let seed = environment["SWITCHYARD_KILL_SEED"].flatMap(UInt64.init) ?? 9
        let tenants = try HostHarness.sampleTenants()
        let (clean, writes) = try await Self.reference(tenants: tenants)
        var random = SplitMix(seed: seed)
        var report = KillReport()
        for trial in 1...trials {
            let threshold = 1 + Int(random.next() % UInt64(max(1, writes - 1)))
            let started = Date()
            let problems = try await Self.trial(tenants: tenants, clean: clean, killAfterWrites: threshold, report: &report)
            report.record(trial: trial, threshold: threshold, problems: problems)
            if trials > 1 {
                let seconds = Int(Date().timeIntervalSince(started))
                print("kill -9 trial \(trial): \(problems.isEmpty ? "passed" : "FAILED: " + problems.joined(separator: "; ")) (\(seconds) s)")
            }
            if trials > 1, trial % 10 == 0 { print("kill -9 campaign (seed \(seed)) after \(trial): \(report.summary)") }
        }
        print("kill -9 campaign (seed \(seed)): \(report.summary)")
        for failure in report.failures { print("  \(failure)") }
        #expect(report.failures.isEmpty, "\(report.failures.joined(separator: "\n"))")
    }

    /// HubSpot's state after an uninterrupted run (both tenants reconciled, the scenario's
    /// webhooks applied), and how many writes the reconciles took.
    static func reference(tenants: String) async throws -> (states: [Int: PortalState], writes: Int) {
        let result = Box<([Int: PortalState], Int)>(([:], 0))
        try await HostHarness.withHost(tenants: tenants, sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            for tenant in ["northwind", "contoso"] {
                #expect(try await SyncFaultToleranceTests.reconcile(host, tenant: tenant, rounds: 1) == 1)
            }
            // Kills land within the reconcile's writes (the first host gets no webhooks).
            let writes = sandbox.hubspot.requestLog.all.filter { $0.method != "GET" && $0.status < 300 }.count
            _ = await sandbox.zoom.pushScenarioWebhooks()
            await sandbox.zoom.webhooksSettled()
            for tenant in ["northwind", "contoso"] {
                #expect(try await SignedZoom.within(60) { try await host.store.inboxDepth(tenantID: tenant) == 0 })
            }
            result.set((Self.states(sandbox), writes))
        }
        return result.value
    }

    /// Each portal's state, the times of cancellations left out: the scenario's webhooks carry the
    /// time they are pushed, which differs between the reference and a trial.
    static func states(_ server: SandboxServer) -> [Int: PortalState] {
        CrashRecoveryTests.states(server).mapValues { state in
            var state = state
            state.participations = state.participations.map { $0.replacing(/@[0-9]+/, with: "@t") }
            return state
        }
    }

    /// One trial; returns what went wrong (nothing when every invariant held).
    static func trial(tenants: String, clean: [Int: PortalState], killAfterWrites: Int, report: inout KillReport) async throws
        -> [String]
    {
        let statePath = NSTemporaryDirectory() + "switchyard-kill-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: statePath + suffix) } }
        let problems = Box<[String]>([])
        let landed = Box(false)
        try await SandboxHarness.withSandbox(tenants: tenants) { server, origin in
            let arguments = [
                "serve", "--port", "0", "--tenants", tenants, "--state", statePath, "--sandbox-url", origin, "--log-level", "info",
            ]
            server.hubspot.faults.update(FaultPlan(addedLatencyMilliseconds: 5))
            let writes = { server.hubspot.requestLog.all.filter { $0.method != "GET" && $0.status < 300 }.count }
            let first = try HostProcess(arguments: arguments)
            // Load: the start-up reconcile of both tenants (and, after the restart, the scenario's webhooks).
            _ = try await CrashRecoveryTests.waitUntil(seconds: 60) { writes() >= killAfterWrites }
            first.kill()
            landed.set(Self.states(server) != clean)
            server.hubspot.faults.update(.none)
            let second = try HostProcess(arguments: arguments)
            _ = try await CrashRecoveryTests.waitUntil(seconds: 60) { second.log.components(separatedBy: "tenant loaded").count > 2 }
            try await Task.sleep(for: .milliseconds(500))  // it points the sandbox's webhooks at itself once loaded
            _ = await server.zoom.pushScenarioWebhooks()
            let converged = try await CrashRecoveryTests.waitUntil(seconds: 90) {
                second.process.isRunning && Self.states(server) == clean
            }
            var count = server.hubspot.requestLog.all.count
            while true {
                try await Task.sleep(for: .milliseconds(300))
                let now = server.hubspot.requestLog.all.count
                if now == count { break }
                count = now
            }
            var found: [String] = []
            if !second.process.isRunning { found.append("the restarted host is not running: \(second.log.suffix(2000))") }
            if !converged { found.append("HubSpot did not converge to the clean run's state") }
            for (portal, state) in Self.states(server) where state != clean[portal] {
                found.append("portal \(portal): \(state.differences(from: clean[portal] ?? state))")
            }
            let status = second.stop()
            if status != 0 { found.append("the restarted host exited with \(status)") }
            let store = try SQLiteStateStore(path: statePath)
            for tenant in ["northwind", "contoso"] {
                let depth = try await store.inboxDepth(tenantID: tenant)
                if depth > 0 { found.append("\(tenant): \(depth) acknowledged webhook(s) left unapplied") }
            }
            let dead = try await store.deadLetterCounts()
            if !dead.isEmpty { found.append("dead letters: \(dead)") }
            problems.set(found)
        }
        if landed.value { report.landedMidSync += 1 }
        return problems.value
    }
}

/// The campaign's figures.
struct KillReport {
    var passed = 0
    var failed = 0
    var landedMidSync = 0
    var failures: [String] = []

    mutating func record(trial: Int, threshold: Int, problems: [String]) {
        if problems.isEmpty {
            passed += 1
        } else {
            failed += 1
            failures.append("trial \(trial) (killed after \(threshold) writes): " + problems.joined(separator: "; "))
        }
    }

    var summary: String {
        "\(passed) passed, \(failed) failed; \(landedMidSync) kill(s) landed before HubSpot held the clean state"
    }
}

/// A seeded random number generator (SplitMix64): the same seed, the same campaign.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
