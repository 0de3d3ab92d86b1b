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
    func unittestSuites() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "unittest", "discover", "-s", "tests"]
        process.currentDirectoryURL = URL(fileURLWithPath: Self.pluginFolder)
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("OK"), "\(text)")
    }

    @Test("it passes switchyard connector check")
    func conformance() throws {
        let result = try SwitchyardBinary.run(["connector", "check", Self.pluginFolder])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains(" passed, 0 failed"), "\(result.output)")
        #expect(result.output.contains("ok     capability snapshots"), "\(result.output)")
    }
}
