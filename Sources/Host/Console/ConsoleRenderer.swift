import Hummingbird
import Mustache

/// The names of the console's templates.
enum ConsoleTemplate: String, CaseIterable, Sendable {
    case signIn = "sign-in"
    case notFound = "not-found"
    case tenants
    case tenant
    case webinars
    case webinar
    case run
    case contact

    var text: String {
        switch self {
        case .signIn: LayoutTemplates.signIn
        case .notFound: LayoutTemplates.notFound
        case .tenants: TenantTemplates.tenants
        case .tenant: TenantTemplates.tenant
        case .webinars: WebinarTemplates.webinars
        case .webinar: WebinarTemplates.webinar
        case .run: WebinarTemplates.run
        case .contact: ContactTemplates.contact
        }
    }
}

/// A link of the breadcrumb trail.
struct Breadcrumb: Sendable {
    var href: String
    var label: String
}

/// What the page frame shows of the session: who is signed in, and the CSRF token of the
/// sign-out form.
struct SessionBar: Sendable {
    var principalLabel: String
    var csrfToken: String
}

/// A whole page: the frame's fields and the page's own `content`.
struct ConsolePage<Content: Sendable>: Sendable {
    var title: String
    var session: SessionBar?
    var breadcrumbs: [Breadcrumb]
    /// Stored (not computed), because mustache's reflection only sees stored properties.
    var hasBreadcrumbs: Bool
    var refreshSeconds: Int?
    var content: Content

    init(
        title: String, session: SessionBar?, breadcrumbs: [Breadcrumb] = [], refreshSeconds: Int? = nil,
        content: Content
    ) {
        self.title = title
        self.session = session
        self.breadcrumbs = breadcrumbs
        self.hasBreadcrumbs = !breadcrumbs.isEmpty
        self.refreshSeconds = refreshSeconds
        self.content = content
    }
}

/// Why the console cannot start (a template does not parse: a programming error caught by tests).
struct ConsoleTemplateError: Error, CustomStringConvertible {
    var template: String
    var underlying: String
    var description: String { "console template '\(template)' does not parse: \(underlying)" }
}

/// Renders console pages from the mustache templates (swift-mustache, HTML-escaped).
struct ConsoleRenderer: Sendable {
    private let library: MustacheLibrary

    /// Parses every template.
    init() throws {
        var library = MustacheLibrary()
        let partials = [
            ("header", LayoutTemplates.header), ("footer", LayoutTemplates.footer), ("audit-entry", WebinarTemplates.auditEntry),
        ]
        for (name, text) in partials + ConsoleTemplate.allCases.map({ ($0.rawValue, $0.text) }) {
            do {
                try library.register(text, named: name)
            } catch {
                throw ConsoleTemplateError(template: name, underlying: "\(error)")
            }
        }
        self.library = library
    }

    /// The HTML of a page.
    func html<Content>(_ template: ConsoleTemplate, _ page: ConsolePage<Content>) -> String {
        library.render(page, withTemplate: template.rawValue) ?? ""
    }

    /// A `text/html` response of a page.
    func response<Content>(_ template: ConsoleTemplate, _ page: ConsolePage<Content>, status: HTTPResponse.Status = .ok)
        -> Response
    {
        ConsoleResponses.html(html(template, page), status: status)
    }
}
