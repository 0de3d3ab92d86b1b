import Hummingbird

extension ConsoleRoutes {
    /// The tenant list, the tenant page and the contact lookup.
    static func addTenantPages(to router: Router<BasicRequestContext>, console: Console) {
        router.get(RouterPath(ConsolePaths.home)) { request, _ in
            await console.signedIn(request) { session, bar in
                let tenants = try await console.admin.queries.tenants(for: session.principal)
                let broken = await console.admin.queries.failedFiles(for: session.principal)
                let content = TenantListContent(tenants: tenants.map(TenantRow.init), brokenFiles: broken)
                return console.renderer.response(.tenants, ConsolePage(title: "Tenants", session: bar, content: content))
            }
        }

        router.get("/console/tenants/:tenant") { request, context in
            await console.signedIn(request) { session, bar in
                let tenantID = try context.parameters.require("tenant")
                let tenant = try await console.visibleTenant(tenantID, session)
                let settings = try await console.admin.queries.settings(tenantID, for: session.principal)
                return console.renderer.response(
                    .tenant,
                    ConsolePage(
                        title: tenant.displayName, session: bar, breadcrumbs: [Breadcrumb(href: ConsolePaths.home, label: "Tenants")],
                        content: TenantContent(
                            summary: tenant, settings: settings,
                            deadLetters: (try? await console.admin.deadLetters(tenantID, for: session.principal)) ?? [])))
            }
        }

        router.get("/console/tenants/:tenant/contact") { request, context in
            await console.signedIn(request) { session, bar in
                let tenantID = try context.parameters.require("tenant")
                let tenant = try await console.visibleTenant(tenantID, session)
                let email = (request.uri.queryParameters["email"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
                let lookup =
                    email.isEmpty
                    ? nil : try await console.admin.queries.contactLookup(tenantID, email: email, for: session.principal)
                let content = ContactContent(
                    formAction: ConsolePaths.contact(tenantID), email: email,
                    lookup: lookup.map { ContactLookupModel(tenantID: tenantID, $0) })
                return console.renderer.response(
                    .contact,
                    ConsolePage(
                        title: "Contact lookup", session: bar, breadcrumbs: console.crumbs(tenant), content: content))
            }
        }
    }
}

extension Console {
    /// The tenant, when the session may see it; otherwise the same "not found" as an unknown tenant.
    func visibleTenant(_ tenantID: String, _ session: ConsoleSession) async throws -> TenantSummary {
        do {
            return try await admin.queries.tenant(tenantID, for: session.principal)
        } catch let error as AdminError where error.code == .notFound {
            throw AdminError.notFound("No tenant '\(tenantID)'. The Tenants page lists the tenants you can see.")
        }
    }

    /// Tenants › the tenant.
    func crumbs(_ tenant: TenantSummary) -> [Breadcrumb] {
        [
            Breadcrumb(href: ConsolePaths.home, label: "Tenants"),
            Breadcrumb(href: ConsolePaths.tenant(tenant.id), label: tenant.displayName),
        ]
    }
}
