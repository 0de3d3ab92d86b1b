import Foundation

/// The Microsoft Teams connector for test hosts whose tenants use it (the sample tenant
/// `woodgrove` has a Teams business unit): like `switchyard serve` with the repository's
/// `Plugins/`, such a host runs `switchyard-teams` out of process.
enum TestTeams {
    /// The built `switchyard-teams`, next to the `switchyard` the tests run.
    static var binary: String {
        URL(fileURLWithPath: SwitchyardBinary.path).deletingLastPathComponent().appendingPathComponent("switchyard-teams").path
    }

    /// Whether a tenant file of `tenants` has a `type: teams` connector.
    static func isUsed(in tenants: String) -> Bool {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: tenants)) ?? []
        return files.contains { name in
            (name.hasSuffix(".yaml") || name.hasSuffix(".yml"))
                && ((try? String(contentsOfFile: tenants + "/" + name, encoding: .utf8))?.contains("type: teams") ?? false)
        }
    }

    /// The plugins directory of a test host: `directory` unchanged when no tenant of `tenants`
    /// uses Teams or `directory` already declares a `teams` connector; otherwise a new directory
    /// with `directory`'s connector folders (linked) plus a `teams` manifest running ``binary``.
    static func pluginsDirectory(_ directory: String, tenants: String) throws -> String {
        guard isUsed(in: tenants) else { return directory }
        let files = FileManager.default
        let source = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: files.currentDirectoryPath)).path
        let folders = ((try? files.contentsOfDirectory(atPath: source)) ?? []).filter {
            files.fileExists(atPath: source + "/" + $0 + "/connector.json")
        }
        for folder in folders {
            let manifest = try String(contentsOfFile: source + "/" + folder + "/connector.json", encoding: .utf8)
            if manifest.contains(#""type": "teams""#) || manifest.contains(#""type":"teams""#) { return directory }
        }
        guard files.isExecutableFile(atPath: binary) else {
            throw TestZoomError(
                message: "a sample tenant uses Teams, which needs \(binary): run `swift build --product switchyard-teams` first")
        }
        let plugins = NSTemporaryDirectory() + "switchyard-teams-plugins-\(UUID().uuidString)"
        try files.createDirectory(atPath: plugins + "/teams", withIntermediateDirectories: true)
        let manifest = #"{"manifestVersion": 1, "type": "teams", "command": ["\#(binary)"], "requestTimeoutSeconds": 120}"#
        try manifest.write(toFile: plugins + "/teams/connector.json", atomically: true, encoding: .utf8)
        for folder in folders where folder != "teams" {
            try files.createSymbolicLink(atPath: plugins + "/" + folder, withDestinationPath: source + "/" + folder)
        }
        return plugins
    }
}
