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
        return try PluginManifests.directory(
            directory, adding: "teams", binary: binary, timeoutSeconds: 120,
            missing: "a sample tenant uses Teams, which needs \(binary): run `swift build --product switchyard-teams` first")
    }
}
