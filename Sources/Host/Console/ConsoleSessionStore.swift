import Foundation

/// One signed-in console user.
struct ConsoleSession: Sendable, Hashable {
    /// The random session id (the cookie's value).
    var id: String
    /// The random CSRF token every POST form of this session carries.
    var csrfToken: String
    /// Who signed in.
    var principal: AdminPrincipal
    /// SHA-256 of the token used to sign in, so a rotated token ends the session.
    var tokenDigest: String
    /// When the session was last used.
    var lastSeen: ContinuousClock.Instant
}

/// The console's server-side sessions: random ids mapped to principals, in memory, bounded,
/// ending after a time without use. A restart signs everybody out.
actor ConsoleSessionStore {
    private var sessions: [String: ConsoleSession] = [:]
    private let idleTimeout: Duration
    private let capacity: Int
    private let clock = ContinuousClock()

    /// Creates a store; sessions end after `idleTimeout` without a request.
    init(idleTimeout: Duration = .seconds(8 * 3600), capacity: Int = 10_000) {
        self.idleTimeout = idleTimeout
        self.capacity = capacity
    }

    /// Starts a session for a principal.
    func create(principal: AdminPrincipal, tokenDigest: String) -> ConsoleSession {
        let now = clock.now
        sessions = sessions.filter { now - $0.value.lastSeen < idleTimeout }
        if sessions.count >= capacity, let oldest = sessions.values.min(by: { $0.lastSeen < $1.lastSeen }) {
            sessions[oldest.id] = nil
        }
        let session = ConsoleSession(
            id: RandomToken.make(), csrfToken: RandomToken.make(), principal: principal, tokenDigest: tokenDigest,
            lastSeen: now)
        sessions[session.id] = session
        return session
    }

    /// The live session with this id (its idle time starts again), or nil.
    func session(id: String) -> ConsoleSession? {
        guard var session = sessions[id] else { return nil }
        let now = clock.now
        guard now - session.lastSeen < idleTimeout else {
            sessions[id] = nil
            return nil
        }
        session.lastSeen = now
        sessions[id] = session
        return session
    }

    /// Ends a session.
    func remove(id: String) {
        sessions[id] = nil
    }
}

/// Unguessable tokens for session ids and CSRF tokens: 32 bytes of the system's secure random
/// generator, base64url-encoded (cookie- and form-safe).
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
