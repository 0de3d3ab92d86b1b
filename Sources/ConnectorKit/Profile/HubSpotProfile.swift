/// What a connector brings to HubSpot: the names, labels and wording under which the sync
/// engine writes its source's data into a portal.
///
/// The engine applies the same rules to every source; the profile only decides how things are
/// called. Two connectors in one tenant never share a contact property, a timeline template or
/// an action, so each source keeps its own totals (e.g. "Total Acme webinars attended").
public struct HubSpotProfile: Sendable, Codable, Hashable {
    /// The source's name in sentences, e.g. `Acme` ("No data could be fetched from the connected Acme account.").
    public var sourceName: String
    /// The property group the contact properties live in.
    public var propertyGroup: PropertyGroup
    /// The four contact properties of the seeds.
    public var contactProperties: ContactProperties
    /// The three timeline event templates.
    public var timelineTemplates: TimelineTemplates
    /// Prefix of the ids of the timeline events written for this source, e.g. `acme`
    /// (`acme-registration-<webinar>-<email>`). Timeline events are idempotent by id, so it must
    /// never change once a portal has events.
    public var timelineEventIDPrefix: String
    /// The marketing events' organizer when a webinar has no host email, e.g. `Acme`.
    public var marketingEventOrganizer: String
    /// How a recording's call record is titled and described.
    public var recordingCall: RecordingCall
    /// The HubSpot workflow actions the connector offers, each backed by one of its declared actions.
    public var workflowActions: [WorkflowAction]

    /// Creates a profile.
    public init(
        sourceName: String,
        propertyGroup: PropertyGroup,
        contactProperties: ContactProperties,
        timelineTemplates: TimelineTemplates,
        timelineEventIDPrefix: String,
        marketingEventOrganizer: String,
        recordingCall: RecordingCall,
        workflowActions: [WorkflowAction] = []
    ) {
        self.sourceName = sourceName
        self.propertyGroup = propertyGroup
        self.contactProperties = contactProperties
        self.timelineTemplates = timelineTemplates
        self.timelineEventIDPrefix = timelineEventIDPrefix
        self.marketingEventOrganizer = marketingEventOrganizer
        self.recordingCall = recordingCall
        self.workflowActions = workflowActions
    }

    /// A HubSpot contact property group.
    public struct PropertyGroup: Sendable, Codable, Hashable {
        /// Internal name, e.g. `switchyard_acme_webinars`.
        public var name: String
        /// Label, e.g. "Acme webinars (Switchyard)".
        public var label: String

        /// Creates a group.
        public init(name: String, label: String) {
            self.name = name
            self.label = label
        }
    }

    /// One contact property: its internal name, label and description. Its type follows from its role.
    public struct Property: Sendable, Codable, Hashable {
        /// Internal name, e.g. `acme_total_webinars_attended`. Never change it once a portal has data.
        public var name: String
        /// Label.
        public var label: String
        /// Description shown in HubSpot.
        public var description: String

        /// Creates a property.
        public init(name: String, label: String, description: String) {
            self.name = name
            self.label = label
            self.description = description
        }
    }

    /// The four contact properties of the seeds, by role.
    public struct ContactProperties: Sendable, Codable, Hashable {
        /// Average attendance duration, in percent of each webinar (a number, 0–100).
        public var averageAttendance: Property
        /// URL of the webinar the contact most recently registered for (text).
        public var lastRegisteredWebinar: Property
        /// Total webinar registrations (a number).
        public var totalRegistrations: Property
        /// Total webinars attended (a number).
        public var totalAttended: Property

        /// Creates the set.
        public init(averageAttendance: Property, lastRegisteredWebinar: Property, totalRegistrations: Property, totalAttended: Property) {
            self.averageAttendance = averageAttendance
            self.lastRegisteredWebinar = lastRegisteredWebinar
            self.totalRegistrations = totalRegistrations
            self.totalAttended = totalAttended
        }

        /// The four, in a stable order.
        public var all: [Property] { [averageAttendance, lastRegisteredWebinar, totalRegistrations, totalAttended] }
    }

