import Foundation

/// A marketing event to create or upsert (`MarketingEventCreateRequestParams`; the spec
/// requires `externalAccountId`, `externalEventId`, `eventName`, `eventOrganizer` and
/// `customProperties` — sent empty when unused).
public struct MarketingEventInput: Encodable, Sendable, Equatable {
    /// The id of the external account (e.g. the Zoom account id).
    public var externalAccountId: String
    /// The id of the event in the external application (e.g. the webinar id).
    public var externalEventId: String
    /// The event's name (webinar topic).
    public var eventName: String
    /// Who organises it.
    public var eventOrganizer: String
    /// When it starts.
    public var startDateTime: Date?
    /// When it ends.
    public var endDateTime: Date?
    /// Where to join or read about it.
    public var eventUrl: String?
    /// The kind of event, e.g. `WEBINAR`.
    public var eventType: String?
    /// A description.
    public var eventDescription: String?
    /// Whether it was cancelled.
    public var eventCancelled: Bool?
    /// Whether it is over.
    public var eventCompleted: Bool?
    /// Custom property values (always sent; empty by default).
    public var customProperties: [MarketingEventCustomProperty]

    /// - Parameters: see the properties.
    public init(
        externalAccountId: String, externalEventId: String, eventName: String, eventOrganizer: String,
        startDateTime: Date? = nil, endDateTime: Date? = nil, eventUrl: String? = nil,
        eventType: String? = nil,
        eventDescription: String? = nil, eventCancelled: Bool? = nil, eventCompleted: Bool? = nil,
        customProperties: [MarketingEventCustomProperty] = []
    ) {
        self.externalAccountId = externalAccountId
        self.externalEventId = externalEventId
        self.eventName = eventName
        self.eventOrganizer = eventOrganizer
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.eventUrl = eventUrl
        self.eventType = eventType
        self.eventDescription = eventDescription
        self.eventCancelled = eventCancelled
        self.eventCompleted = eventCompleted
        self.customProperties = customProperties
    }
}

/// Changes to an existing marketing event (`MarketingEventUpdateRequestParams`;
/// `customProperties` is required and always sent).
public struct MarketingEventUpdate: Encodable, Sendable, Equatable {
    /// New name.
    public var eventName: String?
    /// New organiser.
    public var eventOrganizer: String?
    /// New start.
    public var startDateTime: Date?
    /// New end.
    public var endDateTime: Date?
    /// New URL.
    public var eventUrl: String?
    /// New type.
    public var eventType: String?
    /// New description.
    public var eventDescription: String?
    /// Custom property values (always sent; empty by default).
    public var customProperties: [MarketingEventCustomProperty]

    /// - Parameters: see the properties.
    public init(
        eventName: String? = nil, eventOrganizer: String? = nil, startDateTime: Date? = nil,
        endDateTime: Date? = nil,
        eventUrl: String? = nil, eventType: String? = nil, eventDescription: String? = nil,
        customProperties: [MarketingEventCustomProperty] = []
    ) {
        self.eventName = eventName
        self.eventOrganizer = eventOrganizer
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.eventUrl = eventUrl
        self.eventType = eventType
        self.eventDescription = eventDescription
        self.customProperties = customProperties
    }
}

/// A custom property value of a marketing event. Encoded as the spec's `PropertyValue`,
/// which requires twenty fields; the ones without meaning here are sent neutral.
public struct MarketingEventCustomProperty: Encodable, Sendable, Equatable {
    /// The property name.
    public var name: String
    /// The value.
    public var value: String
    /// When the value was set.
    public var timestamp: Date

    /// - Parameters:
    ///   - name: the property name.
    ///   - value: the value.
    ///   - timestamp: when the value was set.
    public init(name: String, value: String, timestamp: Date) {
        self.name = name
        self.value = value
        self.timestamp = timestamp
    }

    /// Encodes every field `PropertyValue` requires.
    public func encode(to encoder: any Encoder) throws {
        let millis = HubSpotJSON.millis(timestamp)
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(name, forKey: "name")
        try c.encode(value, forKey: "value")
        try c.encode(millis, forKey: "timestamp")
        try c.encode(millis, forKey: "persistenceTimestamp")
        try c.encode(true, forKey: "useTimestampAsPersistenceTimestamp")
        try c.encode("API", forKey: "source")
        for key in [
            "sourceId", "sourceLabel", "sourceMetadata", "sourceUpstreamDeployable", "requestId", "unit",
        ] {
            try c.encode("", forKey: AnyKey(stringValue: key))
        }
        try c.encode([Int64](), forKey: "sourceVid")
        try c.encode("none", forKey: "dataSensitivity")
        try c.encode(false, forKey: "isEncrypted")
        try c.encode(false, forKey: "isLargeValue")
        try c.encode(false, forKey: "selectedByUser")
        try c.encode(Int64(0), forKey: "selectedByUserTimestamp")
        try c.encode(0, forKey: "updatedByUserId")
        try c.encode([String: String](), forKey: "maskedSubstrings")
    }
}

/// A string-literal coding key.
struct AnyKey: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { self.stringValue = value }
}

