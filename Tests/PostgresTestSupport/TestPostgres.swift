import Foundation

#if canImport(Glibc)
    import Glibc
#endif
import Store

/// The PostgreSQL server of a test run: the one `SWITCHYARD_TEST_POSTGRES` names
/// (`postgres://user@host:port/db`), else a throw-away server that `scripts/postgres-test-cluster`
/// starts once per test process (stopped when the process ends). Each test works in a schema
/// of its own, so tests run in parallel on one server.
public enum TestPostgres {
    /// Why PostgreSQL tests are skipped, when they are: the server binaries are not installed.
    public static let unavailableReason =
        "PostgreSQL's server binaries (initdb, pg_ctl, postgres) are not installed, so the PostgreSQL backend is not tested; "
        + "install them with scripts/install-deps.sh (Debian: apt-get install postgresql)"

    /// Whether a server is configured or can be started.
    public static let isAvailable: Bool = {
        if ProcessInfo.processInfo.environment["SWITCHYARD_TEST_POSTGRES"] != nil { return true }
        return (try? run(["check"])) != nil
    }()

    /// The server's URL (`postgres://postgres@127.0.0.1:PORT/postgres`), starting it on first use.
    public static func serverURL() async throws -> String {
        try await server.value
    }

    /// A location in a new, empty schema of the test server.
    public static func freshLocation() async throws -> PostgresStateLocation {
        var location = try PostgresStateLocation(url: try await serverURL())
        location.schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return location
    }

    /// The repository's root (this file is `Tests/PostgresTestSupport/TestPostgres.swift`).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    private static let server = Task<String, any Error> {
        if let url = ProcessInfo.processInfo.environment["SWITCHYARD_TEST_POSTGRES"] { return url }
        let directory = NSTemporaryDirectory() + "switchyard-pg-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        let output = try run(["start", directory + "/data", "--owner-pid", "\(ProcessInfo.processInfo.processIdentifier)"])
        guard let url = output.split(separator: "\n").last.map(String.init), url.hasPrefix("postgres://") else {
            throw TestPostgresError(message: "scripts/postgres-test-cluster printed no URL: \(output)")
        }
        return url
    }

    /// Runs `scripts/postgres-test-cluster` and returns its standard output; throws when it fails.
    /// Spawned and reaped directly (Foundation's `Process` can miss the exit of a script whose
    /// children live on), its output through files: the server it starts inherits descriptors,
    /// and a pipe would never reach its end while the server runs.
    private static func run(_ arguments: [String]) throws -> String {
        let base = NSTemporaryDirectory() + "switchyard-pg-script-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let script = packageRoot + "/scripts/postgres-test-cluster"
        let argv = ([script] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, script, &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestPostgresError(message: "cannot run \(script): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        guard status == 0 else {
            let errors = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
            throw TestPostgresError(message: "scripts/postgres-test-cluster \(arguments.first ?? "") failed: \(errors)")
        }
        return output
    }
}

/// The test server could not be started.
public struct TestPostgresError: Error, CustomStringConvertible {
    /// What failed.
    public var message: String
    /// The message.
    public var description: String { message }
}
