import ConnectorKit
import Foundation
import Store
import TenantConfig

@testable import SyncEngine

/// Small hand-built inputs for the rule tests.
enum RuleFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static let settings = SyncSettings(
        global: true, webinars: true, webinarHosts: .all, recordingsAndTranscripts: .all, reconcileIntervalSeconds: 900)
    static let exclusions = Exclusions(recordingDomains: ["internal.acme.example"], contactDomains: ["acme.example"])
    /// A source's HubSpot profile with names of its own (the engine must use exactly these).
    static let profile = HubSpotProfile(
        sourceName: "Acme Live",
        propertyGroup: .init(name: "acme_live_webinars", label: "Acme Live webinars"),
        contactProperties: .init(
            averageAttendance: .init(name: "acme_live_average", label: "Average Acme Live attendance", description: "Average."),
            lastRegisteredWebinar: .init(name: "acme_live_last", label: "Last Acme Live webinar", description: "Last."),
            totalRegistrations: .init(name: "acme_live_registrations", label: "Acme Live registrations", description: "Registrations."),
            totalAttended: .init(name: "acme_live_attended", label: "Acme Live webinars attended", description: "Attended.")),
        timelineTemplates: .init(
            registration: .init(name: "Acme Live: Registration", headerTemplate: "Registered", detailTemplate: "{{webinarId}}"),
            attendance: .init(name: "Acme Live: Attendance", headerTemplate: "Attended", detailTemplate: "{{webinarId}}"),
            recording: .init(name: "Acme Live: Recording", headerTemplate: "Recording", detailTemplate: "{{recordingUrl}}")),
        timelineEventIDPrefix: "acmelive",
        marketingEventOrganizer: "Acme Live",
        recordingCall: .init(titleTemplate: "Acme Live recording: {{topic}}", bodyTemplate: "Recording {{topic}} ({{webinarId}}): {{url}}"))

    /// The profile's property names.
    static let names = profile.contactProperties

    static let account = SourceAccount(
        connectorType: "acmelive", accountKey: "acct-1", businessUnitID: 7,
        hostPolicies: [HostPolicy(email: "host@acme.example", syncNewWebinarsByDefault: true, syncRecordings: true)],
        profile: profile)

    static func webinar(id: String = "81234567890", host: String = "host@acme.example", support: Webinar.Support = .supported)
        -> Webinar
    {
        Webinar(
            id: id, topic: "Launch", hostID: "h1", hostEmail: host, startTime: t0, durationMinutes: 60,
            joinURL: "https://zoom.example/j/\(id)", registrationURL: "https://zoom.example/webinar/register/\(id)",
            registrationRequired: true, support: support)
    }

    static func registration(_ email: String, first: String = "Ada", last: String = "Lovelace", at offset: TimeInterval = -3600)
        -> Registration
    {
        Registration(
            webinarID: "81234567890", registrantID: "r-\(email)", email: email, firstName: first, lastName: last,
            registeredAt: t0 + offset)
    }

    static func attendance(_ email: String, seconds: Int, percent: Double, instance: String = "inst-1") -> Attendance {
        Attendance(
            webinarID: "81234567890", instanceUUID: instance, email: email, name: "Ada Lovelace",
            sessions: [AttendanceSession(joinedAt: t0, leftAt: t0 + TimeInterval(seconds), durationSeconds: seconds)],
            totalSeconds: seconds, percentOfWebinar: percent)
    }

    static func input(
        _ snapshot: WebinarSnapshot,
        mode: PlanningInput.Mode = .full,
        settings: SyncSettings = settings,
        directory: PortalDirectory = PortalDirectory(userEmails: [], secondaryEmails: []),
        states: [String: ContactState] = [:],
        previouslySynced: Set<String> = [],
        facts: [ParticipationFact] = []
    ) -> PlanningInput {
        PlanningInput(
            tenantID: "acme", snapshot: snapshot, mode: mode, settings: settings, exclusions: exclusions, account: account,
            directory: directory, contactStates: states, previouslySynced: previouslySynced, existingFacts: facts,
            writeBusinessUnits: true)
    }
}
