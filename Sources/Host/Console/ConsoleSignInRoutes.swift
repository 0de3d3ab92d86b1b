import Hummingbird

/// What the sign-in page shows.
struct SignInContent: Sendable {
    var next: String
    var error: String?
}

extension ConsoleRoutes {
    /// Sign-in and sign-out.
    static func addSignIn(to router: Router<BasicRequestContext>, console: Console) {
        router.get(RouterPath(ConsolePaths.signIn)) { request, _ in
            if await console.gate.session(of: request) != nil { return ConsoleResponses.redirect(to: ConsolePaths.home) }
            let next = ConsoleGate.safeNext(request.uri.queryParameters["next"].map(String.init))
            return signInPage(console, next: next, error: nil)
        }

        router.post(RouterPath(ConsolePaths.signIn)) { request, context in
            let form = await ConsoleGate.form(of: request, context: context)
            let next = ConsoleGate.safeNext(form.next)
            guard ConsoleGate.isSameOrigin(request) else { return console.forbiddenPost(bar: nil) }
            let token = (form.token ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else {
                return signInPage(console, next: next, error: "Enter an access token to sign in.", status: .unauthorized)
            }
            guard let principal = await console.gate.access.principal(forToken: token) else {
                console.logger.notice("console sign-in refused: unknown token")
                return signInPage(
                    console, next: next,
                    error: "That token is not valid. Use the operator token or your tenant's admin token, exactly as configured.",
                    status: .unauthorized)
            }
            if let old = request.cookies[ConsoleGate.cookieName]?.value { try? await console.gate.sessions.remove(id: old) }
            let session: ConsoleSession
            do {
                session = try await console.gate.sessions.create(principal: principal, tokenDigest: ConsoleAccess.digest(token))
            } catch {
                console.logger.error("console sign-in failed: could not store the session", metadata: ["error": "\(error)"])
                return signInPage(
                    console, next: next, error: "The host could not store your session just now. Try again in a moment.",
                    status: .serviceUnavailable)
            }
            var response = ConsoleResponses.redirect(to: next)
            response.setCookie(ConsoleGate.cookie(for: session))
            return response
        }

        router.post(RouterPath(ConsolePaths.signOut)) { request, context in
            guard let session = await console.gate.session(of: request) else { return ConsoleGate.signInRedirect(for: request) }
            let form = await ConsoleGate.form(of: request, context: context)
            guard ConsoleGate.isGenuinePost(request, form: form, session: session) else {
                return console.forbiddenPost(bar: nil)
            }
            do {
                try await console.gate.sessions.remove(id: session.id)
            } catch {
                console.logger.error("console sign-out failed: could not remove the session", metadata: ["error": "\(error)"])
                return console.problem(
                    title: "Not signed out", "The host could not end your session just now. Try again in a moment.",
                    status: .serviceUnavailable, bar: nil)
            }
            var response = ConsoleResponses.redirect(to: ConsolePaths.signIn)
            response.setCookie(ConsoleGate.expiredCookie)
            return response
        }
    }

    private static func signInPage(
        _ console: Console, next: String, error: String?, status: HTTPResponse.Status = .ok
    ) -> Response {
        console.renderer.response(
            .signIn, ConsolePage(title: "Sign in", session: nil, content: SignInContent(next: next, error: error)), status: status)
    }
}
