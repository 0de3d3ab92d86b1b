import Foundation
import Testing

/// Runs the built `switchyard` binary as a user would.
enum SwitchyardBinary {
    static var path: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("switchyard").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
                .appendingPathComponent(".build/debug/switchyard").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    static func run(_ arguments: [String], environment: [String: String] = HostHarness.environment) async throws -> (
        status: Int32, output: String, error: String
    ) {
        let result = try await ChildProcess.run(
            path, arguments, environment: environment.merging(["PATH": "/usr/bin:/bin"]) { current, _ in current })
        return (result.status, result.output, result.error)
    }
}

@Suite("CLI: validate and connectors")
struct CommandLineTests {
    @Test("validate exits 0 for valid files and prints one line per tenant")
    func validateValid() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a")
        ])
        let result = try await SwitchyardBinary.run(["validate", directory])
        #expect(result.status == 0)
        #expect(
            result.output.contains(
                "ok     \(directory)/a.yaml: tenant 'alpha', portal 1, 1 business unit(s), connectors: zoom:acct-a"
            ))
        #expect(result.output.contains("1 valid, 0 invalid"))
    }

    @Test("validate exits 1 and prints precise errors for a broken file")
    func validateBroken() async throws {
        let broken = HostHarness.tenant("alpha", portal: 1, account: "acct-a").replacingOccurrences(
            of: "client_id: c", with: "clientid: c")
        let directory = try HostHarness.tenantsDirectory(["a.yaml": broken])
        let result = try await SwitchyardBinary.run(["validate", directory])
        #expect(result.status == 1)
        #expect(
            result.output.contains(
                "\(directory)/a.yaml:13:9: unknown key 'clientid' in the zoom connector; did you mean 'client_id'?"
            ))
        #expect(result.output.contains("0 valid, 1 invalid"))
    }

    @Test("validate --json reports every file with structured errors")
    func validateJSON() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a"),
            "b.yaml": HostHarness.tenant("alpha", portal: 2, account: "acct-b"),
        ])
        let result = try await SwitchyardBinary.run(["validate", "--json", directory])
        #expect(result.status == 1)
        struct Report: Decodable {
            struct File: Decodable {
                struct Problem: Decodable {
                    var file: String
                    var line: Int
                    var column: Int
                    var message: String
                }
                var file: String
                var valid: Bool
                var tenant: String?
                var errors: [Problem]
            }
            var valid: Bool
            var files: [File]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.output.utf8))
        #expect(report.valid == false)
        #expect(report.files.map(\.valid) == [true, false])
        #expect(report.files[0].tenant == "alpha")
        let problem = try #require(report.files[1].errors.first)
        #expect((problem.line, problem.column) == (1, 9))
        #expect(problem.message == "tenant id 'alpha' is already used by \(directory)/a.yaml:1:9")
    }

    @Test("validate exits 2 when the directory cannot be read")
    func validateMissingDirectory() async throws {
        let result = try await SwitchyardBinary.run(["validate", "/nonexistent/tenants"])
        #expect(result.status == 2)
        #expect(result.error.contains("cannot read the tenants directory /nonexistent/tenants"))
    }

    @Test("the sample tenants in the repository are valid")
    func sampleTenants() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let result = try await SwitchyardBinary.run(
            ["validate", root.appendingPathComponent("tenants").path], environment: [:])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("3 valid, 0 invalid"), "\(result.output)")
        // The Teams sample tenant, its connector found through Plugins/Teams/connector.json.
        #expect(result.output.contains("tenant 'woodgrove', portal 6600321, 2 business unit(s)"), "\(result.output)")
        #expect(result.output.contains("teams:3c7e9a21-5b4d-4f6e-8a2c-1d0e9f8b7a65"), "\(result.output)")
    }

    @Test("connectors documents the Zoom connector's config from its spec")
    func connectorsDocumentation() async throws {
        let result = try await SwitchyardBinary.run(["connectors"])
        #expect(result.status == 0)
        for expected in [
            "type: zoom — Zoom webinars", "webhooks are routed by: account_id",
            "account_id: a string (required)",
            "client_secret: a secret reference such as ${env:NAME} or ${file:path} (required)",
            "plan: one of pro, business, business_plus, enterprise (default: business)",
            "sync_new_webinars: true or false (default: true)", "Action register_contact",
            "type: webinar-export — Webinar export files",  // the example plugin in Plugins/WebinarExport
        ] {
            #expect(result.output.contains(expected), "missing: \(expected)")
        }
        let unknown = try await SwitchyardBinary.run(["connectors", "webex"])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("unknown connector type 'webex'; known types: teams, webinar-export, zoom"))
    }

    @Test("serve refuses bad settings with what was expected, before starting anything")
    func serveRefusesBadSettings() async throws {
        let slow = try await SwitchyardBinary.run(["serve", "--action-response-seconds", "30"])
        #expect(slow.status != 0)
        #expect(slow.error.contains("the action response time must be between 0.1 and 15 seconds"), "\(slow.error)")
        let sandbox = try await SwitchyardBinary.run(["serve", "--sandbox-url", "localhost:8090"])
        #expect(sandbox.status != 0)
        #expect(sandbox.error.contains("sandbox URL must start with http:// or https://"), "\(sandbox.error)")
    }
}
