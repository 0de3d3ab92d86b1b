import AsyncHTTPClient
import Foundation
import Host

/// `switchyard validate` and `switchyard serve` (the `switchyard` binary built beside this
/// one) with N generated tenant files, sync off, sandbox off: validate's wall time; for serve,
/// the time until the port answers `/health` and until `/health` lists all N tenants, then
/// the idle process's CPU (cores) and RSS over 30 s.
enum TenantScaleBenchmark {
    static func run(_ arguments: [String]) async throws {
        let sizes = arguments.compactMap { Int($0) }
        let idleSeconds = 30.0
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("switchyard").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("build the switchyard product first (swift build -c release --product switchyard): no \(binary)")
            return
        }
        print("## Tenant scale: generated tenants, sync off, sandbox off\n")
        print("| tenants | validate s | serve: port answers s | serve: /health lists all s | idle CPU cores | idle RSS MiB |")
        print("|---:|---:|---:|---:|---:|---:|")
        for count in sizes.isEmpty ? [1_000, 10_000] : sizes {
            let directory = try generate(count)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let validate = try time { try runToEnd(binary, ["validate", directory + "/tenants"]) }
            let serve = try await serve(binary: binary, directory: directory, count: count, idleSeconds: idleSeconds)
            print(
                "| \(count) | \(fixed(validate, 2)) | \(fixed(serve.portOpen, 2)) | \(fixed(serve.allLoaded, 2)) | \(fixed(serve.idleCores, 3)) | \(fixed(serve.rssMiB, 0)) |"
            )
        }
        print("")
    }

    static func generate(_ count: Int) throws -> String {
        let directory = NSTemporaryDirectory() + "switchyard-scale-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/tenants", withIntermediateDirectories: true)
        for index in 0..<count {
            try IngestBenchmark.tenantFile(index).write(
                toFile: directory + "/tenants/tenant-\(String(format: "%05d", index)).yaml", atomically: false, encoding: .utf8)
        }
        return directory
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        return seconds(ContinuousClock.now - start)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func process(_ binary: String, _ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    static func runToEnd(_ binary: String, _ arguments: [String]) throws {
        let process = process(binary, arguments)
        try process.run()
        process.waitUntilExit()
    }

    struct Serve {
        var portOpen: Double
        var allLoaded: Double
        var idleCores: Double
        var rssMiB: Double
    }

    static func serve(binary: String, directory: String, count: Int, idleSeconds: Double) async throws -> Serve {
        let port = 20_000 + Int.random(in: 0..<20_000)
        let process = process(
            binary,
            [
                "serve", "--port", String(port), "--tenants", directory + "/tenants", "--state", directory + "/state.sqlite",
                "--sandbox", "off", "--log-level", "warning",
            ])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let start = ContinuousClock.now
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var portOpen: Double?
        var allLoaded: Double?
        let deadline = start + .seconds(600)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        while allLoaded == nil, ContinuousClock.now < deadline {
            // /metrics is cheap; /health (every tenant's status) is read once the count is reached.
            if let metrics = try? await get(client, "http://127.0.0.1:\(port)/metrics") {
                if portOpen == nil { portOpen = seconds(ContinuousClock.now - start) }
                if metrics.contains("switchyard_tenants_loaded \(count)\n") || metrics.contains("switchyard_tenants_loaded \(count).0\n"),
                    let text = try? await get(client, "http://127.0.0.1:\(port)/health"),
                    let health = try? decoder.decode(HealthReport.self, from: Data(text.utf8)),
                    health.loading == nil, health.tenantFiles == count, health.tenantsRunning == count
                {
                    allLoaded = seconds(ContinuousClock.now - start)
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let before = try sample(process.processIdentifier)
        try await Task.sleep(for: .milliseconds(Int(idleSeconds * 1000)))
        let after = try sample(process.processIdentifier)
        try await client.shutdown()
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return Serve(
            portOpen: portOpen ?? .nan, allLoaded: allLoaded ?? .nan,
            idleCores: Double(after.cpuTicks - before.cpuTicks) / ticks / seconds(after.at - before.at),
            rssMiB: Double(after.rssPages * Int(sysconf(Int32(_SC_PAGESIZE)))) / 1_048_576)
    }

    static func get(_ client: HTTPClient, _ url: String) async throws -> String {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        return String(buffer: try await response.body.collect(upTo: 64 << 20))
    }

    /// utime + stime (clock ticks) and resident pages of a process, from /proc.
    static func sample(_ pid: Int32) throws -> (cpuTicks: Int, rssPages: Int, at: ContinuousClock.Instant) {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name (which may hold spaces) start after the last ')'.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")") ?? stat.startIndex)...].split(separator: " ")
        let utime = Int(fields[11]) ?? 0
        let stime = Int(fields[12]) ?? 0
        let statm = try String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8).split(separator: " ")
        return (utime + stime, Int(statm[1]) ?? 0, .now)
    }
}