    /// A timeline event template's wording. Its tokens are the engine's (see the protocol document).
    public struct TimelineTemplate: Sendable, Codable, Hashable {
        /// Template name, e.g. "Acme: Webinar Registration Event".
        public var name: String
        /// Header, a Handlebars template over the tokens, e.g. "Registered for Acme webinar {{webinarName}}".
        public var headerTemplate: String
        /// Detail, a Handlebars template over the tokens.
        public var detailTemplate: String

        /// Creates a template.
        public init(name: String, headerTemplate: String, detailTemplate: String) {
            self.name = name
            self.headerTemplate = headerTemplate
            self.detailTemplate = detailTemplate
        }
    }

    /// The three timeline templates of the seeds.
    public struct TimelineTemplates: Sendable, Codable, Hashable {
        /// Registration (tokens `webinarId`, `webinarName`, `webinarDate`).
        public var registration: TimelineTemplate
        /// Attendance (adds `joinedAt`, `leftAt`, `durationMinutes`, `attendancePercent`).
        public var attendance: TimelineTemplate
        /// Recording available (`topic`, `startTime`, `recordingUrl`).
        public var recording: TimelineTemplate

        /// Creates the set.
        public init(registration: TimelineTemplate, attendance: TimelineTemplate, recording: TimelineTemplate) {
            self.registration = registration
            self.attendance = attendance
            self.recording = recording
        }
    }

    /// The call record that carries a recording: `{{topic}}`, `{{webinarId}}` and `{{url}}` are replaced.
    public struct RecordingCall: Sendable, Codable, Hashable {
        /// Call title, e.g. "Acme webinar recording: {{topic}}".
        public var titleTemplate: String
        /// First line of the call body, e.g. `Recording of the Acme webinar "{{topic}}" ({{webinarId}}): {{url}}`.
        public var bodyTemplate: String

        /// Creates the wording.
        public init(titleTemplate: String, bodyTemplate: String) {
            self.titleTemplate = titleTemplate
            self.bodyTemplate = bodyTemplate
        }

        /// `template` with `{{name}}` replaced by `values[name]`.
        public static func render(_ template: String, _ values: [String: String]) -> String {
            values.reduce(template) { text, pair in text.replacingOccurrences(of: "{{\(pair.key)}}", with: pair.value) }
        }
    }

    /// A HubSpot custom workflow action backed by one of the connector's declared actions.
    ///
    /// The host serves it at `POST /actions/{connector type}/{urlSegment}` and installs its
    /// definition in each tenant's HubSpot app. The input field `webinar_id` and the outputs
    /// `registrant_id`, `join_url` and `result_message` are the host's; labels are the connector's.
    public struct WorkflowAction: Sendable, Codable, Hashable {
        /// The connector action it calls (a name in ``ConnectorDescriptor/actions``), e.g. `register_contact`.
        public var action: String
        /// The last segment of its URL, e.g. `register` (`/actions/acme/register`).
        public var urlSegment: String
        /// Its name in HubSpot's workflow editor, e.g. "Add contact to Acme webinar" (how an installed definition is found).
        public var actionName: String
        /// Its description in the editor.
        public var actionDescription: String
        /// The card text, may use `{{webinar_id}}`.
        public var actionCardContent: String
        /// Description of the webinar id input.
        public var webinarIDDescription: String
        /// Label of the registrant id output, e.g. "Acme registrant ID".
        public var registrantIDLabel: String

        /// Creates an action profile.
        public init(
            action: String, urlSegment: String, actionName: String, actionDescription: String, actionCardContent: String,
            webinarIDDescription: String, registrantIDLabel: String
        ) {
            self.action = action
            self.urlSegment = urlSegment
            self.actionName = actionName
            self.actionDescription = actionDescription
            self.actionCardContent = actionCardContent
            self.webinarIDDescription = webinarIDDescription
            self.registrantIDLabel = registrantIDLabel
        }
    }
}
