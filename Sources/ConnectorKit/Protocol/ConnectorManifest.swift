import Foundation

/// A connector's `connector.json` (protocol document §1): its type and the command to run.
public struct ConnectorManifest: Codable, Sendable, Hashable {
    /// `1`.
    public var manifestVersion: Int
    /// The `type:` tenant files use; must equal the descriptor's `typeName`.
    public var type: String
    /// The program and its arguments.
    public var command: [String]
    /// How long the host waits for any one response (default 60).
    public var requestTimeoutSeconds: Double?

    /// Creates a manifest.
    public init(manifestVersion: Int = 1, type: String, command: [String], requestTimeoutSeconds: Double? = nil) {
        self.manifestVersion = manifestVersion
        self.type = type
        self.command = command
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }

    /// The file name in a connector's folder.
    public static let fileName = "connector.json"

    /// Reads `folder/connector.json`.
    public static func load(folder: URL) throws(ConnectorManifestError) -> ConnectorManifest {
        let file = folder.appendingPathComponent(fileName)
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ConnectorManifestError("\(file.path): cannot read the manifest (\(error.localizedDescription))")
        }
        let manifest: ConnectorManifest
        do {
            manifest = try JSONDecoder().decode(ConnectorManifest.self, from: data)
        } catch {
            throw ConnectorManifestError("\(file.path): not a connector manifest: \(PluginErrors.describe(error))")
        }
        guard manifest.manifestVersion == 1 else {
            throw ConnectorManifestError("\(file.path): manifestVersion \(manifest.manifestVersion) is not supported (expected 1)")
        }
        guard !manifest.command.isEmpty, !manifest.command[0].isEmpty else {
            throw ConnectorManifestError("\(file.path): 'command' must name a program")
        }
        return manifest
    }

    /// The program to run: a path containing `/` is resolved against `folder`, a bare name is
    /// looked up in `searchPath` (a `PATH`-style list). Throws when it is not an executable file.
    public static func resolveProgram(
        _ program: String, relativeTo folder: URL, searchPath: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    ) throws(ConnectorManifestError) -> URL {
        let manager = FileManager.default
        let program = expandingHostDirectory(program)
        if program.contains("/") {
            let url = program.hasPrefix("/") ? URL(fileURLWithPath: program) : folder.appendingPathComponent(program)
            let resolved = url.standardizedFileURL
            guard manager.isExecutableFile(atPath: resolved.path) else {
                throw ConnectorManifestError("the connector's command '\(program)' is not an executable file (looked at \(resolved.path))")
            }
            return resolved
        }
        for directory in searchPath.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(program)
            if manager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw ConnectorManifestError("the connector's command '\(program)' was not found in PATH (\(searchPath))")
    }
}

/// A manifest that cannot be used, or a command that cannot be found.
extension ConnectorManifest {
    /// The placeholder a manifest's program may start with: the folder of the running host's
    /// executable, so a connector built with the host (same build directory, debug or release) is found.
    public static let hostDirectoryPlaceholder = "${host_dir}"

    /// `program` with a leading ``hostDirectoryPlaceholder`` replaced by the folder of the running executable.
    public static func expandingHostDirectory(_ program: String) -> String {
        guard program.hasPrefix(hostDirectoryPlaceholder + "/") else { return program }
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        let folder = executable.resolvingSymlinksInPath().deletingLastPathComponent().path
        return folder + program.dropFirst(hostDirectoryPlaceholder.count)
    }
}

public struct ConnectorManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and where.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
