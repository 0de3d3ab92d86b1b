import ConnectorKit
import Foundation
import Store
import Testing

@testable import SyncEngine

@Suite("Planner: one webinar's writes and audit")
struct WebinarPlannerTests {
    private let t0 = RuleFixtures.t0

    private func pastSnapshot() -> WebinarSnapshot {
        let instance = WebinarInstance(uuid: "inst-1", startTime: t0, endTime: t0 + 3600, durationSeconds: 3600)
        return WebinarSnapshot(
            webinar: RuleFixtures.webinar(),
            instances: [instance],
            registrations: [
                RuleFixtures.registration("Ada@Example.org"),
                RuleFixtures.registration("grace@example.org", first: "Grace", last: "Hopper"),
                RuleFixtures.registration("staff@acme.example"),
                RuleFixtures.registration("admin@northwind.example"),
                RuleFixtures.registration("old@home.example"),
                RuleFixtures.registration("broken-email"),
                RuleFixtures.registration("gone@example.org"),
                RuleFixtures.registration("carol@example.org", first: "Carol", last: "Shaw"),
            ],
            cancellations: [Cancellation(webinarID: "81234567890", email: "carol@example.org", cancelledAt: t0 - 60)],
            attendance: [
                RuleFixtures.attendance("ada@example.org", seconds: 1800, percent: 50),
                RuleFixtures.attendance("guest-registrant@example.org", seconds: 3600, percent: 100),
            ],
            unmatchedParticipants: [UnmatchedParticipant(name: "Anonymous Guest", reason: "joined without an email")],
            recording: Recording(
                webinarID: "81234567890", instanceUUID: "inst-1", state: .completed, topic: "Launch", startTime: t0,
                durationMinutes: 60, shareURL: "https://zoom.example/rec/share/abc"),
            transcript: Transcript(webinarID: "81234567890", instanceUUID: "inst-1", webVTT: "WEBVTT\n\n00:00.000 --> 00:01.000\nHello"),
            takenAt: t0 + 7200)
    }

    private func plan(_ snapshot: WebinarSnapshot? = nil, facts: [ParticipationFact] = []) -> WebinarPlan {
        WebinarPlanner.plan(
            RuleFixtures.input(
                snapshot ?? pastSnapshot(),
                directory: PortalDirectory(userEmails: ["admin@northwind.example"], secondaryEmails: ["old@home.example"]),
                states: ["gone@example.org": .archived(id: "44"), "ada@example.org": .active(id: "11", businessUnitIDs: [0])],
                facts: facts))
    }

