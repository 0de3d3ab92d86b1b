import Foundation
import Host
import Testing

@Suite("Plugins: manifests and the CLI")
struct PluginManifestTests {
    static let environment = ["PATH": "/usr/bin:/bin"]

    /// The one problem of a plugins directory holding `manifest` as `broken/connector.json`.
    static func problem(_ manifest: String) async throws -> String {
        let directory = try FakePlugin.directory(["broken": manifest])
        let found = PluginDirectory.load(directory, environment: environment)
        #expect(found.manifests.isEmpty)
        let failure = try #require(found.failures.first)
        #expect(failure.file == directory + "/broken/connector.json")
        return failure.description.replacingOccurrences(of: directory + "/", with: "")
    }

    @Test("a manifest naming a missing command is reported with its file, key and what to do")
    func missingCommand() async throws {
        #expect(
            try await Self.problem(#"{"manifestVersion": 1, "type": "ghost", "command": ["no-such-connector", "--serve"]}"#)
                == "broken/connector.json: command: the connector's command 'no-such-connector' was not found in PATH (/usr/bin:/bin); install it, or name it by a path relative to the manifest's folder"
        )
        #expect(
            try await Self.problem(#"{"manifestVersion": 1, "type": "ghost", "command": ["./bin/ghost"]}"#).hasPrefix(
                "broken/connector.json: command: the connector's command './bin/ghost' is not an executable file (looked at ")
        )
    }

    @Test("wrongly typed, unknown or missing keys and invalid JSON name the file and the key")
    func badManifests() async throws {
        #expect(
            try await Self.problem(#"{"manifestVersion": 1, "type": "ghost", "command": "python3 x.py"}"#)
                == #"broken/connector.json: command: must be a non-empty list of strings such as ["python3", "connector.py"], found "python3 x.py""#
        )
        #expect(
            try await Self.problem(#"{"manifestVersion": 1, "type": "Ghost!", "command": ["python3"]}"#)
                == "broken/connector.json: type: 'Ghost!' must be lower-case letters, digits and dashes, starting with a letter")
        #expect(
            try await Self.problem(#"{"manifestVersion": 2, "type": "ghost", "command": ["python3"]}"#)
                == "broken/connector.json: manifestVersion: must be 1, found 2")
        #expect(
            try await Self.problem(#"{"manifestVersion": 1, "type": "ghost", "command": ["python3"], "timeout": 5}"#)
                == "broken/connector.json: timeout: unknown key; a manifest has command, manifestVersion, requestTimeoutSeconds, type")
        #expect(
            try await Self.problem(#"{"manifestVersion": 1, "type": "ghost", "command": ["python3"], "requestTimeoutSeconds": "5"}"#)
                == #"broken/connector.json: requestTimeoutSeconds: must be a number of seconds between 0 and 3600, found "5""#)
        #expect(
            try await Self.problem("manifestVersion: 1")
                == "broken/connector.json: is not a JSON object; see Plugins/connector-protocol.md §1 for the format")
    }

    @Test("a bare program is found in PATH, a relative one in the manifest's folder; folders without a manifest are skipped")
    func resolvesCommands() async throws {
        let directory = try FakePlugin.directory(["fake": FakePlugin.manifest(mode: "ok", timeoutSeconds: 2.5)])
        try FileManager.default.createDirectory(atPath: directory + "/sources-only", withIntermediateDirectories: true)
        let found = PluginDirectory.load(directory, environment: Self.environment)
        #expect(found.failures.isEmpty)
        let manifest = try #require(found.manifests.first)
        #expect(manifest.command.first == "/usr/bin/python3")
        #expect(manifest.folder == directory + "/fake")
        #expect(manifest.requestTimeout == .milliseconds(2500))
        #expect(PluginDirectory.load(directory + "/does-not-exist", environment: Self.environment).manifests.isEmpty)
    }

    @Test("switchyard connectors documents a plugin type from its declared spec, like a built-in one")
    func connectorsCommand() async throws {
        let plugins = try FakePlugin.directory(["fake": FakePlugin.manifest(mode: "ok")])
        let result = try await SwitchyardBinary.run(["connectors", "--plugins", plugins, "fake-webinars"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("type: fake-webinars — Fake webinars 0.1.0"))
        #expect(result.output.contains("  api_token: a secret reference such as ${env:NAME} or ${file:path} (required)"))
    }

    @Test("switchyard validate checks a plugin type's fields with file:line:column errors and reports broken manifests")
    func validateCommand() async throws {
        let plugins = try FakePlugin.directory([
            "fake": FakePlugin.manifest(mode: "ok"),
            "ghost": #"{"manifestVersion": 1, "type": "ghost", "command": ["no-such-connector"]}"#,
        ])
        let tenant = PluginEndToEndTests.pluggedTenant.replacingOccurrences(of: "host_email: host@fake.example", with: "host_email: nobody")
        let tenants = try HostHarness.tenantsDirectory(["plugged.yaml": tenant])
        let result = try await SwitchyardBinary.run(["validate", "--plugins", plugins, tenants])
        #expect(result.status == 1)
        #expect(
            result.output.contains(
                "error  plugin: \(plugins)/ghost/connector.json: command: the connector's command 'no-such-connector' was not found in PATH"
            ),
            "\(result.output)")
        #expect(
            result.output.contains("\(tenants)/plugged.yaml:19:21: 'host_email' expects an email address, found 'nobody'"),
            "\(result.output)")
        let valid = try HostHarness.tenantsDirectory(["plugged.yaml": PluginEndToEndTests.pluggedTenant])
        let fine = try await SwitchyardBinary.run([
            "validate", "--plugins", try FakePlugin.directory(["fake": FakePlugin.manifest(mode: "ok")]), valid,
        ])
        #expect(fine.status == 0, "\(fine.output)")
        #expect(fine.output.contains("connectors: fake-webinars:plugged-account"), "\(fine.output)")
    }
}
