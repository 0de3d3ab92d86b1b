import ConnectorKit
import Foundation

/// A connector added by config: one folder of the plugins directory with a `connector.json`
/// (`Plugins/connector-protocol.md` §1).
public struct PluginManifest: Sendable, Hashable {
    /// The `type:` tenant files use; the handshake's descriptor must declare the same `typeName`.
    public var type: String
    /// The program (resolved to an absolute path) and its arguments.
    public var command: [String]
    /// The folder holding the manifest: the process's working directory.
    public var folder: String
    /// The manifest file, for messages.
    public var file: String
    /// How long the host waits for any one response.
    public var requestTimeout: Duration

    /// Creates a manifest (tests; the host reads them with ``PluginManifest/load(file:environment:)``).
    public init(type: String, command: [String], folder: String, file: String, requestTimeout: Duration = .seconds(60)) {
        self.type = type
        self.command = command
        self.folder = folder
        self.file = file
        self.requestTimeout = requestTimeout
    }

    /// The keys a version-1 manifest may have.
    static let keys: Set<String> = ["manifestVersion", "type", "command", "requestTimeoutSeconds"]

    /// Reads and checks a `connector.json`; `environment` supplies `PATH` for a bare program name.
    public static func load(file: String, environment: [String: String]) throws(PluginManifestError) -> PluginManifest {
        let folder = (file as NSString).deletingLastPathComponent
        let fail = { (key: String?, message: String) in PluginManifestError(file: file, key: key, message: message) }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw fail(nil, "cannot be read; check that it exists and is readable")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail(nil, "is not a JSON object; see Plugins/connector-protocol.md §1 for the format")
        }
        if let unknown = root.keys.filter({ !keys.contains($0) }).sorted().first {
            throw fail(unknown, "unknown key; a manifest has \(keys.sorted().joined(separator: ", "))")
        }
        guard let version = root["manifestVersion"] as? NSNumber, !Self.isBoolean(version), version.intValue == 1,
            version.doubleValue == 1
        else {
            throw fail("manifestVersion", "must be 1, found \(Self.shown(root["manifestVersion"]))")
        }
        guard let type = root["type"] as? String else {
            throw fail("type", "must be a string such as \"webinar-export\", found \(Self.shown(root["type"]))")
        }
        guard Self.isTypeName(type) else {
            throw fail("type", "'\(type)' must be lower-case letters, digits and dashes, starting with a letter")
        }
        guard let command = root["command"] as? [Any], !command.isEmpty, let words = command as? [String],
            !words[0].isEmpty
        else {
            throw fail(
                "command",
                "must be a non-empty list of strings such as [\"python3\", \"connector.py\"], found \(Self.shown(root["command"]))")
        }
        var timeout = Duration.seconds(60)
        if let value = root["requestTimeoutSeconds"] {
            guard let seconds = value as? NSNumber, !Self.isBoolean(seconds), seconds.doubleValue > 0,
                seconds.doubleValue <= 3600
            else {
                throw fail("requestTimeoutSeconds", "must be a number of seconds between 0 and 3600, found \(Self.shown(value))")
            }
            timeout = .milliseconds(Int64(seconds.doubleValue * 1000))
        }
        let program: String
        do {
            program = try ConnectorManifest.resolveProgram(
                words[0], relativeTo: URL(fileURLWithPath: folder), searchPath: environment["PATH"] ?? "/usr/bin:/bin"
            ).path
        } catch {
            throw fail("command", error.message + "; install it, or name it by a path relative to the manifest's folder")
        }
        return PluginManifest(
            type: type, command: [program] + words.dropFirst(), folder: folder, file: file, requestTimeout: timeout)
    }

    static func isTypeName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    private static func isBoolean(_ number: NSNumber) -> Bool {
        // JSONSerialization boxes JSON booleans as `char` numbers.
        String(cString: number.objCType) == "c"
    }

    private static func shown(_ value: Any?) -> String {
        guard let value else { return "nothing" }
        if let text = value as? String { return "\"\(text)\"" }
        if let number = value as? NSNumber { return isBoolean(number) ? (number.boolValue ? "true" : "false") : "\(number)" }
        if value is [Any] { return "a list" }
        if value is [String: Any] { return "an object" }
        return "null"
    }
}

/// Why a plugin could not be used: a manifest problem, or a connector whose handshake
/// contradicts its manifest. Names the manifest file and, when it applies, the key.
public struct PluginManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The manifest file.
    public var file: String
    /// The key at fault, when one is.
    public var key: String?
    /// What is wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(file: String, key: String?, message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    /// `file: key: message`.
    public var description: String {
        [file, key, message].compactMap { $0 }.joined(separator: ": ")
    }
}

/// The manifests of a plugins directory.
public struct PluginDirectory: Sendable {
    /// The valid manifests, by type order.
    public var manifests: [PluginManifest]
    /// The manifests that cannot be used, with why.
    public var failures: [PluginManifestError]

    /// Reads every `connector.json` one level below `directory`. A missing directory holds no plugins;
    /// folders without a manifest (e.g. a Swift connector's sources) are skipped.
    public static func load(_ directory: String, environment: [String: String]) -> PluginDirectory {
        let files = FileManager.default
        let folders = ((try? files.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var manifests: [PluginManifest] = []
        var failures: [PluginManifestError] = []
        for folder in folders {
            let file = ((directory as NSString).appendingPathComponent(folder) as NSString).appendingPathComponent("connector.json")
            guard files.fileExists(atPath: file) else { continue }
            do throws(PluginManifestError) {
                let manifest = try PluginManifest.load(file: file, environment: environment)
                if let earlier = manifests.first(where: { $0.type == manifest.type }) {
                    failures.append(
                        PluginManifestError(
                            file: file, key: "type",
                            message: "'\(manifest.type)' is already declared by \(earlier.file); give each connector its own type"))
                } else {
                    manifests.append(manifest)
                }
            } catch {
                failures.append(error)
            }
        }
        return PluginDirectory(manifests: manifests.sorted { $0.type < $1.type }, failures: failures)
    }
}

extension Duration {
    /// The duration in seconds as people write it: `60`, `0.5`.
    var secondsText: String {
        String(format: "%g", Double(components.seconds) + Double(components.attoseconds) / 1e18)
    }
}
