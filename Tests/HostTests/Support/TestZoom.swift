import Foundation

/// Which Zoom connector the end-to-end tests run: the built-in one (default) or, with
/// `SWITCHYARD_TEST_ZOOM=plugin`, the `switchyard-zoom` executable through a manifest, so the
/// whole suite runs both ways (`scripts/test` does).
enum TestZoom {
    /// Whether the tests run Zoom out of process.
    static var outOfProcess: Bool {
        ProcessInfo.processInfo.environment["SWITCHYARD_TEST_ZOOM"] == "plugin"
    }

    /// The built `switchyard-zoom`, next to the `switchyard` the tests run.
    static var binary: String {
        URL(fileURLWithPath: SwitchyardBinary.path).deletingLastPathComponent().appendingPathComponent("switchyard-zoom").path
    }

    /// The plugins directory a host of the tests uses: `directory` unchanged when Zoom runs
    /// in-process or `directory` already declares a `zoom` connector; otherwise a new directory
    /// with `directory`'s connector folders (linked) plus a `zoom` manifest running ``binary``.
    static func pluginsDirectory(_ directory: String) throws -> String {
        guard outOfProcess else { return directory }
        let files = FileManager.default
        let source = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: files.currentDirectoryPath)).path
        let folders = ((try? files.contentsOfDirectory(atPath: source)) ?? []).filter {
            files.fileExists(atPath: source + "/" + $0 + "/connector.json")
        }
        for folder in folders {
            let manifest = try String(contentsOfFile: source + "/" + folder + "/connector.json", encoding: .utf8)
            if manifest.contains(#""type": "zoom""#) || manifest.contains(#""type":"zoom""#) { return directory }
        }
        guard files.isExecutableFile(atPath: binary) else {
            throw TestZoomError(message: "SWITCHYARD_TEST_ZOOM=plugin needs \(binary): run `swift build --product switchyard-zoom` first")
        }
        let plugins = NSTemporaryDirectory() + "switchyard-zoom-plugins-\(UUID().uuidString)"
        try files.createDirectory(atPath: plugins + "/zoom", withIntermediateDirectories: true)
        let manifest = #"{"manifestVersion": 1, "type": "zoom", "command": ["\#(binary)"], "requestTimeoutSeconds": 60}"#
        try manifest.write(toFile: plugins + "/zoom/connector.json", atomically: true, encoding: .utf8)
        for folder in folders where folder != "zoom" {
            try files.createSymbolicLink(atPath: plugins + "/" + folder, withDestinationPath: source + "/" + folder)
        }
        return plugins
    }
}

/// The out-of-process Zoom connector cannot be set up for the tests.
struct TestZoomError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
