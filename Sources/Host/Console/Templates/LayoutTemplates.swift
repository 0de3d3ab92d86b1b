/// The console's page frame and its small pages (sign-in, not found), as mustache templates.
///
/// Templates are Swift string literals rather than bundle resources so that the `switchyard`
/// binary carries them and runs from anywhere. `{{…}}` escapes HTML; the templates never use
/// `{{{…}}}`.
enum LayoutTemplates {
    /// The top of every page: `title`, optional `refreshSeconds`, `session` (principal label,
    /// CSRF token) and `breadcrumbs` (`href`, `label`).
    static let header = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{#refreshSeconds}}<meta http-equiv="refresh" content="{{refreshSeconds}}">{{/refreshSeconds}}
        <title>{{title}} · Switchyard console</title>
        <link rel="stylesheet" href="/console/console.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/console">Switchyard</a>
          {{#session}}
          <nav aria-label="Console" class="top-nav">
            <span class="who">Signed in as {{principalLabel}}</span>
            <form method="post" action="/console/sign-out" class="inline">
              <input type="hidden" name="csrf" value="{{csrfToken}}">
              <button type="submit" class="link-button">Sign out</button>
            </form>
          </nav>
          {{/session}}
        </header>
        {{#hasBreadcrumbs}}
        <nav aria-label="Breadcrumb" class="crumbs">
          <ol>
            {{#breadcrumbs}}<li><a href="{{href}}">{{label}}</a></li>{{/breadcrumbs}}
            <li aria-current="page">{{title}}</li>
          </ol>
        </nav>
        {{/hasBreadcrumbs}}
        <main id="main" tabindex="-1">
        <h1>{{title}}</h1>
        """

    /// The bottom of every page.
    static let footer = """
        </main>
        <footer class="bottom"><p>Switchyard · webinars to HubSpot</p></footer>
        </body>
        </html>
        """

    /// The sign-in form: `error` (why the last attempt failed), `next` (where to go after).
    static let signIn = """
        {{> header}}
        {{#content}}
        <p>Sign in with an access token: the operator token (<code>SWITCHYARD_OPERATOR_TOKEN</code>) sees every
        tenant; a tenant's token (<code>admin.token</code> in its tenant file) sees only that tenant.</p>
        {{#error}}<p class="message error" role="alert" id="sign-in-error">{{error}}</p>{{/error}}
        <form method="post" action="/console/sign-in" class="card narrow">
          <input type="hidden" name="next" value="{{next}}">
          <label for="token">Access token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required autofocus
            {{#error}}aria-invalid="true" aria-describedby="sign-in-error"{{/error}}>
          <button type="submit" class="primary">Sign in</button>
        </form>
        {{/content}}
        {{> footer}}
        """

    /// A page for something absent or not visible to the principal: `message`.
    static let notFound = """
        {{> header}}
        {{#content}}
        <p class="message error" role="alert">{{message}}</p>
        <p><a href="/console">Back to the tenants</a></p>
        {{/content}}
        {{> footer}}
        """
}
