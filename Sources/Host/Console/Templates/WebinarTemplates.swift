/// The webinar list, the webinar page with its audit log and "Sync now", and a sync run.
enum WebinarTemplates {
    /// A tenant's webinars with status badges.
    static let webinars = """
        {{> header}}
        {{#content}}
        {{^empty(webinars)}}
        <table>
          <caption>Webinars, newest first, with the status of their last sync</caption>
          <thead><tr>
            <th scope="col">Webinar</th><th scope="col">Starts</th><th scope="col">Host</th>
            <th scope="col">Business unit</th><th scope="col">Last sync</th>
            <th scope="col" class="number">Registrants</th><th scope="col" class="number">Attendees</th>
            <th scope="col" class="number">Excluded emails</th>
          </tr></thead>
          <tbody>
          {{#webinars}}
            <tr>
              <th scope="row"><a href="{{href}}">{{topic}}</a><br><span class="hint">ID {{id}}</span></th>
              <td>{{startTime}}</td>
              <td>{{hostEmail}}</td>
              <td>{{businessUnit}}</td>
              <td><span class="badge {{status.style}}">{{status.label}}</span>{{#lastSyncedAt}}<br><span class="hint">{{lastSyncedAt}}</span>{{/lastSyncedAt}}</td>
              <td class="number">{{registrants}}</td>
              <td class="number">{{attendees}}</td>
              <td class="number excluded">{{excludedEmails}}</td>
            </tr>
          {{/webinars}}
          </tbody>
        </table>
        {{/empty(webinars)}}
        {{^webinars}}<p class="message info">No webinar is known yet. Webinars appear after the first reconcile or webhook, or press "Sync all now".</p>{{/webinars}}
        <form method="post" action="{{syncHref}}" class="row">
          <input type="hidden" name="csrf" value="{{session.csrfToken}}">
          <button type="submit" class="primary" id="sync-all-now">Sync all now</button>
          <span class="hint">Lists the webinars from the sources and syncs every one never fully synced, and the recent ones again.</span>
        </form>
        <form method="post" action="{{backfillHref}}" class="row">
          <input type="hidden" name="csrf" value="{{session.csrfToken}}">
          <button type="submit" id="backfill">Backfill</button>
          <span class="hint">Also syncs older webinars the sources no longer list, from their history, as far back as each source keeps it; <code>switchyard backfill --plan</code> forecasts it.</span>
        </form>
        {{^empty(runs)}}
        <h2 id="runs">Recent runs</h2>
        <ul>{{#runs}}<li><a href="{{href}}">{{requestedAt}}</a> <span class="badge {{state.style}}">{{state.label}}</span></li>{{/runs}}</ul>
        {{/empty(runs)}}
        {{/content}}
        {{> footer}}
        """

    /// A webinar: details, the "Sync now" form, recent runs and the audit log.
    static let webinar = """
        {{> header}}
        {{#content}}
        <section class="card" aria-labelledby="about">
          <h2 id="about">About this webinar</h2>
          <dl class="settings">
            <dt>Webinar ID</dt><dd>{{id}}</dd>
            <dt>Starts</dt><dd>{{startTime}}{{#durationMinutes}} · {{durationMinutes}} minutes{{/durationMinutes}}</dd>
            <dt>Host</dt><dd>{{hostEmail}}</dd>
            <dt>Business unit</dt><dd>{{businessUnit}}</dd>
            <dt>Connected account</dt><dd><code>{{accountID}}</code></dd>
            <dt>Last sync</dt><dd><span class="badge {{status.style}}">{{status.label}}</span>{{#lastSyncedAt}} <span class="hint">{{lastSyncedAt}}</span>{{/lastSyncedAt}}</dd>
            {{#unsupportedReason}}<dt>Not supported</dt><dd>{{unsupportedReason}}</dd>{{/unsupportedReason}}
          </dl>
          <form method="post" action="{{syncHref}}" class="row">
            <input type="hidden" name="csrf" value="{{session.csrfToken}}">
            <button type="submit" class="primary" id="sync-now">Sync now</button>
            <span class="hint">Runs a full sync of this webinar again: registrants, attendance, recording and transcript.</span>
          </form>
        </section>

        {{^empty(runs)}}
        <h2 id="runs">Recent "Sync now" runs</h2>
        <ul class="items">{{#runs}}<li><a href="{{href}}">Run requested {{requestedAt}}</a> — <span class="badge {{state.style}}">{{state.label}}</span></li>{{/runs}}</ul>
        {{/empty(runs)}}

        <h2 id="audit-log">Audit log</h2>
        {{^entries}}<p class="message info">This webinar has not been synced yet. Press "Sync now" to sync it.</p>{{/entries}}
        {{#entries}}{{> audit-entry}}{{/entries}}
        {{/content}}
        {{> footer}}
        """

