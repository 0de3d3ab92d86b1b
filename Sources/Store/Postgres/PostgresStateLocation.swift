import Foundation

/// Where a ``PostgresStateStore`` connects: parsed from a `postgres://user@host:port/db` URL
/// (the `--state` setting). The password is never part of the description.
public struct PostgresStateLocation: Sendable, Hashable, CustomStringConvertible {
    /// Server host name or address.
    public var host: String
    /// Server port (default 5432).
    public var port: Int
    /// User name.
    public var user: String
    /// Database name (default: the user name, as libpq does).
    public var database: String
    /// The password, when one is needed (from a secret reference, `PGPASSWORD` or the URL).
    public var password: String?
    /// Whether the connection must use TLS (`sslmode=require`, `verify-ca` or `verify-full`).
    public var requireTLS: Bool
    /// Whether the server's certificate is checked against the system's trust roots and the
    /// host name (`sslmode=verify-full`, `verify-ca`); `require` encrypts without checking, as libpq does.
    public var verifyCertificate: Bool
    /// A schema to keep the tables in instead of `public` (tests isolate themselves with it).
    public var schema: String?

    /// Creates a location.
    public init(
        host: String, port: Int = 5432, user: String, database: String, password: String? = nil, requireTLS: Bool = false,
        verifyCertificate: Bool = false, schema: String? = nil
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
        self.requireTLS = requireTLS
        self.verifyCertificate = verifyCertificate
        self.schema = schema
    }

    /// Whether a state setting names PostgreSQL (`postgres://` or `postgresql://`) rather than a SQLite file.
    public static func isPostgresURL(_ setting: String) -> Bool {
        setting.hasPrefix("postgres://") || setting.hasPrefix("postgresql://")
    }

    /// Parses `postgres://user[:password]@host[:port]/database[?sslmode=…&schema=…]`.
    public init(url text: String) throws(StoreError) {
        guard Self.isPostgresURL(text), let components = URLComponents(string: text), let host = components.host, !host.isEmpty
        else {
            throw StoreError("the state URL must look like postgres://user@host:5432/database; found '\(Self.redacted(text))'")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError("the state URL '\(Self.redacted(text))' names no user; write postgres://USER@host/database")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.init(
            host: host, port: components.port ?? 5432, user: user, database: path.isEmpty ? user : path,
            password: components.password)
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"), ("sslmode", "allow"), ("sslmode", "prefer"): requireTLS = false
            case ("sslmode", "require"): requireTLS = true
            case ("sslmode", "verify-ca"), ("sslmode", "verify-full"):
                requireTLS = true
                verifyCertificate = true
            case ("schema", let name) where Self.isPlainIdentifier(name): schema = name
            case (let name, let value):
                throw StoreError(
                    "the state URL's setting \(name)=\(value) is not understood; use sslmode=disable|require|verify-full or schema=NAME")
            }
        }
    }

    /// `postgres://user@host:port/database` (never the password).
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (requireTLS ? "?sslmode=require" : "")
    }

    /// A URL with any password replaced by `…`, safe to put in an error message.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "…"
        return components.string ?? "postgres://…"
    }

    /// Letters, digits and underscores, not starting with a digit: safe to write unquoted in SQL.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !CharacterSet.decimalDigits.contains(first), name.count <= 63 else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
    }
}
