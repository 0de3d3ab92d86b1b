import ConnectorKit

/// What the Zoom connector is called in HubSpot: the names HubSpot's own Zoom integration uses.
/// Property names, template names and timeline-event ids must never change once portals hold
/// data under them.
enum ZoomHubSpotProfile {
    /// The profile.
    static let profile = HubSpotProfile(
        sourceName: "Zoom",
        propertyGroup: .init(name: "switchyard_zoom_webinars", label: "Zoom webinars (Switchyard)"),
        contactProperties: .init(
            averageAttendance: .init(
                name: "zoom_average_webinar_attendance_percent", label: "Average Zoom webinar attendance duration",
                description:
                    "The average percentage of each Zoom webinar the contact attended (100 = stayed for the whole of every webinar)."
            ),
            lastRegisteredWebinar: .init(
                name: "zoom_last_registered_webinar", label: "Last registered Zoom webinar",
                description: "The URL of the Zoom webinar the contact most recently registered for."),
            totalRegistrations: .init(
                name: "zoom_total_webinar_registrations", label: "Total Zoom webinar registrations",
                description: "The total number of Zoom webinars the contact registered for."),
            totalAttended: .init(
                name: "zoom_total_webinars_attended", label: "Total Zoom webinars attended",
                description: "The total number of Zoom webinars the contact attended.")
        ),
        timelineTemplates: .init(
            registration: .init(
                name: "Zoom: Webinar Registration Event",
                headerTemplate: "Registered for Zoom webinar {{webinarName}}",
                detailTemplate: "Webinar ID: {{webinarId}}\nWebinar date: {{webinarDate}}"),
            attendance: .init(
                name: "Zoom: Webinar Attendance Event",
                headerTemplate: "Attended Zoom webinar {{webinarName}}",
                detailTemplate:
                    "Webinar date: {{webinarDate}}\nJoined: {{joinedAt}}\nLeft: {{leftAt}}\n"
                    + "Attended {{durationMinutes}} minutes ({{attendancePercent}}% of the webinar)\nWebinar ID: {{webinarId}}"),
            recording: .init(
                name: "Zoom: Recording Available Event",
                headerTemplate: "Recording available: {{topic}}",
                detailTemplate: "Started: {{startTime}}\nRecording: {{recordingUrl}}")
        ),
        timelineEventIDPrefix: "zoom",
        marketingEventOrganizer: "Zoom",
        recordingCall: .init(
            titleTemplate: "Zoom webinar recording: {{topic}}",
            bodyTemplate: "Recording of the Zoom webinar \"{{topic}}\" ({{webinarId}}): {{url}}"),
        workflowActions: [
            .init(
                action: "register_contact", urlSegment: "register", actionName: "Add contact to Zoom webinar",
                actionDescription:
                    "Registers the enrolled contact (first name, last name, email) for a webinar of the Zoom account connected to the primary business unit.",
                actionCardContent: "Register the contact for Zoom webinar {{webinar_id}}",
                webinarIDDescription:
                    "The Zoom webinar ID, e.g. 81234567890 (spaces and dashes are ignored), or a contact property that holds it.",
                registrantIDLabel: "Zoom registrant ID")
        ]
    )
}