/// A marketing event as HubSpot returns it (the fields the project needs).
public struct MarketingEvent: Decodable, Sendable, Equatable {
    /// HubSpot's id of the event (`id` or `objectId`).
    public var id: String?
    /// The external event id (present on reads).
    public var externalEventId: String?
    /// The name.
    public var eventName: String
    /// The organiser.
    public var eventOrganizer: String
    /// The start.
    public var startDateTime: Date?
    /// The end.
    public var endDateTime: Date?
    /// The URL.
    public var eventUrl: String?
    /// Whether it was cancelled.
    public var eventCancelled: Bool?
    /// Whether it is over.
    public var eventCompleted: Bool?
    /// Registrant count (reads only).
    public var registrants: Int?
    /// Attendee count (reads only).
    public var attendees: Int?
    /// Cancellation count (reads only).
    public var cancellations: Int?
    /// No-show count (reads only).
    public var noShows: Int?

    enum CodingKeys: String, CodingKey {
        case id, objectId, externalEventId, eventName, eventOrganizer, startDateTime, endDateTime,
            eventUrl
        case eventCancelled, eventCompleted, registrants, attendees, cancellations, noShows
    }

    /// Decodes `id`, falling back to `objectId`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id =
            try c.decodeIfPresent(String.self, forKey: .id)
            ?? c.decodeIfPresent(String.self, forKey: .objectId)
        externalEventId = try c.decodeIfPresent(String.self, forKey: .externalEventId)
        eventName = try c.decode(String.self, forKey: .eventName)
        eventOrganizer = try c.decode(String.self, forKey: .eventOrganizer)
        startDateTime = try c.decodeIfPresent(Date.self, forKey: .startDateTime)
        endDateTime = try c.decodeIfPresent(Date.self, forKey: .endDateTime)
        eventUrl = try c.decodeIfPresent(String.self, forKey: .eventUrl)
        eventCancelled = try c.decodeIfPresent(Bool.self, forKey: .eventCancelled)
        eventCompleted = try c.decodeIfPresent(Bool.self, forKey: .eventCompleted)
        registrants = try c.decodeIfPresent(Int.self, forKey: .registrants)
        attendees = try c.decodeIfPresent(Int.self, forKey: .attendees)
        cancellations = try c.decodeIfPresent(Int.self, forKey: .cancellations)
        noShows = try c.decodeIfPresent(Int.self, forKey: .noShows)
    }
}

/// A contact's participation state in a marketing event (path parameter `subscriberState`).
public enum MarketingEventSubscriberState: String, Sendable, CaseIterable {
    /// Registered.
    case register
    /// Attended (may carry `joinedAt` / `leftAt`).
    case attend
    /// Cancelled the registration.
    case cancel
}

/// One participation to record by email (`MarketingEventEmailSubscriber`; `email`,
/// `interactionDateTime`, `properties` and `contactProperties` are all required).
///
/// HubSpot creates a contact when none has this email: never send excluded, deleted or
/// secondary-email people here.
public struct MarketingEventSubscriber: Sendable, Equatable {
    /// The contact's primary email.
    public var email: String
    /// When the registration, attendance or cancellation happened.
    public var interactionDateTime: Date
    /// When the contact joined (only sent for ``MarketingEventSubscriberState/attend``).
    public var joinedAt: Date?
    /// When the contact left (only sent for ``MarketingEventSubscriberState/attend``).
    public var leftAt: Date?
    /// Properties for a contact HubSpot creates (ignored for existing contacts).
    public var contactProperties: [String: String]

    /// - Parameters: see the properties.
    public init(
        email: String, interactionDateTime: Date, joinedAt: Date? = nil, leftAt: Date? = nil,
        contactProperties: [String: String] = [:]
    ) {
        self.email = email
        self.interactionDateTime = interactionDateTime
        self.joinedAt = joinedAt
        self.leftAt = leftAt
        self.contactProperties = contactProperties
    }
}

/// The wire form of ``MarketingEventSubscriber``.
struct MarketingEventEmailSubscriberInput: Encodable, Sendable {
    var email: String
    var interactionDateTime: Int64
    var properties: [String: String]
    var contactProperties: [String: String]

    init(_ subscriber: MarketingEventSubscriber, state: MarketingEventSubscriberState) {
        email = subscriber.email
        interactionDateTime = HubSpotJSON.millis(subscriber.interactionDateTime)
        var properties: [String: String] = [:]
        if state == .attend {  // the spec allows joinedAt / leftAt for "attend" only
            if let joinedAt = subscriber.joinedAt {
                properties["joinedAt"] = HubSpotJSON.formatDate(joinedAt)
            }
            if let leftAt = subscriber.leftAt { properties["leftAt"] = HubSpotJSON.formatDate(leftAt) }
        }
        self.properties = properties
        contactProperties = subscriber.contactProperties
    }
}

/// A recorded participation (`SubscriberEmailResponse`).
public struct MarketingEventSubscriberResult: Decodable, Sendable, Equatable {
    /// The email.
    public var email: String
    /// The contact id (`vid`).
    public var vid: Int64
}

/// Participation counters of one event (`AttendanceCounters`).
public struct MarketingEventParticipationCounters: Decodable, Sendable, Equatable {
    /// Contacts who attended.
    public var attended: Int
    /// Contacts who cancelled.
    public var cancelled: Int
    /// Registered contacts who did not attend.
    public var noShows: Int
    /// Registered contacts.
    public var registered: Int
}

/// `MarketingEventCompleteRequestParams`: both dates are required.
struct MarketingEventCompleteInput: Encodable, Sendable {
    var startDateTime: Date
    var endDateTime: Date
}
