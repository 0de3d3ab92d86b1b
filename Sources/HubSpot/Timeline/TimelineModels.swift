import Foundation

/// A token of a timeline event template (`TimelineEventTemplateToken`; `name`, `label`,
/// `type` and `options` are required — `options` is empty unless `type` is `enumeration`).
public struct TimelineEventTemplateToken: Codable, Sendable, Equatable {
    /// An option of an `enumeration` token.
    public struct Option: Codable, Sendable, Equatable {
        /// The option's label.
        public var label: String
        /// The option's value.
        public var value: String

        /// - Parameters:
        ///   - label: label.
        ///   - value: value.
        public init(label: String, value: String) {
            self.label = label
            self.value = value
        }
    }

    /// The token name used in templates and event `tokens`.
    public var name: String
    /// The label shown in HubSpot.
    public var label: String
    /// `string`, `number`, `date` (event values in epoch milliseconds) or `enumeration`.
    public var type: String
    /// Options of an `enumeration` token (empty otherwise).
    public var options: [Option]
    /// A contact property the token's value is also written to, if any.
    public var objectPropertyName: String?

    /// - Parameters: see the properties.
    public init(
        name: String, label: String, type: String, options: [Option] = [],
        objectPropertyName: String? = nil
    ) {
        self.name = name
        self.label = label
        self.type = type
        self.options = options
        self.objectPropertyName = objectPropertyName
    }
}

/// A timeline event template to create (`TimelineEventTemplateCreateRequest`).
public struct TimelineEventTemplateDefinition: Encodable, Sendable, Equatable {
    /// The template's name (unique per app, used to find it again).
    public var name: String
    /// The CRM object type the events attach to, `contacts`.
    public var objectType: String
    /// Markdown/Handlebars header, e.g. `Registered for {{webinarName}}`.
    public var headerTemplate: String?
    /// Markdown/Handlebars details.
    public var detailTemplate: String?
    /// The template's tokens.
    public var tokens: [TimelineEventTemplateToken]

    /// - Parameters: see the properties.
    public init(
        name: String, objectType: String = "contacts", headerTemplate: String? = nil,
        detailTemplate: String? = nil,
        tokens: [TimelineEventTemplateToken]
    ) {
        self.name = name
        self.objectType = objectType
        self.headerTemplate = headerTemplate
        self.detailTemplate = detailTemplate
        self.tokens = tokens
    }
}

/// A timeline event template as HubSpot returns it (`TimelineEventTemplate`).
public struct TimelineEventTemplate: Decodable, Sendable, Equatable {
    /// The template id (the `eventTemplateId` of events).
    public var id: String
    /// The name.
    public var name: String
    /// The object type.
    public var objectType: String
    /// The tokens.
    public var tokens: [TimelineEventTemplateToken]
}

/// A timeline event to create (`TimelineEvent`; `eventTemplateId`, `id` and `tokens` are
/// required). The `id` makes creation idempotent: HubSpot refuses a second event with the
/// same id for the same template (409).
///
/// HubSpot creates a contact for an unknown `email`: prefer ``objectId`` for known contacts.
public struct TimelineEventInput: Encodable, Sendable, Equatable {
    /// The event id, unique per template, chosen by the caller (e.g. `registration-<webinar>-<email>`).
    public var id: String
    /// The template id.
    public var eventTemplateId: String
    /// Token values by token name (dates in epoch milliseconds).
    public var tokens: [String: String]
    /// The contact id the event attaches to.
    public var objectId: String?
    /// The contact email the event attaches to (alternative to ``objectId``).
    public var email: String?
    /// When the event happened (default: now).
    public var timestamp: Date?

    /// - Parameters: see the properties.
    public init(
        id: String, eventTemplateId: String, tokens: [String: String], objectId: String? = nil,
        email: String? = nil,
        timestamp: Date? = nil
    ) {
        self.id = id
        self.eventTemplateId = eventTemplateId
        self.tokens = tokens
        self.objectId = objectId
        self.email = email
        self.timestamp = timestamp
    }
}

/// A created timeline event (`TimelineEventResponse`).
public struct TimelineEventResult: Decodable, Sendable, Equatable {
    /// The event id.
    public var id: String
    /// The template id.
    public var eventTemplateId: String
    /// The object type, e.g. `contacts`.
    public var objectType: String
    /// The record the event is attached to.
    public var objectId: String?
}

/// The outcome of creating one timeline event.
public enum TimelineEventCreation: Sendable, Equatable {
    /// HubSpot created the event.
    case created(TimelineEventResult)
    /// An event with this id already existed (409): the write was done before.
    case alreadyExisted(id: String)
}
