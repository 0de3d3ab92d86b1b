import ConnectorKit
import Foundation

/// Resolves secret references written in tenant files:
///
/// - `${env:NAME}` — the environment variable `NAME` (must be set and non-empty);
/// - `${env:NAME:-fallback}` — the variable, or `fallback` when it is unset (for demo tenants);
/// - `${file:secrets/name}` — the file's contents without the trailing newline. The path is
///   relative to the tenants directory and must stay inside its `secrets/` folder: absolute
///   paths and `..` are refused, and symbolic links are resolved and must end inside it too.
///
/// Literal values are refused, so a real secret never ends up in a tenant file under version
/// control. Error messages show a reference with its fallback masked (`${env:NAME:-…}`).
public struct ReferenceSecretResolver: SecretResolving {
    /// The folder of the tenants directory that `${file:…}` secrets must be in.
    public static let secretsFolder = "secrets"

    /// Environment variables to read.
    public var environment: [String: String]
    /// The tenants directory, which `${file:…}` paths are relative to.
    public var baseDirectory: String
    /// Largest secret file, in bytes.
    public var maximumFileBytes: Int

    /// Creates a resolver.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, baseDirectory: String,
        maximumFileBytes: Int = TenantFileLimits.standard.maximumSecretFileBytes
    ) {
        self.environment = environment
        self.baseDirectory = baseDirectory
        self.maximumFileBytes = maximumFileBytes
    }

    /// Resolves a reference.
    public func resolve(_ reference: String) throws(SecretResolutionError) -> Secret {
        guard reference.hasPrefix("${"), reference.hasSuffix("}") else {
            throw SecretResolutionError(
                "expected a secret reference such as ${env:NAME} or ${file:secrets/NAME}, found a literal value; "
                    + "keep secrets out of tenant files")
        }
        let inner = reference.dropFirst(2).dropLast()
        if inner.hasPrefix("env:") {
            return try resolveEnvironment(String(inner.dropFirst(4)), reference: reference)
        }
        if inner.hasPrefix("file:") {
            return try resolveFile(String(inner.dropFirst(5)), reference: reference)
        }
        throw SecretResolutionError("unknown secret reference \(Self.shown(reference)); use ${env:NAME} or ${file:secrets/NAME}")
    }

    /// How a reference appears in an error: a file reference names a path, never a secret; any
    /// other is shown by scheme and name only. Built only when an error is (it costs more than
    /// resolving).
    private static func shown(_ reference: String) -> String {
        reference.hasPrefix("${file:") ? String(reference.prefix(200)) : ConfigText.safe(reference)
    }

    private func resolveEnvironment(_ body: String, reference: String) throws(SecretResolutionError) -> Secret {
        var shown: String { Self.shown(reference) }
        var name = body
        var fallback: String?
        if let range = body.range(of: ":-") {
            name = String(body[..<range.lowerBound])
            fallback = String(body[range.upperBound...])
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw SecretResolutionError("\(shown) does not name an environment variable (letters, digits and _)")
        }
        if let value = environment[name], !value.isEmpty {
            return Secret(value: value, reference: reference)
        }
        if let fallback, !fallback.isEmpty {
            return Secret(value: fallback, reference: reference)
        }
        throw SecretResolutionError(
            "environment variable \(name) is not set (needed by \(shown)); export it before starting")
    }

    private func resolveFile(_ path: String, reference: String) throws(SecretResolutionError) -> Secret {
        var shown: String { Self.shown(reference) }
        let folder = Self.secretsFolder
        guard !path.isEmpty else { throw SecretResolutionError("\(shown) names no file") }
        guard !path.hasPrefix("/") else {
            throw SecretResolutionError(
                "\(shown) is an absolute path; secret files must be in the tenants directory's \(folder)/ folder, "
                    + "written as ${file:\(folder)/NAME}")
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.contains("..") else {
            throw SecretResolutionError(
                "\(shown) contains '..'; secret files must be in the tenants directory's \(folder)/ folder, "
                    + "written as ${file:\(folder)/NAME}")
        }
        let base = baseDirectory.isEmpty ? "." : baseDirectory
        let fullPath = (base as NSString).appendingPathComponent(path)
        let secrets = (base as NSString).appendingPathComponent(folder)
        switch ConfinedFile.read(fullPath, inside: secrets, maximumBytes: maximumFileBytes) {
        case .success(let data):
            guard let text = String(data: data, encoding: .utf8) else {
                throw SecretResolutionError("the secret file of \(shown) is not UTF-8 text")
            }
            let value = text.trimmingCharacters(in: .newlines)
            guard !value.isEmpty else { throw SecretResolutionError("the secret file of \(shown) is empty") }
            return Secret(value: value, reference: reference)
        case .failure(.outside):
            throw SecretResolutionError(
                "\(shown) resolves outside the tenants directory's \(folder)/ folder (symbolic links are followed); "
                    + "put the secret file in \(folder)/ and write ${file:\(folder)/NAME}")
        case .failure(.missing):
            throw SecretResolutionError(
                "cannot read the secret file \(fullPath) (needed by \(shown)); create it in the tenants directory's "
                    + "\(folder)/ folder or fix the path")
        case .failure(.notRegular):
            throw SecretResolutionError("the secret file of \(shown) is not a regular file")
        case .failure(.tooLarge(let limit)):
            throw SecretResolutionError("the secret file of \(shown) is larger than \(limit) bytes, the limit for a secret")
        case .failure(.unreadable):
            throw SecretResolutionError(
                "cannot read the secret file \(fullPath) (needed by \(shown)); check its permissions")
        }
    }
}
