/// The tenant list and the tenant page.
enum TenantTemplates {
    /// Every tenant the principal may see, with its health; for the operator also the tenant
    /// files that do not load.
    static let tenants = """
        {{> header}}
        {{#content}}
        {{^empty(tenants)}}
        <table>
          <caption>Tenants and their health</caption>
          <thead><tr>
            <th scope="col">Tenant</th><th scope="col">Health</th><th scope="col">HubSpot portal</th>
            <th scope="col">Connected accounts</th><th scope="col" class="number">Waiting in inbox</th>
            <th scope="col" class="number">Dead letters</th>
            <th scope="col">Configuration</th>
          </tr></thead>
          <tbody>
          {{#tenants}}
            <tr>
              <th scope="row"><a href="{{href}}">{{displayName}}</a> <span class="hint">({{id}})</span></th>
              <td><span class="badge {{health.style}}">{{health.label}}</span>
                {{^empty(errors)}}<ul class="items">{{#errors}}<li><code>{{.}}</code></li>{{/errors}}</ul>{{/empty(errors)}}</td>
              <td>{{portalID}}</td>
              <td>{{#connectors}}<code>{{.}}</code><br>{{/connectors}}</td>
              <td class="number">{{inboxDepth}}</td>
              <td class="number">{{deadLetters}}</td>
              <td>version <code>{{version}}</code><br><span class="hint">loaded {{loadedAt}}</span></td>
            </tr>
          {{/tenants}}
          </tbody>
        </table>
        {{/empty(tenants)}}
        {{^tenants}}<p class="message info">No tenant is running. Add a tenant file to the tenants directory.</p>{{/tenants}}
        {{^empty(brokenFiles)}}
        <h2>Tenant files that do not load</h2>
        <p class="hint">Nothing runs for these files until their errors are fixed; the host reloads them when they change.</p>
        {{#brokenFiles}}
        <div class="card warning error">
          <h3><code>{{file}}</code></h3>
          <ul class="items">{{#errors}}<li><code>{{.}}</code></li>{{/errors}}</ul>
        </div>
        {{/brokenFiles}}
        {{/empty(brokenFiles)}}
        {{/content}}
        {{> footer}}
        """

