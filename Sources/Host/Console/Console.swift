import Foundation
import Hummingbird
import Logging

/// The web console: server-rendered pages over the admin data layer (``AdminServices``), signed
/// in with the same tokens as the admin API. Pages are plain HTML and CSS; no JavaScript.
struct Console: Sendable {
    let admin: AdminServices
    let gate: ConsoleGate
    let renderer: ConsoleRenderer
    let logger: Logger

    /// Creates the console over the admin data layer.
    init(admin: AdminServices, logger: Logger) throws {
        self.admin = admin
        self.gate = ConsoleGate(sessions: ConsoleSessionStore(store: admin.queries.store), access: ConsoleAccess(admin: admin.access))
        self.renderer = try ConsoleRenderer()
        self.logger = logger
    }

    /// Runs `body` for a signed-in request; without a session, redirects to the sign-in page.
    /// Errors become pages: an unknown tenant, webinar or run (or one the token may not see) is
    /// the same "not found" page; anything else is logged and shown without details.
    func signedIn(
        _ request: Request, _ body: (ConsoleSession, SessionBar) async throws -> Response
    ) async -> Response {
        guard let session = await gate.session(of: request) else { return ConsoleGate.signInRedirect(for: request) }
        let bar = SessionBar(principalLabel: await label(of: session.principal), csrfToken: session.csrfToken)
        do {
            return try await body(session, bar)
        } catch let error as AdminError {
            switch error.code {
            case .notFound: return notFound(error.message, bar: bar)
            case .badRequest: return problem(title: "That request is not valid", error.message, status: .badRequest, bar: bar)
            default: return failure(error, bar: bar)
            }
        } catch {
            return failure(error, bar: bar)
        }
    }

    /// Who is signed in, in words.
    func label(of principal: AdminPrincipal) async -> String {
        switch principal {
        case .operator: "the operator"
        case .tenant(let id): await admin.access.registry.runtime(tenantID: id)?.config.displayName ?? id
        }
    }

    /// The "not found" page.
    func notFound(_ message: String, bar: SessionBar?) -> Response {
        problem(title: "Not found", message, status: .notFound, bar: bar)
    }

    /// A page that says what went wrong.
    func problem(title: String, _ message: String, status: HTTPResponse.Status, bar: SessionBar?) -> Response {
        renderer.response(
            .notFound,
            ConsolePage(
                title: title, session: bar, breadcrumbs: [Breadcrumb(href: ConsolePaths.home, label: "Tenants")],
                content: ["message": message]),
            status: status)
    }

    private func failure(_ error: any Error, bar: SessionBar) -> Response {
        logger.error("console page failed", metadata: ["error": .string("\(error)")])
        return problem(
            title: "Something went wrong",
            "The host could not complete this request. Its log has the details; try again in a moment.",
            status: .internalServerError, bar: bar)
    }

    /// The page for a POST without the session's CSRF token or from another site.
    func forbiddenPost(bar: SessionBar?) -> Response {
        problem(
            title: "Form refused",
            "This form did not come from your console session (it may be from an old page or another site). "
                + "Go back, reload the page and try again.",
            status: .forbidden, bar: bar)
    }
}
