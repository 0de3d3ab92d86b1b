import Foundation
import HTTPTypes
import Hummingbird

/// The fields of a console POST form that the gate reads.
struct ConsoleForm: Decodable, Sendable {
    var csrf: String?
    var token: String?
    var next: String?
}

/// Guards console requests: finds the session from its cookie, refuses posts without the
/// session's CSRF token or from another origin, and builds sign-in redirects.
struct ConsoleGate: Sendable {
    static let cookieName = "switchyard_session"

    let sessions: ConsoleSessionStore
    let access: ConsoleAccess

    /// The live session of a request, if its cookie names one whose token still holds (nil too
    /// when the state store cannot be read: the user is asked to sign in again).
    func session(of request: Request) async -> ConsoleSession? {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty,
            let session = try? await sessions.session(id: id)
        else { return nil }
        guard await access.stillValid(session) else {
            try? await sessions.remove(id: id)
            return nil
        }
        return session
    }

    /// `303` to the sign-in page, coming back to the requested console page afterwards.
    static func signInRedirect(for request: Request) -> Response {
        let next = request.uri.path.hasPrefix("/console") && request.method == .get ? request.uri.path : ConsolePaths.home
        let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return ConsoleResponses.redirect(to: ConsolePaths.signIn + "?next=" + encoded)
    }

    /// A console path to go to after signing in: only console paths, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/console"), !next.hasPrefix("//"), !next.contains("\\"),
            !next.hasPrefix(ConsolePaths.signIn), !next.hasPrefix(ConsolePaths.signOut)
        else { return ConsolePaths.home }
        return next
    }

    /// Reads a POST form (`application/x-www-form-urlencoded`).
    static func form(of request: Request, context: BasicRequestContext) async -> ConsoleForm {
        let form = try? await URLEncodedFormDecoder().decode(ConsoleForm.self, from: request, context: context)
        return form ?? ConsoleForm()
    }

    /// Whether a POST comes from a page of this host: when the browser says where it comes from
    /// (`Origin`, `Sec-Fetch-Site`), that must be this host.
    static func isSameOrigin(_ request: Request) -> Bool {
        if let site = HTTPField.Name("Sec-Fetch-Site").flatMap({ request.headers[$0] }),
            site != "same-origin", site != "none"
        {
            return false
        }
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    /// Whether a POST carries the session's CSRF token and comes from this host.
    static func isGenuinePost(_ request: Request, form: ConsoleForm, session: ConsoleSession) -> Bool {
        guard isSameOrigin(request), let csrf = form.csrf else { return false }
        return ConstantTime.equal(csrf, session.csrfToken)
    }

    /// The session cookie: `HttpOnly; SameSite=Strict; Path=/`.
    static func cookie(for session: ConsoleSession) -> Cookie {
        Cookie(name: cookieName, value: session.id, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// A cookie that removes the session cookie.
    static var expiredCookie: Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
    }
}
