import Crypto
import Foundation

/// Signs console users in with the admin API's tokens (``AdminAccess``: the operator token sees
/// every tenant, a tenant's `admin.token` only that tenant) and checks, on every request, that
/// the token a session signed in with still grants its principal. Only the token's SHA-256
/// digest is kept, so rotating a token (a changed tenant file, another operator token) ends the
/// sessions signed in with the old one.
struct ConsoleAccess: Sendable {
    let admin: AdminAccess

    /// The principal a token signs in as, or nil.
    func principal(forToken token: String) async -> AdminPrincipal? {
        await admin.principal(forToken: token)
    }

    /// Whether the token a session signed in with still grants its principal.
    func stillValid(_ session: ConsoleSession) async -> Bool {
        switch session.principal {
        case .operator:
            guard let operatorToken = admin.operatorToken else { return false }
            return ConstantTime.equal(Self.digest(operatorToken), session.tokenDigest)
        case .tenant(let id):
            guard let own = await admin.registry.runtime(tenantID: id)?.config.adminToken else { return false }
            return ConstantTime.equal(Self.digest(own.reveal()), session.tokenDigest)
        }
    }

    /// Hex SHA-256 of a token.
    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
