import Foundation
import Sandbox

#if canImport(Glibc)
    import Glibc
#endif

/// `switchyard-bench sync-cpu [N] [RUNS]`: the CPU one sync of a webinar with N registrants
/// (default 5000) costs Switchyard, beside the do-it-yourself Python script
/// `Benchmarks/PythonBaseline/sync_webinar.py` (zoomus + hubspot-api-client, batches of 100).
///
/// Each run starts a fresh in-process sandbox from the same generated scenario (so both sides
/// find the same empty portal), then runs one side as a child process and takes its CPU time
/// (user + system, from `getrusage(RUSAGE_CHILDREN)`), wall time, and the requests the sandbox
/// received. Switchyard runs `switchyard sync northwind --webinar ID --standalone` (the same
/// engine as the host, on an in-memory state store: tenant load, HubSpot setup and the sync);
/// Python runs from the virtualenv `.build/bench-venv` (created when missing, from PyPI). The
/// table gives the median of RUNS runs (default 3), once with the sandbox's rate limits
/// (HubSpot's 190 requests per 10 s, which Switchyard paces by and the script ignores) and once
/// with them lifted on both sides (see ``Mode``). Only the child process's CPU is counted: the
/// sandbox serving both sides runs in this process, so neither side pays for it.
enum SyncCPUBenchmark {
    struct Measurement {
        var cpu: Double
        /// CPU of this process meanwhile: the sandbox answering the contender.
        var sandboxCPU: Double
        var wall: Double
        var hubSpotRequests: Int
        var zoomRequests: Int
    }

    static func run(_ arguments: [String]) async throws {
        let registrants = arguments.first.flatMap(Int.init) ?? 5000
        let runs = arguments.dropFirst().first.flatMap(Int.init) ?? 3
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let switchyard = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("switchyard").path
        guard FileManager.default.isExecutableFile(atPath: switchyard) else {
            print("build the switchyard product first (swift build -c release --product switchyard): no \(switchyard)")
            return
        }
        let python = try pythonEnvironment(repository: repository)
        let (scenario, tenants) = try SyncRequestBenchmark.scenario(
            registrants: registrants, tenants: repository + "/tenants")
        guard
            let webinar = scenario.zoomAccounts.first?.webinars
                .filter({ !$0.isZoomEvents && $0.startTime < scenario.referenceDate })
                .max(by: { $0.registrants.count < $1.registrants.count })
        else { return }
        let webinarID = String(webinar.id)
        let lifted = try liftedLimitsTenants(tenants)
        // SYNC_CPU_BEFORE=BINARY adds an earlier build of `switchyard` as a contender (same runs).
        let before = ProcessInfo.processInfo.environment["SYNC_CPU_BEFORE"]
        // SYNC_CPU_PERF=FILE profiles Switchyard's runs with `perf record -g -o FILE`.
        let perf = ProcessInfo.processInfo.environment["SYNC_CPU_PERF"]
        var contenders: [(name: String, binary: String?)] = [("Switchyard", switchyard), ("Python", nil)]
        if let before { contenders.insert(("Switchyard (before)", before), at: 1) }
        var results: [String: [Measurement]] = [:]
        for _ in 0..<runs {
            for mode in Mode.allCases {
                let directory = mode == .limits ? tenants : lifted
                for contender in contenders {
                    results["\(contender.name)|\(mode)", default: []].append(
                        try await measure(scenario: scenario, mode: mode) { url in
                            guard let binary = contender.binary else {
                                return (
                                    python,
                                    [
                                        repository + "/Benchmarks/PythonBaseline/sync_webinar.py", "--base-url", url, "--tenant-file",
                                        directory + "/northwind.yaml", "--webinar", webinarID,
                                    ]
                                )
                            }
                            let sync = [
                                "sync", "northwind", "--webinar", webinarID, "--standalone", "--state", ":memory:", "--tenants",
                                directory, "--sandbox-url", url,
                            ]
                            guard let perf, contender.name == "Switchyard", mode == .limits else { return (binary, sync) }
                            return ("/usr/bin/perf", ["record", "-g", "-o", perf, "--", binary] + sync)
                        })
                }
            }
        }
        print("## One sync of webinar \(webinarID), \(webinar.registrants.count) registrants (median of \(runs))\n")
        print("| contender | rate limits | CPU s | wall s | sandbox CPU s | HubSpot requests | Zoom requests |")
        print("|---|---|---:|---:|---:|---:|---:|")
        func median(_ name: String, _ mode: Mode, _ value: (Measurement) -> Double) -> Double {
            let samples = (results["\(name)|\(mode)"] ?? []).map(value).sorted()
            return samples.isEmpty ? 0 : samples[samples.count / 2]
        }
        for mode in Mode.allCases {
            for (name, _) in contenders {
                print(
                    "| \(name) | \(mode.label) | \(fixed(median(name, mode, \.cpu), 2)) | \(fixed(median(name, mode, \.wall), 2)) | \(fixed(median(name, mode, \.sandboxCPU), 2)) | \(fixed(median(name, mode) { Double($0.hubSpotRequests) }, 0)) | \(fixed(median(name, mode) { Double($0.zoomRequests) }, 0)) |"
                )
            }
        }
        print("")
        for mode in Mode.allCases {
            for (name, _) in contenders where name != "Python" {
                let ratio = median(name, mode, \.cpu) / median("Python", mode, \.cpu)
                print("\(name)'s CPU is \(fixed(ratio, 2))× the script's (\(mode.label)).")
            }
        }
        print("")
    }

