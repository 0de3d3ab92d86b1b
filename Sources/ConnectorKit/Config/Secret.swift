/// A secret value (token, password, signing key) loaded from a reference.
///
/// Its `description`, `debugDescription`, reflection and `Encodable` form never contain the
/// value: only the reference it came from (`${env:NAME}` or `${file:path}`), so a secret
/// can be logged, printed or returned by an API without leaking. Call ``reveal()`` only at
/// the point where the value is put on the wire.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, Encodable
{
    private let value: String
    /// The reference as written, e.g. `${env:NORTHWIND_HUBSPOT_TOKEN}`. An `${env:NAME:-default}`
    /// reference holds a value itself, so show ``shownReference`` instead.
    public let reference: String

    /// The reference with any written default value masked (`${env:NAME:-…}`): safe to show.
    public var shownReference: String {
        guard reference.hasPrefix("${env:"), let marker = reference.range(of: ":-") else { return reference }
        return reference[..<marker.upperBound] + "…}"
    }

    /// Wraps a resolved secret value together with its reference.
    public init(value: String, reference: String) {
        self.value = value
        self.reference = reference
    }

    /// The secret value itself. Use it only to sign or authenticate a request.
    public func reveal() -> String { value }

    /// `<redacted ${env:NAME}>` (a default value written in the reference is masked too).
    public var description: String { "<redacted \(shownReference)>" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror without children, so `dump` and reflection show no value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Encodes the redacted description only.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Resolves secret references (`${env:NAME}`, `${env:NAME:-demo default}`, `${file:relative/path}`).
public protocol SecretResolving: Sendable {
    /// Returns the secret for a reference, or throws ``SecretResolutionError``.
    func resolve(_ reference: String) throws(SecretResolutionError) -> Secret
}

/// Why a secret reference could not be resolved. Never contains a secret value.
public struct SecretResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong and what to do, e.g. "environment variable X is not set; export it or …".
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
