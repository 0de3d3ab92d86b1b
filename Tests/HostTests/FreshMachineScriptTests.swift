import Foundation
import Testing

/// `scripts/test` on a fresh machine (issue #14, finding 7): it prepares what it needs instead of
/// failing with "Chromium is not installed". `scripts/install-deps.sh` is run with a `PATH`
/// holding only stand-ins, so nothing is installed: `apt-get` records what it was asked for.
@Suite("scripts/test prepares a fresh machine")
struct FreshMachineScriptTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("install-deps asks apt-get for Chromium when no Chromium is installed, and scripts/test runs it first")
    func installsChromiumWhenMissing() throws {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("fresh-machine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bin) }
        let asked = bin.appendingPathComponent("apt-get.log").path
        // Everything else is present; Chromium (and the PostgreSQL check's tools) are not.
        let stubs = [
            "dpkg": "exit 0", "python3": "exit 0", "promtool": "exit 0", "id": "echo 1000", "sudo": "exec \"$@\"",
            "mktemp": "echo \"\(bin.path)/mktemp.log\"", "rm": "exit 0", "tail": "exit 0",
            "apt-get": "echo \"$*\" >> '\(asked)'",
        ]
        for (name, body) in stubs {
            let path = bin.appendingPathComponent(name).path
            try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.repository.appendingPathComponent("scripts/install-deps.sh").path]
        process.environment = ["PATH": bin.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let requests = (try? String(contentsOfFile: asked, encoding: .utf8)) ?? ""
        let install = requests.split(separator: "\n").first { $0.contains("install") }.map(String.init) ?? ""
        #expect(install.split(separator: " ").contains("chromium"), "apt-get was asked: \(requests)")

        let script = try String(contentsOf: Self.repository.appendingPathComponent("scripts/test"), encoding: .utf8)
        let prepare = try #require(script.range(of: "bash scripts/install-deps.sh"), "scripts/test prepares the machine")
        let browser = try #require(script.range(of: "scripts/browser-test"), "scripts/test runs the browser test")
        #expect(prepare.lowerBound < browser.lowerBound, "the set-up comes before the browser test")
    }
}
