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
/// table gives the median of RUNS runs (default 3).
enum SyncCPUBenchmark {
    struct Measurement {
        var cpu: Double
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
        var results: [String: [Measurement]] = [:]
        // SYNC_CPU_PERF=FILE profiles Switchyard's runs with `perf record -g -o FILE`.
        let perf = ProcessInfo.processInfo.environment["SYNC_CPU_PERF"]
        for _ in 0..<runs {
            results["Switchyard", default: []].append(
                try await measure(scenario: scenario) { url in
                    let sync = [
                        "sync", "northwind", "--webinar", webinarID, "--standalone", "--state", ":memory:", "--tenants", tenants,
                        "--sandbox-url", url,
                    ]
                    guard let perf else { return (switchyard, sync) }
                    return ("/usr/bin/perf", ["record", "-g", "-o", perf, "--", switchyard] + sync)
                })
            results["Python", default: []].append(
                try await measure(scenario: scenario) { url in
                    (
                        python,
                        [
                            repository + "/Benchmarks/PythonBaseline/sync_webinar.py", "--base-url", url, "--tenant-file",
                            tenants + "/northwind.yaml", "--webinar", webinarID,
                        ]
                    )
                })
        }
        print("## One sync of webinar \(webinarID), \(webinar.registrants.count) registrants (median of \(runs))\n")
        print("| contender | CPU s | wall s | HubSpot requests | Zoom requests |")
        print("|---|---:|---:|---:|---:|")
        for name in ["Switchyard", "Python"] {
            let samples = results[name] ?? []
            func median(_ value: (Measurement) -> Double) -> Double { samples.map(value).sorted()[samples.count / 2] }
            print(
                "| \(name) | \(fixed(median(\.cpu), 2)) | \(fixed(median(\.wall), 2)) | \(fixed(median { Double($0.hubSpotRequests) }, 0)) | \(fixed(median { Double($0.zoomRequests) }, 0)) |"
            )
        }
        let ratio = (results["Switchyard"] ?? []).map(\.cpu).sorted()[runs / 2] / (results["Python"] ?? []).map(\.cpu).sorted()[runs / 2]
        print("\nSwitchyard's CPU is \(fixed(ratio, 2))× the script's.\n")
    }

    /// Runs one contender against a fresh sandbox; `command` gets the sandbox URL.
    static func measure(
        scenario: SandboxScenario, command: @escaping @Sendable (String) -> (String, [String])
    ) async throws -> Measurement {
        let server = SandboxServer(scenario: scenario)
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
                cpu: childrenCPU() - before, wall: wall, hubSpotRequests: server.hubspot.requestLog.all.count,
                zoomRequests: server.zoom.requestLog.all.count)
            group.cancelAll()
            return measurement
        }
    }

    /// CPU seconds (user + system) of every child process that has ended.
    static func childrenCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
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
