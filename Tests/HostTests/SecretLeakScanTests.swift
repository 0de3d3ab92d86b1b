import AsyncHTTPClient
import Composition
import Foundation
import Host
import Logging
import NIOCore
import Synchronization
import TenantConfig
import Testing

/// Keeps the promise "secret values never appear in logs, errors, the console or API
/// responses": runs the loader, `switchyard validate` and a running host through every error
/// path a tenant file can take, and scans everything they say for every secret value.
@Suite("Secrets never leak, whatever the tenant files do")
struct SecretLeakScanTests {
    static let environment = AdminAuthTests.environment.merging(["LEAK_ENV_SECRET": "ENV-SECRET-VALUE-5521"]) { first, _ in first }
    static let fileSecret = "FILE-SECRET-VALUE-8812"
    static let outsideSecret = "OUTSIDE-FILE-SECRET-3390"
    static let fallbacks = (1...8).map { "FALLBACK-SECRET-\($0)-x9" }
    static let literal = "LITERAL-SECRET-IN-FIELD-4471"

    /// Every value the output must never contain.
    static var secrets: [String] {
        Array(environment.values) + [fileSecret, outsideSecret, literal] + fallbacks
    }

    /// A valid tenant using every kind of reference, and a broken file for each error path.
    static func tenantsDirectory() throws -> String {
        let root = try HostHarness.tenantsDirectory([:])
        let directory = root + "/tenants"
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory + "/secrets", withIntermediateDirectories: true)
        try "\(fileSecret)\n".write(toFile: directory + "/secrets/app", atomically: true, encoding: .utf8)
        try "tenant: outside\nvalue: \(outsideSecret)\n".write(toFile: root + "/outside.yaml", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: directory + "/secrets/out", withDestinationPath: root + "/outside.yaml")
        try fm.createSymbolicLink(atPath: directory + "/linked.yaml", withDestinationPath: root + "/outside.yaml")
        let f = fallbacks
        let valid = AdminAuthTests.tenant("acme", portal: 1001, account: "acme-zoom", tokenVariable: "ACME_ADMIN_TOKEN")
            .replacingOccurrences(of: "client_secret: ${env:ACME_ZOOM_SECRET}", with: "client_secret: ${env:UNSET_A:-\(f[0])}")
            .replacingOccurrences(
                of: "access_token: ${env:ACME_HUBSPOT_TOKEN}",
                with: "access_token: ${env:LEAK_ENV_SECRET}\n  client_secret: ${file:secrets/app}")
        func variant(_ id: String, portal: Int, _ edit: (String) -> String) -> String {
            edit(HostHarness.tenant(id, portal: portal, account: "\(id)-zoom"))
        }
        let files: [String: String] = [
            "acme.yaml": valid,
            "dup.yaml": variant("dup", portal: 2) { $0 + "\nadmin:\n  token: ${env:UNSET:-\(f[1])}\ntenant: again\n" },
            "plain.yaml": variant("plain", portal: 3) {
                $0.replacingOccurrences(of: "tenant: plain", with: "tenant: ${env:UNSET:-\(f[2])}")
            },
            "display.yaml": variant("display", portal: 4) {
                $0.replacingOccurrences(of: "display_name: display", with: "display_name: \"${env:X:-\(f[3])}\"")
            },
            "syntax.yaml": "tenant: [broken\n  access_token: ${env:UNSET:-\(f[4])}\n",
            "badname.yaml": variant("badname", portal: 5) {
                $0.replacingOccurrences(of: "${env:ACME_HUBSPOT_TOKEN}", with: "\"${env:BAD NAME:-\(f[5])}\"")
            },
            "scheme.yaml": variant("scheme", portal: 6) {
                $0.replacingOccurrences(of: "${env:ACME_HUBSPOT_TOKEN}", with: "\"${vault:x:-\(f[6])}\"")
            },
            "literal.yaml": variant("literal", portal: 7) { $0.replacingOccurrences(of: "${env:ACME_HUBSPOT_TOKEN}", with: literal) },
            "fileout.yaml": variant("fileout", portal: 8) {
                $0.replacingOccurrences(of: "${env:ACME_HUBSPOT_TOKEN}", with: "${file:secrets/out}")
            },
            "fileabs.yaml": variant("fileabs", portal: 9) {
                $0.replacingOccurrences(of: "${env:ACME_HUBSPOT_TOKEN}", with: "${file:\(root)/outside.yaml}")
            },
            "fileup.yaml": variant("fileup", portal: 10) {
                $0.replacingOccurrences(of: "${env:ACME_HUBSPOT_TOKEN}", with: "${file:secrets/../../outside.yaml}")
            },
            "conflict.yaml": variant("acme", portal: 1001) { $0 + "\nadmin:\n  token: ${env:UNSET:-\(f[7])}\n" },
            "bomb.yaml": "tenant: bomb\nx: &x [\(fallbacks[1]), a]\n" + (1...12).map { "y\($0): *x" }.joined(separator: "\n"),
            "deep.yaml": "tenant: deep\nk: \(fallbacks[2])\nx: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
            "huge.yaml": "tenant: huge\nk: \(fallbacks[3])\n# " + String(repeating: "x", count: 300_000),
            "wrongtype.yaml": variant("wrongtype", portal: 11) {
                $0.replacingOccurrences(of: "portal_id: 11", with: "portal_id: \(literal)")
            },
        ]
        for (name, text) in files { try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8) }
        return directory
    }

    @Test("loader, validate, /health, /metrics, the admin API, the console and the log never show a secret value")
    func scan() async throws {
        let directory = try Self.tenantsDirectory()
        let outputs = CapturedLog()

        let load = try TenantLoaderProbe.load(directory, environment: Self.environment)
        #expect(load.running == ["acme"])
        #expect(load.failed.count == 16)
        outputs.append("[" + "loader" + "] " + load.text)
        for arguments in [["validate", directory], ["validate", "--json", directory]] {
            let run = try await SwitchyardBinary.run(arguments, environment: Self.environment)
            #expect(run.status == 1)
            outputs.append("[" + arguments.joined(separator: " ") + "] " + run.output + run.error)
        }

        let log = CapturedLog()
        try await HostHarness.withHost(
            tenants: directory, environment: Self.environment, configure: { $0.operatorToken = AdminAuthTests.operatorToken },
            logger: Logger(label: "leak-scan") { _ in CapturedLog.Handler(log: log) }
        ) { host, http in
            let api = AdminClient(http: http, baseURL: host.baseURL)
            let operatorToken = AdminAuthTests.operatorToken
            var paths = [
                ("/health", nil), ("/health", operatorToken), ("/health", "acme-SECRET-admin"), ("/metrics", nil),
                ("/api/v1/tenants", operatorToken), ("/api/v1/tenants", "acme-SECRET-admin"),
            ]
            for suffix in [
                "", "/settings", "/business-units", "/webinars", "/sync-runs", "/contacts/lookup?email=nobody", "/webinars/1/audit",
            ] {
                paths.append(("/api/v1/tenants/acme" + suffix, operatorToken))
            }
            for (path, token) in paths {
                let answer = try await api.get(path, token: token)
                outputs.append("[" + path + "] " + answer.text + answer.headers.description)
            }
            for connector in ["zoom", "nope"] {
                let webhook = try await api.send("POST", "/webhooks/\(connector)")
                outputs.append("[" + "webhook \(connector)" + "] " + webhook.text)
            }
            #expect(await host.registry.runtime(tenantID: "acme") != nil)
            // A "billion laughs" dropped in while the host runs: refused, and the host keeps serving.
            let bomb = (1...9).reduce("tenant: laughs\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n") { text, level in
                text + "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
            }
            try bomb.write(toFile: directory + "/laughs.yaml", atomically: true, encoding: .utf8)
            let refused = try await HostHarness.eventually {
                await host.registry.statuses.contains { $0.file.hasSuffix("laughs.yaml") && $0.state == .error }
            }
            #expect(refused)
            #expect(try await api.get("/health").status == 200)
            // A hot edit that breaks the running tenant: the last good version keeps running.
            try (Self.fallbacks[0] + ": : [").write(toFile: directory + "/acme.yaml", atomically: true, encoding: .utf8)
            let degradedSeen = try await HostHarness.eventually {
                await host.registry.statuses.contains { $0.tenant == "acme" && $0.state == .degraded }
            }
            #expect(degradedSeen)
            let degraded = try await api.get("/health", token: operatorToken)
            outputs.append("[" + "/health degraded" + "] " + degraded.text)
            try await ConsoleClient.with(baseURL: host.baseURL) { browser in
                _ = try await browser.signIn(operatorToken)
                for path in ["/console", "/console/tenants/acme", "/console/tenants/acme/contact?email=x%40acme.example"] {
                    let page = try await browser.get(path)
                    outputs.append("[" + path + "] " + page.html)
                }
            }
        }
        #expect(log.text.contains("tenant file has errors"))
        for (source, text) in [("responses and command output", outputs.text), ("the log", log.text)] {
            for secret in Self.secrets {
                #expect(!text.contains(secret), "\(secret) appears in \(source)")
            }
        }
    }
}

/// The loader's view of a directory, as text.
enum TenantLoaderProbe {
    static func load(_ directory: String, environment: [String: String]) throws -> (running: [String], failed: [String], text: String) {
        let load = try TenantLoader(registry: BuiltInConnectors.registry, environment: environment).loadDirectory(directory)
        let text = load.failures.map(\.description).joined(separator: "\n") + load.tenants.map { "\($0)" }.joined()
        return (load.tenants.map(\.id), load.failures.map(\.file), text)
    }
}

/// A log handler that keeps every line (message and metadata) for the test to read.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            log.append("\(event.level) \(event.message) \(all)")
        }
    }
}