    /// The sandbox's rate limits during a run.
    enum Mode: CaseIterable, CustomStringConvertible {
        /// HubSpot's 190 requests per 10 s (paced by Switchyard, not by the script) and Zoom's
        /// Business plan: the sandbox's defaults.
        case limits
        /// Limits lifted on both sides: the sandbox allows 100,000 per window, and the tenant
        /// file tells Switchyard's budget 10,000 per 10 s (its largest setting).
        case lifted

        var description: String { self == .limits ? "limits" : "lifted" }
        var label: String { self == .limits ? "HubSpot 190/10 s" : "lifted" }
    }

    /// A copy of the tenants directory whose northwind file sets
    /// `hubspot.requests_per_ten_seconds: 10000`, for runs with the limits lifted.
    static func liftedLimitsTenants(_ tenants: String) throws -> String {
        let directory = tenants + "-lifted"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.copyItem(atPath: tenants, toPath: directory)
        let file = directory + "/northwind.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        guard let range = text.range(of: "\nhubspot:\n") else { throw BenchmarkError("no hubspot section in \(file)") }
        try text.replacingCharacters(in: range, with: "\nhubspot:\n  requests_per_ten_seconds: 10000\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        return directory
    }

    /// Runs one contender against a fresh sandbox; `command` gets the sandbox URL.
    static func measure(
        scenario: SandboxScenario, mode: Mode, command: @escaping @Sendable (String) -> (String, [String])
    ) async throws -> Measurement {
        let unlimited = ZoomRateLimitPlan(
            lightPerSecond: 100_000, mediumPerSecond: 100_000, heavyPerSecond: 100_000, heavyPerDay: 10_000_000)
        let server =
            mode == .limits
            ? SandboxServer(scenario: scenario)
            : SandboxServer(
                scenario: scenario,
                zoomConfiguration: ZoomSimulatorConfiguration(rateLimitPlans: [
                    "pro": unlimited, "business": unlimited, "enterprise": unlimited,
                ]),
                hubSpotRateLimits: HubSpotRateLimits(tenSecondlyRolling: 100_000, daily: 10_000_000, searchPerSecond: 1_000))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.makeApplication(host: "127.0.0.1", port: 0) { continuation.yield($0) }
        return try await withThrowingTaskGroup(of: Measurement?.self) { group in
            group.addTask {
                try await app.runService()
                return nil
            }
            guard let port = await ports.first(where: { _ in true }) else { throw BenchmarkError("the sandbox did not start") }
            let (binary, arguments) = command("http://127.0.0.1:\(port)")
            let before = childrenCPU()
            let sandboxBefore = cpu(RUSAGE_SELF)
            let started = ContinuousClock.now
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
                process.terminationHandler = { _ in done.resume() }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    done.resume(throwing: error)
                }
            }
            let wall = TenantScaleBenchmark.seconds(ContinuousClock.now - started)
            guard process.terminationStatus == 0 else {
                throw BenchmarkError("\(binary) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
            }
            let measurement = Measurement(
                cpu: childrenCPU() - before, sandboxCPU: cpu(RUSAGE_SELF) - sandboxBefore, wall: wall,
                hubSpotRequests: server.hubspot.requestLog.all.count,
                zoomRequests: server.zoom.requestLog.all.count)
            group.cancelAll()
            return measurement
        }
    }

    /// CPU seconds (user + system) of every child process that has ended.
    static func childrenCPU() -> Double { cpu(RUSAGE_CHILDREN) }

    /// CPU seconds (user + system) of `who`.
    static func cpu(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(who.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The virtualenv's python with the script's pinned clients, created when missing.
    static func pythonEnvironment(repository: String) throws -> String {
        let venv = repository + "/.build/bench-venv"
        let python = venv + "/bin/python"
        if !FileManager.default.isExecutableFile(atPath: python) {
            try checked("/usr/bin/env", ["python3", "-m", "venv", venv])
        }
        try checked(
            python,
            [
                "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--requirement",
                repository + "/Benchmarks/PythonBaseline/requirements.txt",
            ])
        return python
    }

    /// Runs a command to its end (its output shown); throws when it fails.
    static func checked(_ binary: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError("\(binary) \(arguments.joined(separator: " ")) failed") }
    }
}
