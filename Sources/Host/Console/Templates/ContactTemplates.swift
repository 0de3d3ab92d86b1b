/// The contact lookup.
enum ContactTemplates {
    /// A search form by email and, after a search, what Switchyard did with that email and why.
    static let contact = """
        {{> header}}
        {{#content}}
        <form method="get" action="{{formAction}}" class="card row" role="search">
          <div class="grow">
            <label for="email">Email address</label>
            <input id="email" name="email" type="email" value="{{email}}" required autocomplete="off">
          </div>
          <button type="submit" class="primary">Look up</button>
        </form>
        {{#lookup}}
        <section class="card" aria-labelledby="lookup-result">
          <h2 id="lookup-result">{{email}} <span class="badge {{outcome.style}}">{{outcome.label}}</span></h2>
          <p>{{explanation}}</p>
          {{#contactID}}<p>HubSpot contact {{contactID}}, last written {{contactWrittenAt}}.</p>{{/contactID}}
          {{^empty(reasons)}}
          <h3>Why</h3>
          <ul class="items">
            {{#reasons}}<li>{{explanation}}{{#webinarID}} <span class="hint">(webinar {{webinarID}})</span>{{/webinarID}}{{#detail}} <span class="hint">({{detail}})</span>{{/detail}}<br><span class="hint">What to do: {{whatToDo}}</span></li>{{/reasons}}
          </ul>
          {{/empty(reasons)}}
          {{^empty(webinars)}}
          <table>
            <caption>Webinars this email appears in</caption>
            <thead><tr><th scope="col">Webinar</th><th scope="col">Registered</th><th scope="col">Attended</th>
              <th scope="col">Written to HubSpot</th><th scope="col">Outcome</th></tr></thead>
            <tbody>
            {{#webinars}}
              <tr><th scope="row"><a href="{{href}}">{{topic}}</a></th><td>{{registered}}</td><td>{{attended}}</td>
                <td>{{written}}</td><td><span class="badge {{outcome.style}}">{{outcome.label}}</span></td></tr>
            {{/webinars}}
            </tbody>
          </table>
          {{/empty(webinars)}}
          {{^empty(pending)}}
          <h3>Waiting in the inbox</h3>
          <ul class="items">{{#pending}}<li>{{eventType}}, received {{receivedAt}}{{#lastError}} — last attempt failed: {{lastError}}{{/lastError}}</li>{{/pending}}</ul>
          {{/empty(pending)}}
        </section>
        {{/lookup}}
        {{/content}}
        {{> footer}}
        """
}
