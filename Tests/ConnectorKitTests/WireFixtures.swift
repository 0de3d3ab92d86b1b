import ConnectorKit
import Foundation

/// Sample protocol values covering every shape: a descriptor with every config kind, a full
/// snapshot and one event of every type.
enum WireFixtures {
    static let date = Date(timeIntervalSince1970: 1_796_551_200)  // 2026-12-06T10:00:00Z
    static let later = Date(timeIntervalSince1970: 1_796_554_800.25)

    static let profile = HubSpotProfile(
        sourceName: "Fake",
        propertyGroup: .init(name: "switchyard_fake_webinars", label: "Fake webinars (Switchyard)"),
        contactProperties: .init(
            averageAttendance: .init(name: "fake_average_attendance", label: "Average", description: "Average attendance."),
            lastRegisteredWebinar: .init(name: "fake_last_registered", label: "Last", description: "Last registered."),
            totalRegistrations: .init(name: "fake_total_registrations", label: "Registrations", description: "Total."),
            totalAttended: .init(name: "fake_total_attended", label: "Attended", description: "Total attended.")),
        timelineTemplates: .init(
            registration: .init(
                name: "Fake: Registration", headerTemplate: "Registered for {{webinarName}}", detailTemplate: "ID {{webinarId}}"),
            attendance: .init(
                name: "Fake: Attendance", headerTemplate: "Attended {{webinarName}}", detailTemplate: "{{durationMinutes}} min"),
            recording: .init(name: "Fake: Recording", headerTemplate: "Recording of {{topic}}", detailTemplate: "{{recordingUrl}}")),
        timelineEventIDPrefix: "fake",
        marketingEventOrganizer: "Fake",
        recordingCall: .init(titleTemplate: "Recording: {{topic}}", bodyTemplate: "{{url}}"),
        workflowActions: [
            .init(
                action: "register_contact", urlSegment: "register", actionName: "Add contact to fake webinar",
                actionDescription: "Registers the contact.", actionCardContent: "Register for {{webinar_id}}",
                webinarIDDescription: "The webinar id.", registrantIDLabel: "Fake registrant ID")
        ])

    static let spec = ConfigSpec([
        ConfigField("account_id", .identifier, .required, doc: "The account.", example: "acme"),
        ConfigField("name", .string, .optional(default: .string("Fake")), doc: "A name."),
        ConfigField("retries", .integer(0...5), .optional(default: .integer(3)), doc: "Retries."),
        ConfigField("floor", .integer(1...Int.max), .optional(default: nil), doc: "At least one."),
        ConfigField("any_number", .integer(nil), .optional(default: nil), doc: "Any number."),
        ConfigField("enabled", .boolean, .optional(default: .boolean(true)), doc: "On or off."),
        ConfigField("owner", .email, .optional(default: nil), doc: "An email."),
        ConfigField("domain", .domain, .optional(default: nil), doc: "A domain."),
        ConfigField("api_base", .url(keywords: ["sandbox"]), .optional(default: .string("sandbox")), doc: "API base."),
        ConfigField("token", .secret, .required, doc: "The token.", example: "${env:FAKE_TOKEN}"),
        ConfigField("mode", .enumeration(["fast", "slow"]), .optional(default: .string("fast")), doc: "Mode."),
        ConfigField("hosts", .choiceOrList(["all", "none"], .email), .optional(default: .string("all")), doc: "Hosts."),
        ConfigField("tags", .list(.string), .optional(default: .list([])), doc: "Tags."),
        ConfigField(
            "users",
            .list(
                .object(
                    ConfigSpec([
                        ConfigField("email", .email, .required, doc: "The user."),
                        ConfigField("key", .secret, .optional(default: nil), doc: "Per-user key."),
                        ConfigField(
                            "webinars", .dictionary(keyRule: .digits("webinar ids"), .boolean), .optional(default: nil), doc: "Overrides."),
                    ]))), .optional(default: nil), doc: "Users."),
        ConfigField("labels", .dictionary(keyRule: .anyKey, .string), .optional(default: nil), doc: "Labels."),
    ])

    static let descriptor = ConnectorDescriptor(
        typeName: "fake", displayName: "Fake webinars", version: "1.2.3", summary: "A fake source for tests.",
        configSpec: spec, capabilities: Set(ConnectorCapability.allCases),
        actions: [
            ActionDescriptor(
                name: "register_contact", summary: "Registers a contact.",
                inputs: [
                    .init(name: "webinar_id", label: "Webinar", doc: "The webinar."),
                    .init(name: "email", label: "Email", doc: "The email."),
                    .init(name: "first_name", label: "First name", doc: "Given name.", required: false),
                ],
                outputs: [.init(name: "registrant_id", label: "Registrant", doc: "The id.")])
        ],
        routingKeyField: "account_id", webhookRoutingKeyPaths: ["payload.account_id", "value.0.tenantId"],
        hubSpotProfile: profile)

