import ConnectorKit
import Crypto
import Foundation

/// All the problems of one tenant file.
public struct TenantFileError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// Every issue found, in file order.
    public var issues: [ConfigIssue]

    /// Creates an error.
    public init(file: String, issues: [ConfigIssue]) {
        self.file = file
        self.issues = issues
    }

    /// One `file:line:column: message` line per issue.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// The outcome of loading a tenants directory.
public struct TenantDirectoryLoad: Sendable {
    /// Valid tenants, in file-name order.
    public var tenants: [TenantConfiguration]
    /// Files that did not validate.
    public var failures: [TenantFileError]
}

/// Why a tenants directory could not be read at all.
public struct TenantDirectoryError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// Loads and validates tenant YAML files.
public struct TenantLoader: Sendable {
    /// Known connector types.
    public var registry: ConnectorRegistry
    /// Environment for `${env:…}` secret references.
    public var environment: [String: String]
    /// The bounds tenant files are read within.
    public var limits: TenantFileLimits

    /// Creates a loader.
    public init(
        registry: ConnectorRegistry, environment: [String: String] = ProcessInfo.processInfo.environment,
        limits: TenantFileLimits = .standard
    ) {
        self.registry = registry
        self.environment = environment
        self.limits = limits
    }

    /// The tenant files of a directory: `*.yaml` and `*.yml`, sorted by name (subdirectories are ignored).
    public static func tenantFiles(in directory: String) throws(TenantDirectoryError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw TenantDirectoryError(
                message: "cannot read the tenants directory \(directory): \(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .filter { !$0.hasPrefix(".") }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Loads every tenant file of a directory, reporting each file's errors and the conflicts
    /// between files (the first file by name keeps a contested id; later ones are rejected).
    public func loadDirectory(_ directory: String) throws(TenantDirectoryError) -> TenantDirectoryLoad {
        var accepted: [TenantConfiguration] = []
        var failures: [TenantFileError] = []
        for file in try Self.tenantFiles(in: directory) {
            switch loadFile(file) {
            case .success(let tenant):
                let conflicts = Self.conflicts(of: tenant, with: accepted, registry: registry)
                if conflicts.isEmpty {
                    accepted.append(tenant)
                } else {
                    failures.append(TenantFileError(file: file, issues: conflicts))
                }
            case .failure(let error):
                failures.append(error)
            }
        }
        return TenantDirectoryLoad(tenants: accepted, failures: failures)
    }

    /// Loads one tenant file; `${file:…}` secrets are relative to its directory. The file is
    /// read within ``limits``, and only when it resolves inside its directory (a symbolic link
    /// to a file elsewhere is refused).
    public func loadFile(_ path: String) -> Result<TenantConfiguration, TenantFileError> {
        let directory = (path as NSString).deletingLastPathComponent
        let baseDirectory = directory.isEmpty ? "." : directory
        let data: Data
        switch ConfinedFile.read(path, inside: baseDirectory, maximumBytes: limits.maximumBytes) {
        case .success(let contents): data = contents
        case .failure(let problem): return .failure(Self.fileError(path, Self.message(for: problem, limits: limits)))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Self.fileError(path, "the file is not UTF-8 text"))
        }
        return load(text: text, file: path, baseDirectory: baseDirectory)
    }

    /// A fingerprint of what ``loadFile(_:)`` would see of a tenant file: the hash of its bytes,
    /// or, for a file it refuses (too large, a link out of the directory, a FIFO), the reason with
    /// the file's size and modification time, so an edit is still noticed. Reads at most the limit.
    public static func fingerprint(of path: String, limits: TenantFileLimits = .standard) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        switch ConfinedFile.read(path, inside: directory.isEmpty ? "." : directory, maximumBytes: limits.maximumBytes) {
        case .success(let data):
            return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        case .failure(let problem):
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "refused:\(problem):\(size):\(modified)"
        }
    }

    private static func fileError(_ path: String, _ message: String) -> TenantFileError {
        TenantFileError(file: path, issues: [ConfigIssue(message, at: SourceLocation(file: path, line: 1, column: 1))])
    }

    private static func message(for problem: ConfinedFile.Problem, limits: TenantFileLimits) -> String {
        switch problem {
        case .missing: "cannot read the file: it does not exist, or is a symbolic link to nothing"
        case .outside:
            "the file is a symbolic link to a file outside the tenants directory; tenant files must be in it "
                + "(copy the file instead of linking it)"
        case .notRegular: "the file is not a regular file (a directory, device or FIFO); tenant files are YAML text files"
        case .tooLarge: TenantFileLimitMessages.tooLarge(limits)
        case .unreadable: "cannot read the file; check its permissions"
        }
    }

    /// Loads tenant YAML text; `file` names it in errors.
    public func load(text: String, file: String, baseDirectory: String) -> Result<
        TenantConfiguration, TenantFileError
    > {
        let root: ConfigNode
        switch YAMLNodeReader.read(text, file: file, limits: limits) {
        case .success(let node): root = node
        case .failure(let issue): return .failure(TenantFileError(file: file, issues: [issue]))
        }
        let validator = ConfigValidator(
            secrets: ReferenceSecretResolver(
                environment: environment, baseDirectory: baseDirectory, maximumFileBytes: limits.maximumSecretFileBytes),
            externals: [TenantSchema.connectorKind: ConnectorEntryValidator(registry: registry).validate]
        )
        var issues: [ConfigIssue] = []
        let object = validator.validateObject(
            root, spec: TenantSchema.spec, context: "the tenant file", issues: &issues)
        var builder = TenantBuilder(file: file, version: Self.version(of: text), registry: registry)
        let tenant = object.flatMap { builder.build($0) }
        issues += builder.issues
        guard let tenant, issues.isEmpty else {
            return .failure(TenantFileError(file: file, issues: issues.sorted(by: Self.fileOrder)))
        }
        return .success(tenant)
    }

    /// The conflicts between a tenant and already accepted ones: the same tenant id, the same
    /// HubSpot portal, or the same connector account (ambiguous webhook routing).
    public static func conflicts(
        of tenant: TenantConfiguration,
        with others: [TenantConfiguration],
        registry: ConnectorRegistry
    ) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        for other in others where other.sourceFile != tenant.sourceFile {
            if other.id == tenant.id {
                issues.append(
                    ConfigIssue(
                        "tenant id '\(tenant.id)' is already used by \(other.idLocation)", at: tenant.idLocation
                    ))
            }
            if other.hubSpot.portalID == tenant.hubSpot.portalID {
                issues.append(
                    ConfigIssue(
                        "HubSpot portal \(tenant.hubSpot.portalID) is already used by tenant '\(other.id)' at \(other.portalIDLocation)",
                        at: tenant.portalIDLocation))
            }
            for connector in tenant.connectors {
                guard let key = connector.routingKey else { continue }
                for theirs in other.connectors
                where theirs.type == connector.type && theirs.routingKey == key {
                    let field =
                        registry.descriptor(named: connector.type)?.routingKeyField ?? "account"
                    issues.append(
                        ConfigIssue(
                            "\(connector.type) \(field) '\(key)' is also connected in tenant '\(other.id)' at "
                                + "\(theirs.routingKeyLocation ?? theirs.location); webhooks could not be routed",
                            at: connector.routingKeyLocation ?? connector.location))
                }
            }
        }
        return issues
    }

    static func version(of text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    static func fileOrder(_ a: ConfigIssue, _ b: ConfigIssue) -> Bool {
        (a.location.line, a.location.column) < (b.location.line, b.location.column)
    }
}
