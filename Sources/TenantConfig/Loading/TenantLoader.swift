import ConnectorKit
import Crypto
import Foundation
import Synchronization

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
    /// Reads a tenant file's bytes (nil: unreadable); tests replace it to control timing.
    public var readFile: @Sendable (String) -> Data? = { FileManager.default.contents(atPath: $0) }

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
    /// Files are parsed in parallel, one worker per core; conflicts are found by index.
    ///
    /// With `onlyFilesContaining`, files whose bytes do not contain that text are skipped
    /// unparsed (e.g. the host finds the tenants that use `sandbox` without parsing them all).
    public func loadDirectory(
        _ directory: String, onlyFilesContaining marker: String? = nil
    ) throws(TenantDirectoryError) -> TenantDirectoryLoad {
        let all = try Self.tenantFiles(in: directory)
        let bytes = marker.map { Array($0.utf8) }
        let files = bytes.map { bytes in all.filter { readFile($0)?.firstRange(of: bytes) != nil } } ?? all
        let results = Mutex([Result<TenantConfiguration, TenantFileError>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let result = loadFile(files[index])
            results.withLock { $0[index] = result }
        }
        var accepted: [TenantConfiguration] = []
        var failures: [TenantFileError] = []
        var claims = TenantClaims(registry: registry)
        for (file, result) in zip(files, results.withLock { $0 }) {
            switch result {
            case .success(let tenant):
                let conflicts = claims.conflicts(of: tenant)
                if conflicts.isEmpty {
                    claims.insert(tenant)
                    accepted.append(tenant)
                } else {
                    failures.append(TenantFileError(file: file, issues: conflicts))
                }
            case .failure(let error):
                failures.append(error)
            case nil:
                failures.append(TenantFileError(file: file, issues: [Self.unreadable(file)]))
            }
        }
        return TenantDirectoryLoad(tenants: accepted, failures: failures)
    }

    /// Loads files in parallel, at most `width` at a time (default: one per core), and hands
    /// each result to `onLoaded` in the order of `paths` as soon as it and every earlier one are
    /// ready — so the first file by name still wins a contested id, while the later ones
    /// stream in without waiting for the whole directory. `onLoaded` runs in this task, one
    /// call at a time; an actor passes a closure that awaits one of its methods.
    public func loadFiles(
        _ paths: [String],
        width: Int = ProcessInfo.processInfo.activeProcessorCount,
        onLoaded: @Sendable (String, Result<TenantConfiguration, TenantFileError>) async -> Void
    ) async {
        await withTaskGroup(of: (Int, Result<TenantConfiguration, TenantFileError>).self) { group in
            var next = 0
            var ready: [Int: Result<TenantConfiguration, TenantFileError>] = [:]
            var delivered = 0
            func submit() {
                guard next < paths.count else { return }
                let index = next
                let path = paths[index]
                group.addTask { [self] in (index, loadFile(path)) }
                next += 1
            }
            for _ in 0..<max(1, width) { submit() }
            while let (index, result) = await group.next() {
                ready[index] = result
                while let result = ready.removeValue(forKey: delivered) {
                    await onLoaded(paths[delivered], result)
                    delivered += 1
                }
                submit()
            }
        }
    }

    /// Loads one tenant file; `${file:…}` secrets are relative to its directory.
    public func loadFile(_ path: String) -> Result<TenantConfiguration, TenantFileError> {
        guard let data = readFile(path) else {
            return .failure(TenantFileError(file: path, issues: [Self.unreadable(path)]))
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

    static func unreadable(_ path: String) -> ConfigIssue {
        ConfigIssue("cannot read the file", at: SourceLocation(file: path, line: 1, column: 1))
    }

    static func version(of text: String) -> String {
        HexEncoding.string(SHA256.hash(data: Data(text.utf8)).prefix(6))
    }

    static func fileOrder(_ a: ConfigIssue, _ b: ConfigIssue) -> Bool {
        (a.location.line, a.location.column) < (b.location.line, b.location.column)
    }
}