    @Test("only eligible people become contacts, with names, business units and the four properties")
    func contacts() {
        let plan = plan()
        #expect(
            plan.contacts.map(\.email) == ["ada@example.org", "carol@example.org", "grace@example.org", "guest-registrant@example.org"])
        let ada = plan.contacts[0]
        #expect(ada.existingID == "11")
        #expect(ada.properties["firstname"] == "Ada" && ada.properties["lastname"] == "Lovelace")
        #expect(ada.properties["hs_all_assigned_business_unit_ids"] == "0;7")
        #expect(ada.properties[RuleFixtures.names.totalRegistrations.name] == "1")
        #expect(ada.properties[RuleFixtures.names.totalAttended.name] == "1")
        #expect(ada.properties[RuleFixtures.names.averageAttendance.name] == "50")
        #expect(ada.properties[RuleFixtures.names.lastRegisteredWebinar.name] == "https://zoom.example/webinar/register/81234567890")
        let carol = plan.contacts[1]
        #expect(carol.properties[RuleFixtures.names.totalRegistrations.name] == "0")
        #expect(plan.contacts[3].properties["hs_all_assigned_business_unit_ids"] == "7")
    }

    @Test("every excluded email is listed with its reason")
    func exclusions() {
        let items = plan().auditItems
        let byEmail = Dictionary(items.compactMap { item in item.email.map { ($0, item.reason) } }, uniquingKeysWith: { a, _ in a })
        #expect(byEmail["staff@acme.example"] == .excludedDomain)
        #expect(byEmail["admin@northwind.example"] == .hubSpotUser)
        #expect(byEmail["old@home.example"] == .secondaryEmail)
        #expect(byEmail["broken-email"] == .invalidEmail)
        #expect(byEmail["gone@example.org"] == .contactDeleted)
        #expect(items.contains(AuditItem(name: "Anonymous Guest", reason: .guestWithoutEmail, detail: "joined without an email")))
        let warnings = AuditWarning.grouping(items, sourceName: "Acme Live")
        #expect(warnings.map(\.kind) == [.participantsNotSynced, .dataNotSynced, .emailsExcluded])
        #expect(warnings.last?.count == 4)
        #expect(plan().counts.excludedEmails == 5)
    }

    @Test("participations: register, cancel and attend with join and leave times; a cancelled registration is registered first")
    func participations() {
        let states = plan().participations.map { "\($0.state.rawValue) \($0.email)" }
        #expect(
            states == [
                "register ada@example.org", "register carol@example.org", "register grace@example.org", "cancel carol@example.org",
                "attend ada@example.org",
                "attend guest-registrant@example.org",
            ])
        let attend = plan().participations.first { $0.state == .attend }
        #expect(attend?.joinedAt == t0 && attend?.leftAt == t0 + 1800)
    }

    @Test("timeline events have deterministic ids and the template tokens")
    func timeline() {
        let first = plan().timelineEvents
        #expect(first.map(\.id) == plan().timelineEvents.map(\.id))
        #expect(Set(first.map(\.id)).count == first.count)
        // carol registered, then cancelled: her registration happened, so it has its event.
        #expect(first.filter { $0.kind == .registration }.map(\.email) == ["ada@example.org", "carol@example.org", "grace@example.org"])
        let attendance = first.first { $0.kind == .attendance && $0.email == "ada@example.org" }
        #expect(attendance?.tokens["durationMinutes"] == "30")
        #expect(attendance?.tokens["attendancePercent"] == "50")
        #expect(attendance?.tokens["webinarName"] == "Launch")
        let recordings = first.filter { $0.kind == .recording }
        #expect(recordings.map(\.email) == ["ada@example.org", "grace@example.org", "guest-registrant@example.org"])
        #expect(recordings.first?.tokens["recordingUrl"] == "https://zoom.example/rec/share/abc")
        #expect(!first.contains { $0.id.contains("@") })
    }

    @Test("a completed recording becomes a call with the transcript, associated with the attendees")
    func call() throws {
        let call = try #require(plan().call)
        #expect(call.attendeeEmails == ["ada@example.org", "guest-registrant@example.org"])
        #expect(call.properties["hs_call_recording_url"] == "https://zoom.example/rec/share/abc")
        #expect(call.properties["hs_call_body"]?.contains("Hello") == true)
        #expect(call.properties["hs_call_duration"] == "3600000")
        #expect(call.properties["hs_all_assigned_business_unit_ids"] == "7")
    }

    @Test(
        "a recording applied from its webhook alone reaches the stored registrants and attendees the rules let through, contacts unchanged"
    )
    func recordingFromItsWebhook() throws {
        let full = pastSnapshot()
        let snapshot = WebinarSnapshot(webinar: full.webinar, recording: full.recording, takenAt: t0 + 7200)
        func fact(_ email: String, registered: Bool, attended: Bool) -> ParticipationFact {
            ParticipationFact(
                tenantID: "acme", connectorType: RuleFixtures.account.connectorType, email: email, webinarID: "81234567890",
                registered: registered, registeredAt: t0, attended: attended, attendancePercent: attended ? 50 : nil)
        }
        let stored = [
            fact("ada@example.org", registered: true, attended: true), fact("grace@example.org", registered: true, attended: false),
            fact("carol@example.org", registered: false, attended: false), fact("staff@acme.example", registered: true, attended: true),
        ]
        var input = RuleFixtures.input(
            snapshot, mode: .incremental,
            states: [
                "ada@example.org": .active(id: "11", businessUnitIDs: [0]), "grace@example.org": .active(id: "12", businessUnitIDs: [7]),
                "carol@example.org": .active(id: "13", businessUnitIDs: [7]), "staff@acme.example": .active(id: "14", businessUnitIDs: [7]),
            ], facts: stored)
        input.webinarFacts = stored
        #expect(input.isRecordingOnly)
        let plan = WebinarPlanner.plan(input)
        let call = try #require(plan.call)
        #expect(call.attendeeEmails == ["ada@example.org"], "staff is excluded; grace did not attend")
        #expect(Set(plan.timelineEvents.filter { $0.kind == .recording }.map(\.email)) == ["ada@example.org", "grace@example.org"])
        #expect(plan.timelineEvents.allSatisfy { $0.kind == .recording })
        #expect(plan.participations.isEmpty && plan.facts.isEmpty && plan.contacts.isEmpty)
        #expect(plan.earlierParticipantIDs == ["ada@example.org": "11", "grace@example.org": "12"])
    }

    @Test(
        "recording states explain why nothing was synced",
        arguments: [
            (Recording.State.processing, AuditReason.recordingProcessing), (.deleted, .recordingUnavailable),
            (.absent, .recordingUnavailable),
        ])
    func recordingStates(state: Recording.State, reason: AuditReason) {
        var snapshot = pastSnapshot()
        snapshot.recording?.state = state
        let plan = plan(snapshot)
        #expect(plan.call == nil)
        #expect(plan.auditItems.contains(AuditItem(reason: reason)))
        #expect(!plan.timelineEvents.contains { $0.kind == .recording })
    }

    @Test("a completed recording without transcript still syncs, with an error line")
    func missingTranscript() {
        var snapshot = pastSnapshot()
        snapshot.transcript = nil
        let plan = plan(snapshot)
        #expect(plan.call != nil)
        #expect(plan.auditItems.contains(AuditItem(reason: .transcriptNotFound)))
    }

    @Test("a webinar without participants has no recording to sync and no participant data")
    func noParticipants() {
        var snapshot = pastSnapshot()
        snapshot.attendance = []
        snapshot.unmatchedParticipants = []
        let items = plan(snapshot).auditItems
        #expect(items.contains(AuditItem(reason: .noParticipants)))
        #expect(items.contains(AuditItem(reason: .noParticipantData)))
    }

    @Test("a skipped webinar writes nothing and says why")
    func skipped() {
        var settings = RuleFixtures.settings
        settings.webinars = false
        let plan = WebinarPlanner.plan(RuleFixtures.input(pastSnapshot(), settings: settings))
        #expect(plan.skipped)
        #expect(plan.contacts.isEmpty && plan.timelineEvents.isEmpty && plan.participations.isEmpty && plan.call == nil)
        #expect(plan.auditItems == [AuditItem(reason: .webinarSyncOff)])
    }

    @Test("properties stay exact across webinars: facts of other webinars count, this webinar's are replaced")
    func exactAcrossWebinars() {
        let other = ParticipationFact(
            tenantID: "acme", connectorType: "acmelive", email: "ada@example.org", webinarID: "999", registered: true,
            registeredAt: t0 - 86400,
            webinarURL: "https://zoom.example/w/999", attended: true, attendancePercent: 100)
        let stale = ParticipationFact(
            tenantID: "acme", connectorType: "acmelive", email: "ada@example.org", webinarID: "81234567890", registered: true,
            attended: true, attendancePercent: 10)
        let ada = plan(facts: [other, stale]).contacts[0]
        #expect(ada.properties[RuleFixtures.names.totalRegistrations.name] == "2")
        #expect(ada.properties[RuleFixtures.names.totalAttended.name] == "2")
        #expect(ada.properties[RuleFixtures.names.averageAttendance.name] == "75")
    }

    @Test("an incremental registration keeps what is known of the person's attendance")
    func incremental() {
        let known = ParticipationFact(
            tenantID: "acme", connectorType: "acmelive", email: "ada@example.org", webinarID: "81234567890", registered: false,
            attended: true, attendancePercent: 80)
        let snapshot = WebinarSnapshot(
            webinar: RuleFixtures.webinar(), registrations: [RuleFixtures.registration("ada@example.org")], takenAt: t0)
        let plan = WebinarPlanner.plan(RuleFixtures.input(snapshot, mode: .incremental, facts: [known]))
        #expect(plan.facts.first?.registered == true)
        #expect(plan.facts.first?.attended == true)
        #expect(plan.facts.first?.attendancePercent == 80)
        #expect(plan.call == nil)
    }
}