    /// One audit-log entry (a partial of the webinar and run pages).
    static let auditEntry = """
        <article class="card audit-entry" aria-labelledby="entry-{{anchor}}">
          <h3 id="entry-{{anchor}}">{{when}} · {{trigger}} <span class="badge {{status.style}}">{{status.label}}</span></h3>
          <ul class="counts" aria-label="What the sync wrote">
            <li>Registrants: <strong>{{counts.registrants}}</strong></li>
            <li>Attendees: <strong>{{counts.attendees}}</strong></li>
            <li>Cancellations: <strong>{{counts.cancellations}}</strong></li>
            <li>Contacts created or updated: <strong>{{counts.contactsUpserted}}</strong></li>
            <li>Timeline events: <strong>{{counts.timelineEventsCreated}}</strong></li>
            <li>Calls (recordings): <strong>{{counts.callsWritten}}</strong></li>
            <li>Excluded emails: <strong>{{counts.excludedEmails}}</strong></li>
          </ul>
          {{^warnings}}<p class="message ok">No warnings: everything eligible was synced.</p>{{/warnings}}
          {{#warnings}}
          <section class="card warning {{style}}" aria-labelledby="warning-{{anchor}}-{{kind}}">
            <h4 id="warning-{{anchor}}-{{kind}}">{{title}} ({{count}})</h4>
            <p class="todo"><strong>What to do:</strong> {{whatToDo}}</p>
            <ul class="items">
              {{#items}}<li>{{#who}}<strong>{{who}}</strong>: {{/who}}{{explanation}}{{#detail}} <span class="hint">({{detail}})</span>{{/detail}}</li>{{/items}}
            </ul>
          </section>
          {{/warnings}}
        </article>
        """

    /// A "Sync now" run: refreshes itself until done, then shows the result.
    static let run = """
        {{> header}}
        {{#content}}
        <section class="card" aria-labelledby="progress-heading">
          <h2 id="progress-heading">Progress</h2>
          <p role="status" id="run-state"><span class="badge {{state.style}}">{{state.label}}</span> {{progressText}}</p>
          <label for="run-progress">Steps done</label>
          <progress id="run-progress" max="{{totalSteps}}" value="{{completedSteps}}">{{completedSteps}} of {{totalSteps}}</progress>
          <p class="hint">Requested {{requestedAt}}{{#startedAt}} · started {{startedAt}}{{/startedAt}}{{#finishedAt}} · finished {{finishedAt}}{{/finishedAt}}</p>
          {{^finished}}<p class="hint">This page refreshes itself every second until the run is done.</p>{{/finished}}
          {{#error}}<p class="message error" role="alert">{{error}}</p>{{/error}}
          {{#stopHref}}
          <form method="post" action="{{stopHref}}" class="row">
            <input type="hidden" name="csrf" value="{{session.csrfToken}}">
            <button type="submit" id="stop-run">Stop</button>
            <span class="hint">Stops after the webinars in progress; start the backfill again to resume where it stopped.</span>
          </form>
          {{/stopHref}}
        </section>
        {{^empty(plan)}}
        <h2 id="plan">Forecast</h2>
        <pre>{{#plan}}{{.}}
        {{/plan}}</pre>
        {{/empty(plan)}}
        {{#entries}}
        {{> audit-entry}}
        {{/entries}}
        {{#result}}
        <h2 id="result">Result</h2>
        {{> audit-entry}}
        {{/result}}
        <p><a href="{{webinarHref}}">Back to the webinar and its audit log</a></p>
        {{/content}}
        {{> footer}}
        """
}
