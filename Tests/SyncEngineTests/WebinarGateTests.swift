import ConnectorKit
import Testing

@testable import SyncEngine
@testable import TenantConfig

@Suite("Rules: which webinars and recordings sync")
struct WebinarGateTests {
    private func decide(
        _ webinar: Webinar = RuleFixtures.webinar(),
        settings: SyncSettings = RuleFixtures.settings,
        account: SourceAccount = RuleFixtures.account
    ) -> WebinarGateDecision {
        WebinarGate.decide(webinar: webinar, settings: settings, exclusions: RuleFixtures.exclusions, account: account)
    }

    @Test("everything on: webinar and recordings sync")
    func allOn() {
        #expect(decide() == WebinarGateDecision(syncWebinar: true, syncRecordings: true, reasons: []))
    }

    @Test("global sync off stops everything, whatever the webinar switch says")
    func globalOff() {
        var settings = RuleFixtures.settings
        settings.global = false
        #expect(decide(settings: settings).syncWebinar == false)
        #expect(decide(settings: settings).reasons == [.globalSyncOff])
        settings.webinars = false
        #expect(decide(settings: settings).reasons == [.globalSyncOff, .webinarSyncOff])
    }

    @Test("webinar sync off stops the webinar")
    func webinarsOff() {
        var settings = RuleFixtures.settings
        settings.webinars = false
        #expect(decide(settings: settings).reasons == [.webinarSyncOff])
    }

    @Test("hosts: none, all, or only the selected users")
    func hostSelection() {
        var settings = RuleFixtures.settings
        settings.webinarHosts = .none
        #expect(decide(settings: settings).reasons == [.hostNotSelected])
        settings.webinarHosts = .selected(["HOST@acme.example"])
        #expect(decide(settings: settings).syncWebinar)
        settings.webinarHosts = .selected(["other@acme.example"])
        #expect(decide(settings: settings).reasons == [.hostNotSelected])
    }

    @Test("a host in a recording-exclusion domain (or subdomain) is not synced")
    func recordingExclusion() {
        #expect(decide(RuleFixtures.webinar(host: "host@internal.acme.example")).reasons == [.hostDomainExcluded])
        #expect(decide(RuleFixtures.webinar(host: "host@eu.Internal.acme.example")).reasons == [.hostDomainExcluded])
    }

    @Test("per-user default for new webinars, and per-webinar overrides both ways")
    func perUserSettings() {
        var account = RuleFixtures.account
        account.hostPolicies = [HostPolicy(email: "host@acme.example", syncNewWebinarsByDefault: false, syncRecordings: true)]
        #expect(decide(account: account).reasons == [.newWebinarsOffByDefault])
        account.hostPolicies[0].webinarOverrides = ["81234567890": true]
        #expect(decide(account: account).syncWebinar)
        account.hostPolicies[0] = HostPolicy(
            email: "host@acme.example", syncNewWebinarsByDefault: true, syncRecordings: true, webinarOverrides: ["81234567890": false])
        #expect(decide(account: account).reasons == [.webinarToggledOff])
    }

    @Test("recordings: tenant selection and the host's own switch")
    func recordings() {
        var settings = RuleFixtures.settings
        settings.recordingsAndTranscripts = .none
        #expect(
            decide(settings: settings) == WebinarGateDecision(syncWebinar: true, syncRecordings: false, reasons: [.recordingSettingOff]))
        settings.recordingsAndTranscripts = .selected(["host@acme.example"])
        #expect(decide(settings: settings).syncRecordings)
        var account = RuleFixtures.account
        account.hostPolicies[0].syncRecordings = false
        #expect(decide(account: account).syncRecordings == false)
    }

    @Test("Zoom Events webinars are skipped with the reason")
    func zoomEvents() {
        let decision = decide(RuleFixtures.webinar(support: .unsupported(reason: "Zoom Events")))
        #expect(decision.syncWebinar == false)
        #expect(decision.reasons == [.unsupportedWebinar])
        #expect(AuditReason.unsupportedWebinar.kind == .settingOff)
    }
}
