/// What `GET /_sandbox/` answers: the portals and accounts the sandbox simulates, and every
/// inspection and control endpoint, so a person who follows the host's log line finds their way.
struct SandboxIndex: Encodable, Sendable {
    struct Endpoint: Encodable, Sendable {
        var method: String
        var path: String
        var description: String
    }

    var hubSpotPortals: [Int]
    var zoomAccounts: [String]
    var graphTenants: [String]
    var endpoints: [Endpoint]
}

extension SandboxServer {
    /// The index of the inspection and control API.
    var index: SandboxIndex {
        func endpoint(_ method: String, _ path: String, _ description: String) -> SandboxIndex.Endpoint {
            SandboxIndex.Endpoint(method: method, path: path, description: description)
        }
        return SandboxIndex(
            hubSpotPortals: hubspot.store.snapshot.portals.keys.sorted(),
            zoomAccounts: zoom.accounts.map(\.credentials.accountID),
            graphTenants: graph.tenants.map(\.credentials.tenantID),
            endpoints: [
                endpoint("GET", "/_sandbox/scenario", "the generated scenario (accounts, webinars, people)"),
                endpoint("GET", "/_sandbox/hubspot/portals", "the simulated HubSpot portals"),
                endpoint(
                    "GET", "/_sandbox/hubspot/portals/{portalId}",
                    "a portal's whole state: contacts, properties, marketing events, timeline events, calls, workflow actions"),
                endpoint("GET|PUT", "/_sandbox/hubspot/portals/{portalId}/faults", "faults injected for one portal"),
                endpoint("POST", "/_sandbox/hubspot/portals/{portalId}/workflow-actions", "send a signed workflow-action request"),
                endpoint(
                    "DELETE", "/_sandbox/hubspot/portals/{portalId}/properties/{objectType}/{propertyName}",
                    "remove a property, as if the portal's add-on were off (e.g. business units on calls)"),
                endpoint("GET|PUT", "/_sandbox/hubspot/rate-limits", "HubSpot's rate limits"),
                endpoint("GET", "/_sandbox/zoom/accounts", "the simulated Zoom accounts"),
                endpoint(
                    "GET", "/_sandbox/zoom/accounts/{accountId}", "an account's users, webinars, registrants, participants, recordings"),
                endpoint("PUT", "/_sandbox/zoom/accounts/{accountId}/webhook", "where the account's webhooks are sent"),
                endpoint("GET", "/_sandbox/zoom/webhooks", "webhook deliveries and their results"),
                endpoint("POST", "/_sandbox/zoom/webhooks/push-scenario", "send the scenario's webhooks"),
                endpoint("POST", "/_sandbox/zoom/webinars/{webinarId}/end", "end a webinar (participants and recording follow)"),
                endpoint("POST", "/_sandbox/zoom/webinars/{webinarId}/registrants", "register someone (sends the webhook)"),
                endpoint("GET", "/_sandbox/graph/tenants", "the simulated Microsoft Entra tenants (Teams webinars)"),
                endpoint(
                    "GET", "/_sandbox/graph/tenants/{tenantId}",
                    "a tenant's organizers, webinars, registrations, sessions, attendance, recordings, transcripts and subscriptions"),
                endpoint("GET", "/_sandbox/graph/notifications", "validation, change and lifecycle notification deliveries"),
                endpoint("GET|PUT", "/_sandbox/graph/throttling", "Graph's per-tenant throttling limits"),
                endpoint("POST", "/_sandbox/graph/webinars/{webinarId}/registrations", "register someone (sends notifications)"),
                endpoint(
                    "POST", "/_sandbox/graph/webinars/{webinarId}/registrations/{registrationId}/cancel",
                    "cancel a registration (sends notifications)"),
                endpoint("POST", "/_sandbox/graph/webinars/{webinarId}/sessions", "add a session (sends notifications)"),
                endpoint(
                    "POST", "/_sandbox/graph/webinars/{webinarId}/sessions/{sessionId}/end",
                    "end a session now: a new attendance report (sends notifications)"),
                endpoint(
                    "POST", "/_sandbox/graph/subscriptions/{subscriptionId}/lifecycle",
                    "send a lifecycle notification: reauthorizationRequired, subscriptionRemoved or missed"),
                endpoint("GET|DELETE", "/_sandbox/{zoom|hubspot|graph}/requests", "the request log"),
                endpoint("GET", "/_sandbox/{zoom|hubspot|graph}/counters", "request counts by operation"),
                endpoint("GET|PUT", "/_sandbox/{zoom|hubspot|graph}/faults", "injected faults"),
            ])
    }
}
