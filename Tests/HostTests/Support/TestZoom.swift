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
        return try PluginManifests.directory(
            directory, adding: "zoom", binary: binary, timeoutSeconds: 60,
            missing: "SWITCHYARD_TEST_ZOOM=plugin needs \(binary): run `swift build --product switchyard-zoom` first")
    }
}

/// Plugin directories for test hosts.
enum PluginManifests {
    /// `directory` unchanged when it already declares a `type` connector; otherwise a new
    /// directory with `directory`'s connector folders (linked) plus a `type` manifest running
    /// `binary` (`missing` is the error when it is not built).
    static func directory(_ directory: String, adding type: String, binary: String, timeoutSeconds: Int, missing: String) throws
        -> String
    {
        let files = FileManager.default
        let source = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: files.currentDirectoryPath)).path
        let folders = ((try? files.contentsOfDirectory(atPath: source)) ?? []).filter {
            files.fileExists(atPath: source + "/" + $0 + "/connector.json")
        }
        for folder in folders {
            let manifest = try String(contentsOfFile: source + "/" + folder + "/connector.json", encoding: .utf8)
            if manifest.contains(#""type": "\#(type)""#) || manifest.contains(#""type":"\#(type)""#) { return directory }
        }
        guard files.isExecutableFile(atPath: binary) else { throw TestZoomError(message: missing) }
        let plugins = NSTemporaryDirectory() + "switchyard-\(type)-plugins-\(UUID().uuidString)"
        try files.createDirectory(atPath: plugins + "/" + type, withIntermediateDirectories: true)
        let manifest =
            #"{"manifestVersion": 1, "type": "\#(type)", "command": ["\#(binary)"], "requestTimeoutSeconds": \#(timeoutSeconds)}"#
        try manifest.write(toFile: plugins + "/" + type + "/connector.json", atomically: true, encoding: .utf8)
        for folder in folders where folder != type {
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
