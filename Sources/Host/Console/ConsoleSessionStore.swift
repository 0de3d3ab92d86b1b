import Foundation
import Store

/// One signed-in console user.
struct ConsoleSession: Sendable, Hashable {
    /// The random session id (the cookie's value; the store keeps only its digest).
    var id: String
    /// The CSRF token every POST form of this session carries (derived from the id, so never stored).
    var csrfToken: String
    /// Who signed in.
    var principal: AdminPrincipal
    /// SHA-256 of the token used to sign in, so a rotated token ends the session.
    var tokenDigest: String
}

/// The console's server-side sessions, in the state store so a sign-in through one replica
/// holds on every replica (and across restarts): random ids, of which only the SHA-256 is
/// stored, mapped to principals, ending after a time without use.
struct ConsoleSessionStore: Sendable {
    private let store: any AdminRecordStore
    private let idleTimeout: TimeInterval
    private let now: @Sendable () -> Date
    /// Uses of a session closer together than this are not written down (one write a minute at most).
    private let touchInterval: TimeInterval = 60

    /// Creates a store; sessions end after `idleTimeout` without a request.
    init(store: any AdminRecordStore, idleTimeout: Duration = .seconds(8 * 3600), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.idleTimeout = TimeInterval(idleTimeout.components.seconds)
        self.now = now
    }

    /// Starts a session for a principal (and ends the sessions idle too long).
    func create(principal: AdminPrincipal, tokenDigest: String) async throws -> ConsoleSession {
        let at = now()
        try await store.removeConsoleSessions(unusedSince: at - idleTimeout)
        let id = RandomToken.make()
        try await store.insertConsoleSession(
            StoredConsoleSession(idDigest: Self.digest(id), principal: principal.storedName, tokenDigest: tokenDigest, lastSeen: at))
        return ConsoleSession(id: id, csrfToken: Self.csrfToken(id), principal: principal, tokenDigest: tokenDigest)
    }

    /// The live session with this id (its idle time starts again), or nil.
    func session(id: String) async throws -> ConsoleSession? {
        let digest = Self.digest(id)
        guard let stored = try await store.consoleSession(idDigest: digest) else { return nil }
        let at = now()
        guard at.timeIntervalSince(stored.lastSeen) < idleTimeout, let principal = AdminPrincipal(storedName: stored.principal) else {
            try await store.removeConsoleSession(idDigest: digest)
            return nil
        }
        if at.timeIntervalSince(stored.lastSeen) >= touchInterval { try await store.touchConsoleSession(idDigest: digest, at: at) }
        return ConsoleSession(id: id, csrfToken: Self.csrfToken(id), principal: principal, tokenDigest: stored.tokenDigest)
    }

    /// Ends a session.
    func remove(id: String) async throws {
        try await store.removeConsoleSession(idDigest: Self.digest(id))
    }

    /// What the store keys a session by.
    static func digest(_ id: String) -> String { ConsoleAccess.digest(id) }

    /// The session's CSRF token: a digest of its (secret, random) id, so every replica derives
    /// the same token and a page without the cookie cannot.
    static func csrfToken(_ id: String) -> String { ConsoleAccess.digest("switchyard-console-csrf:" + id) }
}

extension AdminPrincipal {
    /// How a session's principal is stored: `operator` or `tenant:ID`.
    var storedName: String {
        switch self {
        case .operator: "operator"
        case .tenant(let id): "tenant:" + id
        }
    }

    /// The principal a stored name names (nil: not one).
    init?(storedName: String) {
        if storedName == "operator" {
            self = .operator
        } else if storedName.hasPrefix("tenant:") {
            self = .tenant(String(storedName.dropFirst("tenant:".count)))
        } else {
            return nil
        }
    }
}

/// Unguessable tokens for session ids and generated access tokens: 32 bytes of the system's secure random generator,
/// base64url-encoded (cookie- and form-safe).
enum RandomToken {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
