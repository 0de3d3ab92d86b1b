import ConnectorKit

/// What the Microsoft Teams connector is called in HubSpot. Property names, template names and
/// timeline-event ids must never change once portals hold data under them.
enum TeamsHubSpotProfile {
    /// The profile.
    static let profile = HubSpotProfile(
        sourceName: "Microsoft Teams",
        propertyGroup: .init(name: "switchyard_teams_webinars", label: "Microsoft Teams"),
        contactProperties: .init(
            averageAttendance: .init(
                name: "teams_average_webinar_attendance_percent",
                label: "Average Microsoft Teams webinar attendance duration",
                description:
                    "The average percentage of each Microsoft Teams webinar the contact attended (100 = stayed for the whole of every webinar)."
            ),
            lastRegisteredWebinar: .init(
                name: "teams_last_registered_webinar", label: "Last registered Microsoft Teams webinar",
                description: "The URL of the Microsoft Teams webinar the contact most recently registered for."),
            totalRegistrations: .init(
                name: "teams_total_webinar_registrations", label: "Total Microsoft Teams webinar registrations",
                description: "The total number of Microsoft Teams webinars the contact registered for."),
            totalAttended: .init(
                name: "teams_total_webinars_attended", label: "Total Microsoft Teams webinars attended",
                description: "The total number of Microsoft Teams webinars the contact attended.")
        ),
        timelineTemplates: .init(
            registration: .init(
                name: "Microsoft Teams: Webinar Registration Event",
                headerTemplate: "Registered for Microsoft Teams webinar {{webinarName}}",
                detailTemplate: "Webinar ID: {{webinarId}}\nWebinar date: {{webinarDate}}"),
            attendance: .init(
                name: "Microsoft Teams: Webinar Attendance Event",
                headerTemplate: "Attended Microsoft Teams webinar {{webinarName}}",
                detailTemplate:
                    "Webinar date: {{webinarDate}}\nJoined: {{joinedAt}}\nLeft: {{leftAt}}\n"
                    + "Attended {{durationMinutes}} minutes ({{attendancePercent}}% of the webinar)\nWebinar ID: {{webinarId}}"),
            recording: .init(
                name: "Microsoft Teams: Recording Available Event",
                headerTemplate: "Recording available: {{topic}}",
                detailTemplate: "Started: {{startTime}}\nRecording: {{recordingUrl}}")
        ),
        timelineEventIDPrefix: "teams",
        marketingEventOrganizer: "Microsoft Teams",
        recordingCall: .init(
            titleTemplate: "Microsoft Teams webinar recording: {{topic}}",
            bodyTemplate: "Recording of the Microsoft Teams webinar \"{{topic}}\" ({{webinarId}}): {{url}}"),
        workflowActions: [
            .init(
                action: "register_contact", urlSegment: "register", actionName: "Add contact to Teams webinar",
                actionDescription:
                    "Registers the enrolled contact (first name, last name, email) for a Microsoft Teams webinar of the Entra tenant connected to the primary business unit.",
                actionCardContent: "Register the contact for Teams webinar {{webinar_id}}",
                webinarIDDescription:
                    "The Teams webinar's id as Microsoft Graph shows it (e.g. f4b39f1c-…@a1a56d21-…), or a contact property that holds it.",
                registrantIDLabel: "Teams registration ID")
        ]
    )
}
