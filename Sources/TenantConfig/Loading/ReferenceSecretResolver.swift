import ConnectorKit
import Foundation

/// Resolves secret references written in tenant files:
///
/// - `${env:NAME}` — the environment variable `NAME` (must be set and non-empty);
/// - `${env:NAME:-fallback}` — the variable, or `fallback` when it is unset (for demo tenants);
/// - `${file:relative/path}` — the file's contents without the trailing newline, relative to
///   the tenants directory (absolute paths are allowed too).
///
/// Literal values are refused, so a real secret never ends up in a tenant file under version control.
public struct ReferenceSecretResolver: SecretResolving {
    /// Environment variables to read.
    public var environment: [String: String]
    /// Directory that `${file:…}` paths are relative to.
    public var baseDirectory: String

    /// Creates a resolver.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, baseDirectory: String
    ) {
        self.environment = environment
        self.baseDirectory = baseDirectory
    }

    /// Resolves a reference.
    public func resolve(_ reference: String) throws(SecretResolutionError) -> Secret {
        guard reference.hasPrefix("${"), reference.hasSuffix("}") else {
            throw SecretResolutionError(
                "expected a secret reference such as ${env:NAME} or ${file:path}, found a literal value; "
                    + "keep secrets out of tenant files")
        }
        let inner = reference.dropFirst(2).dropLast()
        if inner.hasPrefix("env:") {
            return try resolveEnvironment(String(inner.dropFirst(4)), reference: reference)
        }
        if inner.hasPrefix("file:") {
            return try resolveFile(String(inner.dropFirst(5)), reference: reference)
        }
        throw SecretResolutionError(
            "unknown secret reference \(reference); use ${env:NAME} or ${file:path}")
    }

    private func resolveEnvironment(_ body: String, reference: String) throws(SecretResolutionError)
        -> Secret
    {
        var name = body
        var fallback: String?
        if let range = body.range(of: ":-") {
            name = String(body[..<range.lowerBound])
            fallback = String(body[range.upperBound...])
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw SecretResolutionError(
                "\(reference) does not name an environment variable (letters, digits and _)")
        }
        if let value = environment[name], !value.isEmpty {
            return Secret(value: value, reference: reference)
        }
        if let fallback, !fallback.isEmpty {
            return Secret(value: fallback, reference: reference)
        }
        throw SecretResolutionError(
            "environment variable \(name) is not set (needed by \(reference)); export it before starting")
    }

    private func resolveFile(_ path: String, reference: String) throws(SecretResolutionError)
        -> Secret
    {
        guard !path.isEmpty else { throw SecretResolutionError("\(reference) names no file") }
        let fullPath =
            path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: fullPath) else {
            throw SecretResolutionError(
                "cannot read the secret file \(fullPath) (needed by \(reference)); create it or fix the path"
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SecretResolutionError("the secret file \(fullPath) is not UTF-8 text")
        }
        let value = text.trimmingCharacters(in: .newlines)
        guard !value.isEmpty else {
            throw SecretResolutionError("the secret file \(fullPath) is empty (needed by \(reference))")
        }
        return Secret(value: value, reference: reference)
    }
}
