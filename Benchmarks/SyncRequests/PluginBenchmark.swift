import Composition
import ConnectorKit
import Foundation
import Host
import Logging
import Sandbox
import TenantConfig

/// `switchyard-bench plugins [RUNS] [SECONDS] [PARTS]`: the Zoom connector as a separate process
/// (`switchyard-zoom` named by a manifest, supervised by the host's plugin layer) beside the
/// built-in one, in one run: idle memory, snapshot wall time of a 5,000-registrant webinar
/// (median of RUNS, default 7, interleaved) and webhook ingest (SECONDS per cell, default 5);
/// PARTS picks some of `memory,snapshot,ingest` (default all).
/// `switchyard-zoom` must sit next to the benchmark executable (build both products).
enum PluginBenchmark {
    static func run(_ arguments: [String]) async throws {
        let runs = arguments.first.flatMap(Int.init) ?? 7
        let seconds = arguments.dropFirst().first.flatMap(Double.init) ?? 5
        let parts = Set((arguments.dropFirst(2).first ?? "memory,snapshot,ingest").split(separator: ",").map(String.init))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("switchyard-zoom").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            FileHandle.standardError.write(Data("\(binary) is missing: build the switchyard-zoom product too\n".utf8))
            exit(2)
        }
        let folder = NSTemporaryDirectory() + "switchyard-plugins-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plugins = try PluginFolders(root: folder, zoomBinary: binary, repository: root)
        if parts.contains("memory") { try await PluginMemoryBenchmark.run(plugins) }
        if parts.contains("snapshot") { try await PluginSnapshotBenchmark.run(plugins, tenants: root + "/tenants", runs: runs) }
        if parts.contains("ingest") { try await PluginIngestBenchmark.run(plugins, seconds: seconds) }
    }

    /// The quiet logger every host of the suite uses.
    static var logger: Logger {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        return logger
    }

    /// Seconds of a duration.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The VmRSS of a process in MiB, from /proc/PID/status.
    static func rss(pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kib / 1024
    }

    /// The processes whose parent is this one, by their command name (`/proc/PID/comm`).
    static func children() -> [(pid: Int32, name: String)] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> (Int32, String)? in
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == me else { return nil }
            let name = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "?"
            return (pid, name.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

/// Plugins directories for the suite: `zoom` (switchyard-zoom by absolute path),
/// `python` (the shipped WebinarExport folder), `both`, and `none` (empty).
struct PluginFolders {
    var zoom: String
    var python: String
    var both: String
    var none: String

    init(root: String, zoomBinary: String, repository: String) throws {
        let files = FileManager.default
        zoom = root + "/zoom"
        python = root + "/python"
        both = root + "/both"
        none = root + "/none"
        let manifest = #"{"manifestVersion": 1, "type": "zoom", "command": ["\#(zoomBinary)"], "requestTimeoutSeconds": 60}"#
        for directory in [zoom + "/zoom", python, both + "/zoom", none] {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        for directory in [zoom, both] {
            try manifest.write(toFile: directory + "/zoom/connector.json", atomically: true, encoding: .utf8)
        }
        for directory in [python, both] {
            try files.createSymbolicLink(
                atPath: directory + "/webinar-export", withDestinationPath: repository + "/Plugins/WebinarExport")
        }
    }
}

/// Idle RSS of each connector process and the host's RSS growth per plugin type started.
enum PluginMemoryBenchmark {
    static func run(_ folders: PluginFolders) async throws {
        print("## Plugins: idle memory (VmRSS)\n")
        print("| what | RSS MiB |")
        print("|---|---:|")
        let health = ConnectorHealthBoard(metrics: nil)
        let before = PluginBenchmark.rss(pid: getpid()) ?? 0
        let zoom = await PluginHost.start(directory: folders.zoom, logger: PluginBenchmark.logger, health: health)
        try await Task.sleep(for: .seconds(1))
        let withZoom = PluginBenchmark.rss(pid: getpid()) ?? 0
        let python = await PluginHost.start(directory: folders.python, logger: PluginBenchmark.logger, health: health)
        try await Task.sleep(for: .seconds(1))
        let withBoth = PluginBenchmark.rss(pid: getpid()) ?? 0
        print("| host (this process) before any plugin | \(fixed(before)) |")
        print("| host growth, first plugin type (zoom) | +\(fixed(withZoom - before)) |")
        print("| host growth, second plugin type (webinar-export) | +\(fixed(withBoth - withZoom)) |")
        for child in PluginBenchmark.children() {
            print("| connector process `\(child.name)` (pid \(child.pid)), idle | \(fixed(PluginBenchmark.rss(pid: child.pid) ?? 0)) |")
        }
        let problems = zoom.problems + python.problems
        await zoom.shutdown()
        await python.shutdown()
        print("")
        for problem in problems { print("problem: \(problem)") }
    }
}
