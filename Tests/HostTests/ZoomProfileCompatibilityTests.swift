import ConnectorKit
import Foundation
import Store
import SyncEngine
import TenantConfig
import Testing

/// Portals that hold Zoom data keep it: through its profile, the Zoom connector writes exactly the
/// names, ids and wording the engine wrote when it knew only Zoom.
@Suite("Zoom's HubSpot profile keeps the names portals already hold")
struct ZoomProfileCompatibilityTests {
    private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    private func plan(host: String?) -> WebinarPlan {
        let webinar = Webinar(
            id: "81234567890", topic: "Launch", hostID: "h", hostEmail: host, startTime: t0, durationMinutes: 60,
            registrationURL: "https://zoom.example/r/1", registrationRequired: true)
        let snapshot = WebinarSnapshot(
            webinar: webinar, instances: [WebinarInstance(uuid: "u1", startTime: t0, endTime: t0 + 3600, durationSeconds: 3600)],
            registrations: [Registration(webinarID: webinar.id, email: "ada@example.org", firstName: "Ada", registeredAt: t0 - 60)],
            attendance: [
                Attendance(
                    webinarID: webinar.id, instanceUUID: "u1", email: "ada@example.org",
                    sessions: [AttendanceSession(joinedAt: t0, leftAt: t0 + 1800, durationSeconds: 1800)], totalSeconds: 1800,
                    percentOfWebinar: 50)
            ],
            recording: Recording(
                webinarID: webinar.id, instanceUUID: "u1", state: .completed, topic: "Launch", startTime: t0, durationMinutes: 60,
                shareURL: "https://zoom.example/rec/1"),
            takenAt: t0 + 7200)
        let account = SourceAccount(
            connectorType: "zoom", accountKey: "acct", businessUnitID: 0, hostPolicies: [], profile: ZoomProfile.profile)
        return WebinarPlanner.plan(
            PlanningInput(
                tenantID: "acme", snapshot: snapshot, mode: .full,
                settings: SyncSettings(
                    global: true, webinars: true, webinarHosts: .all, recordingsAndTranscripts: .all, reconcileIntervalSeconds: 900),
                exclusions: Exclusions(recordingDomains: [], contactDomains: []), account: account,
                directory: PortalDirectory(userEmails: [], secondaryEmails: []), contactStates: [:], previouslySynced: [],
                existingFacts: [], writeBusinessUnits: false))
    }

    @Test("properties, timeline ids, organizer and the recording call are Zoom's as before")
    func writes() throws {
        let plan = plan(host: nil)
        let ada = try #require(plan.contacts.first)
        #expect(ada.properties["zoom_total_webinar_registrations"] == "1")
        #expect(ada.properties["zoom_total_webinars_attended"] == "1")
        #expect(ada.properties["zoom_average_webinar_attendance_percent"] == "50")
        #expect(ada.properties["zoom_last_registered_webinar"] == "https://zoom.example/r/1")
        #expect(
            Set(plan.timelineEvents.map { $0.id.split(separator: "-").prefix(2).joined(separator: "-") })
                == ["zoom-registration", "zoom-attendance", "zoom-recording"])
        #expect(plan.timelineEvents.contains { $0.id.hasPrefix("zoom-registration-81234567890-") })
        #expect(plan.marketingEvent?.organizer == "Zoom")
        #expect(plan.call?.properties["hs_call_title"] == "Zoom webinar recording: Launch")
        #expect(
            plan.call?.properties["hs_call_body"]?.hasPrefix(
                #"Recording of the Zoom webinar "Launch" (81234567890): https://zoom.example/rec/1"#)
                == true)
    }

    @Test("setup, the workflow action and the audit wording are Zoom's as before")
    func setupAndWording() {
        let definitions = ContactPropertyValues.definitions(ZoomProfile.profile)
        #expect(definitions.allSatisfy { $0.groupName == "switchyard_zoom_webinars" })
        #expect(ZoomProfile.profile.propertyGroup.label == "Zoom webinars (Switchyard)")
        #expect(
            PlannedTimelineEvent.Kind.allCases.map { TenantSetup.definition($0, profile: ZoomProfile.profile).name } == [
                "Zoom: Webinar Registration Event", "Zoom: Webinar Attendance Event", "Zoom: Recording Available Event",
            ])
        #expect(ZoomProfile.registerAction.path == "/actions/zoom/register")
        let labels = ZoomProfile.registerAction.definition(actionURL: "https://h/actions/zoom/register").labels["en"]
        #expect(labels?.actionName == "Add contact to Zoom webinar")
        #expect(labels?.outputFieldLabels?["registrant_id"] == "Zoom registrant ID")
        #expect(
            AuditReason.sourceDataUnavailable.explanation(sourceName: "Zoom") == "No data could be fetched from the connected Zoom account."
        )
        #expect(
            AuditReason.hostNotSelected.explanation(sourceName: "Zoom")
                == "The webinar's host is not among the Zoom users whose webinars are synced.")
    }
}