    /// One tenant: its settings in the words of HubSpot's webinar integrations, its business units
    /// and their connected accounts with per-user settings.
    static let tenant = """
        {{> header}}
        {{#content}}
        <p><span class="badge {{health.style}}">{{health.label}}</span>
          HubSpot portal {{portalID}} · configuration version <code>{{version}}</code>, loaded {{loadedAt}}</p>
        {{^empty(errors)}}<div class="message error" role="alert"><p>The tenant file on disk has errors; the last good
          version keeps running:</p><ul class="items">{{#errors}}<li><code>{{.}}</code></li>{{/errors}}</ul></div>{{/empty(errors)}}
        <nav aria-label="Tenant" class="card">
          <a href="{{webinarsHref}}">Webinars and their audit logs</a> · <a href="{{contactHref}}">Look up a contact</a>
        </nav>

        <h2 id="settings">Settings</h2>
        <div class="grid">
        <section class="card" aria-labelledby="sync-settings">
          <h3 id="sync-settings">Sync</h3>
          <dl class="settings">
            <dt>Global sync</dt><dd><span class="badge {{globalSync.style}}">{{globalSync.label}}</span>
              <div class="hint">An account-admin setting; webinar sync works only while it is on.</div></dd>
            <dt>Webinar sync</dt><dd><span class="badge {{webinarSync.style}}">{{webinarSync.label}}</span>
              {{#webinarSyncBlocked}}<div class="hint">Not in effect: global sync is off. Missed data syncs once both are on.</div>{{/webinarSyncBlocked}}</dd>
            <dt>Sync webinar data for</dt><dd>{{webinarHosts.summary}}
              {{^empty(webinarHosts.users)}}<ul class="items">{{#webinarHosts.users}}<li>{{.}}</li>{{/webinarHosts.users}}</ul>{{/empty(webinarHosts.users)}}</dd>
            <dt>Sync recordings and transcripts for</dt><dd>{{recordings.summary}}
              {{^empty(recordings.users)}}<ul class="items">{{#recordings.users}}<li>{{.}}</li>{{/recordings.users}}</ul>{{/empty(recordings.users)}}</dd>
            <dt>Reconcile</dt><dd>every {{reconcileMinutes}} minutes</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="exclusions">
          <h3 id="exclusions">Exclusions</h3>
          <dl class="settings">
            <dt>Recording exclusions</dt><dd>{{^empty(recordingDomains)}}<ul class="items">{{#recordingDomains}}<li>{{.}}</li>{{/recordingDomains}}</ul>{{/empty(recordingDomains)}}{{^recordingDomains}}None{{/recordingDomains}}
              <div class="hint">Webinars hosted by users of these email domains are not synced.</div></dd>
            <dt>Contact exclusions</dt><dd>{{^empty(contactDomains)}}<ul class="items">{{#contactDomains}}<li>{{.}}</li>{{/contactDomains}}</ul>{{/empty(contactDomains)}}{{^contactDomains}}None{{/contactDomains}}
              <div class="hint">Registrants and attendees of these email domains never become contacts.</div></dd>
          </dl>
        </section>
        </div>

        <h2 id="business-units">Business units</h2>
        {{#businessUnits}}
        <section class="card" aria-labelledby="unit-{{id}}">
          <h3 id="unit-{{id}}">{{name}} <span class="hint">(id {{id}})</span> {{#primary}}<span class="badge info">Primary</span>{{/primary}}</h3>
          {{#primary}}<p class="hint">Workflow actions (e.g. "Add contact to … webinar") register contacts for this unit's webinars only.</p>{{/primary}}
          {{#accounts}}
          <h4>{{connectorLabel}} account <code>{{accountID}}</code> {{^running}}<span class="badge bad">Not running</span>{{/running}}</h4>
          {{^empty(users)}}
          <table>
            <caption>Per-user settings of the account's webinar hosts</caption>
            <thead><tr><th scope="col">{{connectorLabel}} user</th><th scope="col">Sync data from newly scheduled webinars by default</th>
              <th scope="col">Sync this user's webinar recordings and transcripts</th><th scope="col">Webinar sync toggles</th></tr></thead>
            <tbody>
            {{#users}}
              <tr><th scope="row">{{email}}</th>
                <td><span class="badge {{newWebinars.style}}">{{newWebinars.label}}</span></td>
                <td><span class="badge {{recordings.style}}">{{recordings.label}}</span></td>
                <td>{{#toggles}}<div>Webinar {{webinarID}}: <span class="badge {{state.style}}">{{state.label}}</span></div>{{/toggles}}{{^toggles}}<span class="hint">None</span>{{/toggles}}</td></tr>
            {{/users}}
            </tbody>
          </table>
          {{/empty(users)}}
          {{^users}}<p class="hint">No per-user settings: the tenant-wide settings apply to every host.</p>{{/users}}
          {{/accounts}}
          {{^accounts}}<p class="hint">No account is connected to this business unit.</p>{{/accounts}}
        </section>
        {{/businessUnits}}
        <h2 id="dead-letters">Dead letters</h2>
        {{^empty(deadLetters)}}
        <p class="hint">Webhooks whose sync kept failing until their retries were used up, or that their connector cannot
          read. Fix the cause, then replay one with <code>{{replayHint}}</code> (or drop it).</p>
        <table>
          <caption>Dead letters, oldest first</caption>
          <thead><tr><th scope="col">Id</th><th scope="col">Event</th><th scope="col">Received</th>
            <th scope="col">Dead since</th><th scope="col" class="number">Attempts</th><th scope="col">Why</th></tr></thead>
          <tbody>
          {{#deadLetters}}
            <tr><th scope="row">{{id}}</th><td><code>{{eventType}}</code></td><td>{{receivedAt}}</td><td>{{deadLetteredAt}}</td>
              <td class="number">{{attempts}}</td><td>{{reason}}</td></tr>
          {{/deadLetters}}
          </tbody>
        </table>
        {{/empty(deadLetters)}}
        {{^deadLetters}}<p class="hint">None: every webhook was processed or is waiting for its next attempt.</p>{{/deadLetters}}
        {{/content}}
        {{> footer}}
        """
}
