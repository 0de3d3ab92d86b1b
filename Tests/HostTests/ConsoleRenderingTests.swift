import Foundation
import Store
import SyncEngine
import Synchronization
import Testing

@testable import Host

/// The console's templates, page models, sessions and sign-in hint, without a host.
@Suite("Web console: rendering and sessions")
struct ConsoleRenderingTests {
    static let bar = SessionBar(principalLabel: "the operator", csrfToken: "csrf-123")

    static func webinar(topic: String) -> WebinarSummary {
        WebinarSummary(
            id: "81234567890", topic: topic, startTime: Date(timeIntervalSince1970: 1_800_000_000), durationMinutes: 60,
            hostEmail: "host@acme.example", businessUnit: BusinessUnitReference(id: 0, name: "Account"), connectorType: "zoom",
            accountID: "acme-zoom", supported: true, unsupportedReason: nil, syncStatus: "synced_with_warnings", lastSyncedAt: nil,
            counts: nil, joinURL: nil, registrationURL: nil)
    }

    @Test("every template parses")
    func templatesParse() throws {
        _ = try ConsoleRenderer()
    }

    @Test("text from Zoom is HTML-escaped, never markup")
    func escaping() throws {
        let renderer = try ConsoleRenderer()
        let html = renderer.html(
            .webinars,
            ConsolePage(
                title: "Webinars", session: Self.bar,
                content: WebinarListContent(
                    webinars: [WebinarRow(tenantID: "acme", Self.webinar(topic: "<script>alert(1)</script>"))],
                    syncHref: "/console/tenants/acme/webinars/sync", backfillHref: "/console/tenants/acme/webinars/backfill", runs: [])))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains(#"<span class="badge warn">Synced with warnings</span>"#))
        #expect(html.contains("2027-01-15 08:00 UTC"))
    }

    @Test("a backfill's run page shows its forecast, the webinars synced so far and a Stop button until it stops")
    func backfillRun() throws {
        let renderer = try ConsoleRenderer()
        let plan = BackfillPlan(
            tenantID: "acme", since: Date(timeIntervalSince1970: 1_780_000_000), retainedSince: nil, webinars: [], toSync: 3,
            alreadyDone: 1, sourceRequests: [], hubSpotRequests: 40, hubSpotRequestsPerTenSeconds: 190, sourceSeconds: 1,
            hubSpotSeconds: 2.1, quotaDays: 0, estimatedSeconds: 3.1, notes: ["Zoom keeps usage reports for 6 months"])
        var run = SyncRun(
            id: "r2", tenantID: "acme", kind: .backfill, since: plan.since, state: .running,
            progress: .webinars(done: 1, total: 3, doing: "Syncing 2 of 3: Launch"), requestedAt: Date(), plan: plan)
        let running = renderer.html(
            .run, ConsolePage(title: "Backfill", session: Self.bar, content: RunContent(tenantID: "acme", run: run)))
        #expect(running.contains(#"<progress id="run-progress" max="3" value="1">"#))
        #expect(running.contains("Syncing 2 of 3: Launch"))
        #expect(running.contains(#"action="/console/tenants/acme/runs/r2/stop""#))
        #expect(running.contains("HubSpot requests: about 40"))
        run.state = .stopped
        let stopped = renderer.html(
            .run, ConsolePage(title: "Backfill", session: Self.bar, content: RunContent(tenantID: "acme", run: run)))
        #expect(!stopped.contains("/stop"))
        #expect(stopped.contains("Stopped"))
    }

    @Test("a run page refreshes itself until the run is finished, then shows the result")
    func runRefresh() throws {
        let renderer = try ConsoleRenderer()
        var run = SyncRun(
            id: "r1", tenantID: "acme", kind: .webinar, webinarID: "81234567890", state: .running, progress: .of(.running),
            requestedAt: Date(timeIntervalSince1970: 1_800_000_000))
        let running = renderer.html(
            .run, ConsolePage(title: "Sync now", session: Self.bar, refreshSeconds: 1, content: RunContent(tenantID: "acme", run: run)))
        #expect(running.contains(#"<meta http-equiv="refresh" content="1">"#))
        #expect(running.contains(#"<progress id="run-progress" max="2" value="1">"#))
        #expect(running.contains("refreshes itself"))

        run.state = .succeeded
        run.progress = .of(.succeeded)
        run.result = WebinarAuditEntry(
            webinarID: "81234567890", topic: "Launch", trigger: "sync_now", status: .syncedWithWarnings, startedAt: Date(),
            finishedAt: Date(), counts: SyncCounts(),
            warnings: AuditWarning.grouping([AuditItem(email: "ana@acme.example", reason: .excludedDomain)], sourceName: "Zoom"))
        let done = renderer.html(.run, ConsolePage(title: "Sync now", session: Self.bar, content: RunContent(tenantID: "acme", run: run)))
        #expect(!done.contains("http-equiv"))
        #expect(done.contains(#"<span class="badge ok">Done</span>"#))
        #expect(done.contains(AuditWarningKind.emailsExcluded.title))
        #expect(done.contains("<strong>ana@acme.example</strong>"))
        #expect(done.contains("What to do:"))
    }

    @Test("the six warning kinds each render their title and what to do")
    func sixKinds() throws {
        let renderer = try ConsoleRenderer()
        let reasons: [AuditReason] = [
            .globalSyncOff, .recordingProcessing, .guestWithoutEmail, .contactDeleted, .invalidEmail, .hubSpotError,
        ]
        let entry = WebinarAuditEntry(
            webinarID: "1", topic: nil, trigger: "webhook", status: .syncedWithWarnings, startedAt: Date(), finishedAt: Date(),
            counts: SyncCounts(),
            warnings: AuditWarning.grouping(reasons.map { AuditItem(email: "x@y.example", reason: $0) }, sourceName: "Zoom"),
            sourceName: "Zoom")
        let html = renderer.html(
            .webinar,
            ConsolePage(
                title: "Launch", session: Self.bar,
                content: WebinarContent(tenantID: "acme", webinar: Self.webinar(topic: "Launch"), entries: [entry], runs: [])))
        for kind in AuditWarningKind.allCases {
            #expect(html.contains(ConsoleTestHTML.escaped(kind.title)), "\(kind)")
            #expect(html.contains(ConsoleTestHTML.escaped(kind.whatToDo(sourceName: "Zoom"))), "\(kind)")
        }
        for reason in reasons { #expect(html.contains(ConsoleTestHTML.escaped(reason.explanation(sourceName: "Zoom"))), "\(reason)") }
        #expect(html.contains(#"<input type="hidden" name="csrf" value="csrf-123">"#))
        #expect(html.contains("Zoom webhook"))
    }

    @Test("after sign-in only console paths are followed")
    func safeNext() {
        #expect(ConsoleGate.safeNext("/console/tenants/acme") == "/console/tenants/acme")
        for bad in [nil, "", "https://evil.example", "//evil.example", "/api/v1/tenants", "/console\\..\\x", "/console/sign-out"] {
            #expect(ConsoleGate.safeNext(bad) == "/console", "\(bad ?? "nil")")
        }
    }

    @Test("sessions: random ids, CSRF tokens derived from them, only digests stored, ended by sign-out and idle time")
    func sessions() async throws {
        let backing = try SQLiteStateStore(path: nil)
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let store = ConsoleSessionStore(store: backing, idleTimeout: .seconds(3600), now: { clock.withLock { $0 } })
        let first = try await store.create(principal: .operator, tokenDigest: "d")
        let second = try await store.create(principal: .tenant("acme"), tokenDigest: "d")
        #expect(first.id != second.id && first.csrfToken != second.csrfToken && first.id.count >= 43)
        #expect(try await store.session(id: first.id)?.principal == .operator)
        #expect(try await store.session(id: second.id) == second)
        #expect(try await backing.consoleSession(idDigest: first.id) == nil, "the store keys sessions by a digest, not the id")
        let stored = try #require(try await backing.consoleSession(idDigest: ConsoleAccess.digest(first.id)))
        #expect(stored.principal == "operator" && stored.idDigest != first.id && stored.idDigest != first.csrfToken)
        try await store.remove(id: first.id)
        #expect(try await store.session(id: first.id) == nil)
        clock.withLock { $0 += 1800 }
        #expect(try await store.session(id: second.id) != nil)
        clock.withLock { $0 += 3000 }
        #expect(try await store.session(id: second.id) != nil, "a use half an hour ago restarted its idle time")
        clock.withLock { $0 += 3600 }
        #expect(try await store.session(id: second.id) == nil, "an hour without use ends it")
    }

    @Test("the sign-in hint prints only demo fallbacks and a generated operator token")
    func signInHint() {
        #expect(ConsoleSignInHint.demoFallback(of: "${env:ACME_ADMIN:-demo-acme}") == "demo-acme")
        #expect(ConsoleSignInHint.demoFallback(of: "${env:ACME_ADMIN}") == nil)
        #expect(ConsoleSignInHint.demoFallback(of: "${file:secrets/acme}") == nil)
        #expect(ConsoleSignInHint.operatorToken(configured: "mine", sandboxRuns: true) == ("mine", false))
        #expect(ConsoleSignInHint.operatorToken(configured: nil, sandboxRuns: false) == (nil, false))
        let generated = ConsoleSignInHint.operatorToken(configured: nil, sandboxRuns: true)
        #expect(generated.generated && (generated.token?.count ?? 0) >= 43)
        let hint = ConsoleSignInHint(
            consoleURL: "http://127.0.0.1:8080/console", generatedOperatorToken: "op",
            tenantTokens: [.init(tenant: "acme", token: "demo-acme")])
        #expect(hint.lines.contains("Console: http://127.0.0.1:8080/console"))
        #expect(hint.lines.contains("Operator token: op"))
        #expect(hint.lines.contains("Tenant token of acme: demo-acme"))
    }
}

/// HTML escaping as mustache does it.
enum ConsoleTestHTML {
    static func escaped(_ text: String) -> String { text.htmlEscaped }
}
