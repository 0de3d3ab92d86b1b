import ConnectorKit
import Foundation
import Store
import Testing

@testable import SyncEngine

/// The engine writes a source's data under the names its connector's HubSpot profile gives,
/// and each source's totals count only its own webinars.
@Suite("Planner: a connector's HubSpot profile")
struct HubSpotProfileRulesTests {
    private let t0 = RuleFixtures.t0
    private let names = RuleFixtures.names

    private func snapshot(host: String? = "host@acme.example") -> WebinarSnapshot {
        var webinar = RuleFixtures.webinar()
        webinar.hostEmail = host
        return WebinarSnapshot(
            webinar: webinar, instances: [WebinarInstance(uuid: "inst-1", startTime: t0, endTime: t0 + 3600, durationSeconds: 3600)],
            registrations: [RuleFixtures.registration("ada@example.org")],
            attendance: [RuleFixtures.attendance("ada@example.org", seconds: 1800, percent: 50)],
            recording: Recording(
                webinarID: "81234567890", instanceUUID: "inst-1", state: .completed, topic: "Launch", startTime: t0,
                durationMinutes: 60, shareURL: "https://acme.example/rec/1"),
            takenAt: t0 + 7200)
    }

    private func fact(_ type: String, webinar: String, percent: Double) -> ParticipationFact {
        ParticipationFact(
            tenantID: "acme", connectorType: type, email: "ada@example.org", webinarID: webinar, registered: true,
            registeredAt: t0 - 86400, webinarURL: "https://\(type).example/\(webinar)", attended: true, attendancePercent: percent)
    }

    @Test("the four properties carry the profile's names, and facts of another source do not count")
    func propertiesPerSource() throws {
        let facts = [
            fact("acmelive", webinar: "1", percent: 100), fact("other", webinar: "2", percent: 10),
            fact("other", webinar: "3", percent: 20),
        ]
        let plan = WebinarPlanner.plan(RuleFixtures.input(snapshot(), facts: facts))
        let ada = try #require(plan.contacts.first)
        #expect(ada.properties[names.totalRegistrations.name] == "2")
        #expect(ada.properties[names.totalAttended.name] == "2")
        #expect(ada.properties[names.averageAttendance.name] == "75")
        #expect(plan.facts.allSatisfy { $0.connectorType == "acmelive" })
        #expect(Set(ada.properties.keys).isSuperset(of: names.all.map(\.name)))
    }

    @Test("timeline event ids start with the profile's prefix")
    func timelinePrefix() {
        let plan = WebinarPlanner.plan(RuleFixtures.input(snapshot()))
        #expect(Set(plan.timelineEvents.map(\.kind)) == [.registration, .attendance, .recording])
        #expect(plan.timelineEvents.allSatisfy { $0.id.hasPrefix("acmelive-\($0.kind.rawValue)-") })
    }

    @Test("a webinar without a host email is organized by the profile's organizer")
    func organizer() {
        #expect(WebinarPlanner.plan(RuleFixtures.input(snapshot(host: nil))).marketingEvent?.organizer == "Acme Live")
        #expect(WebinarPlanner.plan(RuleFixtures.input(snapshot())).marketingEvent?.organizer == "host@acme.example")
    }

    @Test("the recording's call is titled and described in the profile's words")
    func recordingCall() {
        let call = WebinarPlanner.plan(RuleFixtures.input(snapshot())).call
        #expect(call?.properties["hs_call_title"] == "Acme Live recording: Launch")
        #expect(call?.properties["hs_call_body"]?.hasPrefix("Recording Launch (81234567890): https://acme.example/rec/1") == true)
    }

    @Test("setup defines the profile's properties and templates")
    func setupDefinitions() {
        let definitions = ContactPropertyValues.definitions(RuleFixtures.profile)
        #expect(definitions.map(\.name) == names.all.map(\.name))
        #expect(definitions.allSatisfy { $0.groupName == "acme_live_webinars" })
        #expect(definitions.map(\.type) == ["number", "string", "number", "number"])
        #expect(TenantSetup.definition(.attendance, profile: RuleFixtures.profile).name == "Acme Live: Attendance")
    }

    @Test("audit wording names the source")
    func auditWording() {
        #expect(
            AuditReason.sourceDataUnavailable.explanation(sourceName: "Acme Live")
                == "No data could be fetched from the connected Acme Live account.")
        #expect(AuditReason.sourceDataUnavailable.rawValue == "source_data_unavailable")
        let entry = WebinarAuditEntry(
            webinarID: "1", topic: nil, trigger: "webhook", status: .failed, startedAt: t0, finishedAt: t0, counts: SyncCounts(),
            warnings: AuditWarning.grouping([AuditItem(reason: .noParticipantData)], sourceName: "Acme Live"), sourceName: "Acme Live")
        #expect(entry.explanation(of: AuditItem(reason: .noParticipantData)) == "Acme Live has no participant data for the webinar yet.")
        #expect(entry.warnings.first?.whatToDo.contains("participant data in Acme Live") == true)
    }

    @Test("template ids stored per connector type; a setup's record from before connector types stays readable")
    func storedTemplates() async throws {
        let store = try SQLiteStateStore(path: nil)
        let legacy = TimelineTemplateIDs(ids: ["registration": "1", "attendance": "2", "recording": "3"])
        try await store.setValue(try JSONEncoder().encode(legacy), namespace: "setup", key: "acme:templates")
        #expect(try await TenantSetup.storedTemplates(tenantID: "acme", connectorType: "zoom", store: store) == legacy)
        let own = TimelineTemplateIDs(ids: ["registration": "7"])
        try await store.setValue(try JSONEncoder().encode(own), namespace: "setup", key: "acme:templates:acmelive")
        #expect(try await TenantSetup.storedTemplates(tenantID: "acme", connectorType: "acmelive", store: store) == own)
    }
}