    static let webinar = Webinar(
        id: "81234567890", topic: "Launch", hostID: "h1", hostEmail: "host@example.com", startTime: date,
        durationMinutes: 60, timezone: "UTC", joinURL: "https://example.com/j/1", registrationURL: "https://example.com/r/1",
        registrationRequired: true, createdAt: date)

    static let recording = Recording(
        webinarID: "81234567890", instanceUUID: "u1", state: .completed, topic: "Launch", startTime: date,
        durationMinutes: 58, shareURL: "https://example.com/rec/1",
        files: [
            .init(
                id: "f1", fileType: "MP4", recordingType: "shared_screen", downloadURL: "https://example.com/d/1",
                playURL: "https://example.com/p/1", sizeBytes: 1024),
            .init(id: "f2", fileType: "TRANSCRIPT"),
        ])

    static let snapshot = WebinarSnapshot(
        webinar: webinar,
        instances: [WebinarInstance(uuid: "u1", startTime: date, endTime: later, durationSeconds: 3600)],
        registrations: [
            Registration(
                webinarID: "81234567890", registrantID: "r1", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace",
                status: .approved, registeredAt: date, joinURL: "https://example.com/j/1?tk=a"),
            Registration(webinarID: "81234567890", email: "bob@example.com", status: .pending),
        ],
        cancellations: [Cancellation(webinarID: "81234567890", registrantID: "r9", email: "cy@example.com", cancelledAt: later)],
        attendance: [
            Attendance(
                webinarID: "81234567890", instanceUUID: "u1", email: "ada@example.com", name: "Ada", registrantID: "r1",
                sessions: [AttendanceSession(joinedAt: date, leftAt: later, durationSeconds: 3600)], totalSeconds: 3600,
                percentOfWebinar: 99.5, emailSource: .registrant)
        ],
        unmatchedParticipants: [UnmatchedParticipant(name: "Guest", reason: "no email")],
        recording: recording,
        transcript: Transcript(webinarID: "81234567890", instanceUUID: "u1", webVTT: "WEBVTT\n\n00:00.000 --> 00:01.000\nHello"),
        problems: ["the participant report is not available yet"],
        takenAt: later)

    /// ``snapshot`` with `count` extra registrations and as many attendance records.
    static func largeSnapshot(count: Int) -> WebinarSnapshot {
        var large = snapshot
        for number in 0..<count {
            large.registrations.append(
                Registration(webinarID: "81234567890", registrantID: "x\(number)", email: "p\(number)@example.com", status: .approved))
            var attended = snapshot.attendance[0]
            attended.email = "p\(number)@example.com"
            large.attendance.append(attended)
        }
        return large
    }

    static let events: [SourceEvent] = [
        .webinarChanged(Webinar(id: "2", topic: "Z", hostID: "h", support: .unsupported(reason: "Zoom Events"))),
        .webinarTouched(webinarID: "2"),
        .webinarDeleted(webinarID: "2"),
        .webinarStarted(webinarID: "2", instanceUUID: "u2"),
        .webinarEnded(webinarID: "2", instanceUUID: nil),
        .registered(snapshot.registrations[0]),
        .cancelled(snapshot.cancellations[0]),
        .participantActivity(webinarID: "2", instanceUUID: "u2", email: "ada@example.com", joined: false, at: later),
        .recordingCompleted(recording),
        .transcriptCompleted(webinarID: "2", instanceUUID: "u2"),
        .ignored(eventType: "meeting.created"),
    ]

    /// A validated config for ``spec`` with a secret.
    static let config = ConfigObject(
        values: [
            "account_id": .string("acme"), "name": .string("Fake"), "retries": .integer(3), "enabled": .boolean(true),
            "api_base": .string("sandbox"), "token": .secret(Secret(value: "s3cr3t-token", reference: "${env:FAKE_TOKEN}")),
            "mode": .string("fast"), "hosts": .list([.string("host@example.com")]), "tags": .list([]),
            "users": .list([
                .object(
                    ConfigObject(
                        values: [
                            "email": .string("host@example.com"), "key": .secret(Secret(value: "user-key", reference: "${env:K}")),
                            "webinars": .object(
                                ConfigObject(values: ["123": .boolean(false)], location: .init(file: "t", line: 1, column: 1))),
                        ], location: .init(file: "t", line: 1, column: 1)))
            ]),
        ], location: .init(file: "t.yaml", line: 1, column: 1))

    /// `value` encoded with the wire encoder, then decoded as a JSON object tree.
    static func json(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: ConnectorWire.encode(value), options: [.fragmentsAllowed])
    }
}
