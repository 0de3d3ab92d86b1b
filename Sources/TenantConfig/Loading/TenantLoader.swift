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

    /// Creates a loader.
    public init(
        registry: ConnectorRegistry, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.registry = registry
        self.environment = environment
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

    /// Loads one tenant file; `${file:…}` secrets are relative to its directory.
    public func loadFile(_ path: String) -> Result<TenantConfiguration, TenantFileError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            let issue = ConfigIssue(
                "cannot read the file", at: SourceLocation(file: path, line: 1, column: 1))
            return .failure(TenantFileError(file: path, issues: [issue]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let issue = ConfigIssue(
                "the file is not UTF-8 text", at: SourceLocation(file: path, line: 1, column: 1))
            return .failure(TenantFileError(file: path, issues: [issue]))
        }
        let directory = (path as NSString).deletingLastPathComponent
        return load(text: text, file: path, baseDirectory: directory.isEmpty ? "." : directory)
    }

    /// Loads tenant YAML text; `file` names it in errors.
    public func load(text: String, file: String, baseDirectory: String) -> Result<
        TenantConfiguration, TenantFileError
    > {
        let root: ConfigNode
        switch YAMLNodeReader.read(text, file: file) {
        case .success(let node): root = node
        case .failure(let issue): return .failure(TenantFileError(file: file, issues: [issue]))
        }
        let validator = ConfigValidator(
            secrets: ReferenceSecretResolver(environment: environment, baseDirectory: baseDirectory),
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
