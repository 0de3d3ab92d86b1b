import Foundation
import Testing

/// The example connector in `Plugins/WebinarExport` is Python (standard library only): its own
/// unittest suites (export-file parsing, and the connector driven over stdio) and the
/// protocol's conformance checks run here so `swift test` covers them.
@Suite("Webinar export connector (Python)")
struct WebinarExportPythonTests {
    /// `Plugins/WebinarExport` of this checkout.
    static let pluginFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Plugins/WebinarExport").path

    @Test("its unittest suites pass (python3 -m unittest discover -s tests)")
    func unittestSuites() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let result = try await ChildProcess.run(
            "/usr/bin/env", ["python3", "-m", "unittest", "discover", "-s", "tests"], environment: environment,
            directory: Self.pluginFolder, mergeErrors: true)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("OK"), "\(result.output)")
    }

    @Test("it passes switchyard connector check")
    func conformance() async throws {
        let result = try await SwitchyardBinary.run(["connector", "check", Self.pluginFolder])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains(" passed, 0 failed"), "\(result.output)")
        #expect(result.output.contains("ok     capability snapshots"), "\(result.output)")
    }
}
