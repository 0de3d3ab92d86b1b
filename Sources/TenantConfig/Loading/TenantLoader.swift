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
    /// The bounds tenant files are read within.
    public var limits: TenantFileLimits
    /// Replaces how a tenant file's bytes are read (nil: unreadable); tests set it to control
    /// timing. Nil (the default): the file is read confined and within ``limits``.
    public var readFile: (@Sendable (String) -> Data?)? = nil

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
    /// Files are parsed in parallel, one worker per core; conflicts are found by index.
    ///
    /// With `onlyFilesContaining`, files whose bytes do not contain that text are skipped
    /// unparsed (e.g. the host finds the tenants that use `sandbox` without parsing them all).
    public func loadDirectory(
        _ directory: String, onlyFilesContaining marker: String? = nil
    ) throws(TenantDirectoryError) -> TenantDirectoryLoad {
        let all = try Self.tenantFiles(in: directory)
        let bytes = marker.map { Array($0.utf8) }
        let files = bytes.map { bytes in all.filter { contents(of: $0)?.firstRange(of: bytes) != nil } } ?? all
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

    /// A tenant file's bytes as ``loadFile(_:)`` would read them (confined, within ``limits``), or nil.
    func contents(of path: String) -> Data? {
        if let readFile { return readFile(path) }
        let directory = (path as NSString).deletingLastPathComponent
        return try? ConfinedFile.read(path, inside: directory.isEmpty ? "." : directory, maximumBytes: limits.maximumBytes).get()
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

    /// Loads one tenant file; `${file:…}` secrets are relative to its directory. The file is
    /// read within ``limits``, and only when it resolves inside its directory (a symbolic link
    /// to a file elsewhere is refused).
    public func loadFile(_ path: String) -> Result<TenantConfiguration, TenantFileError> {
        let directory = (path as NSString).deletingLastPathComponent
        let baseDirectory = directory.isEmpty ? "." : directory
        let data: Data
        if let readFile {
            guard let contents = readFile(path) else {
                return .failure(TenantFileError(file: path, issues: [Self.unreadable(path)]))
            }
            data = contents
        } else {
            switch ConfinedFile.read(path, inside: baseDirectory, maximumBytes: limits.maximumBytes) {
            case .success(let contents): data = contents
            case .failure(let problem): return .failure(Self.fileError(path, Self.message(for: problem, limits: limits)))
            }
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
