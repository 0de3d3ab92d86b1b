import SwitchyardJSON
import Foundation

/// A CRM object (contact or call) as the simulated portal stores it.
public struct HubSpotObject: Sendable, Codable, Equatable {
    /// The object id (`hs_object_id`), a numeric string.
    public var id: String
    /// Property values by internal name. Multi-value properties are joined with `;`.
    public var properties: [String: String]
    /// When the object was created.
    public var createdAt: Date
    /// When the object was last changed.
    public var updatedAt: Date
    /// When the object was archived (deleted); `nil` while it is active.
    public var archivedAt: Date?
    /// Associations by target object type (`contacts`, `calls`).
    public var associations: [String: [HubSpotAssociation]]

    /// The values of a `;`-separated multi-value property (`hs_additional_emails`, …).
    public func values(of property: String) -> [String] {
        (properties[property] ?? "").split(separator: ";").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        .filter { !$0.isEmpty }
    }

    /// The primary email (`email` property), lowercased.
    public var email: String? { properties["email"]?.lowercased() }

    /// Secondary emails (`hs_additional_emails`), lowercased.
    public var additionalEmails: [String] {
        values(of: "hs_additional_emails").map { $0.lowercased() }
    }
}

/// One association from an object to another.
public struct HubSpotAssociation: Sendable, Codable, Hashable {
    /// The id of the associated object.
    public var toObjectID: String
    /// `HUBSPOT_DEFINED`, `USER_DEFINED`, ….
    public var category: String
    /// The association type id (194: call to contact, 193: contact to call).
    public var typeID: Int
}

/// An option of an enumeration property.
public struct HubSpotPropertyOption: Sendable, Codable, Hashable {
    public var label: String
    public var value: String
    public var description: String?
    public var displayOrder: Int?
    public var hidden: Bool
}

/// A property definition (the spec's `Property`).
public struct HubSpotPropertyDefinition: Sendable, Codable, Equatable {
    public var name: String
    public var label: String
    /// `string`, `number`, `date`, `datetime`, `enumeration`, `bool`, `phone_number`.
    public var type: String
    /// `text`, `textarea`, `number`, `checkbox`, `select`, `radio`, `booleancheckbox`, `date`, ….
    public var fieldType: String
    public var groupName: String
    public var description: String
    public var options: [HubSpotPropertyOption]
    public var displayOrder: Int
    public var hasUniqueValue: Bool
    public var hidden: Bool
    public var formField: Bool
    /// True for HubSpot's own properties, false for ones created through the API.
    public var hubspotDefined: Bool
    /// True when API writes are refused (`READ_ONLY_VALUE`).
    public var readOnlyValue: Bool
    public var createdAt: Date
    public var updatedAt: Date
}

/// A property group (the spec's `PropertyGroup`).
public struct HubSpotPropertyGroup: Sendable, Codable, Equatable {
    public var name: String
    public var label: String
    public var displayOrder: Int
    public var archived: Bool
}

/// A contact's state in a marketing event.
public enum HubSpotAttendanceState: String, Sendable, Codable {
    case registered = "REGISTERED"
    case attended = "ATTENDED"
    case cancelled = "CANCELLED"
}

/// One attendance call recorded for a contact (`register`, `attend` or `cancel`).
public struct HubSpotParticipationInteraction: Sendable, Codable, Equatable {
    /// The `subscriberState` path parameter.
    public var subscriberState: String
    /// `interactionDateTime` of the input (epoch milliseconds).
    public var interactionDateTime: Int64
    /// `properties` of the input (`joinedAt`, `leftAt` for `attend`).
    public var properties: [String: String]
}

/// A contact's participation in a marketing event.
public struct HubSpotParticipation: Sendable, Codable, Equatable {
    public var contactID: String
    public var email: String
    /// The state after the latest interaction.
    public var state: HubSpotAttendanceState
    /// Whether the contact ever registered / attended (counters count people, not calls).
    public var registered: Bool
    public var attended: Bool
    /// Every attendance call, oldest first.
    public var interactions: [HubSpotParticipationInteraction]
    public var createdAt: Date
}

/// A marketing event with its participations.
public struct HubSpotMarketingEvent: Sendable, Codable, Equatable {
    /// HubSpot's id of the event (`objectId`).
    public var objectID: String
    public var externalAccountID: String
    public var externalEventID: String
    public var eventName: String
    public var eventOrganizer: String
    public var eventType: String?
    public var eventURL: String?
    public var eventDescription: String?
    public var startDateTime: Date?
    public var endDateTime: Date?
    public var eventCancelled: Bool
    public var eventCompleted: Bool
    /// `customProperties` as sent.
    public var customProperties: [JSONValue]
    public var createdAt: Date
    public var updatedAt: Date
    /// Participations, in order of first interaction.
    public var participations: [HubSpotParticipation]
}

/// A token of a timeline event template.
public struct HubSpotTimelineToken: Sendable, Codable, Equatable {
    public var name: String
    public var label: String
    /// `string`, `number`, `date` or `enumeration`.
    public var type: String
    public var options: [HubSpotPropertyOption]
    /// The CRM property this token's value is written to, if any.
    public var objectPropertyName: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// A timeline event template of an app.
public struct HubSpotTimelineTemplate: Sendable, Codable, Equatable {
    public var id: String
    public var appID: Int
    public var name: String
    public var objectType: String
    public var headerTemplate: String?
    public var detailTemplate: String?
    public var tokens: [HubSpotTimelineToken]
    public var createdAt: Date
    public var updatedAt: Date
}

/// A timeline event on a CRM object.
public struct HubSpotTimelineEvent: Sendable, Codable, Equatable {
    /// The event id chosen by the integrator (unique per template).
    public var id: String
    public var eventTemplateID: String
    public var objectType: String
    public var objectID: String
    public var email: String?
    public var tokens: [String: String]
    public var extraData: JSONValue?
    public var timelineIFrame: JSONValue?
    public var timestamp: Date
    public var createdAt: Date
}

/// A workflow-action definition of an app (stored as sent, plus its ids).
public struct HubSpotActionDefinition: Sendable, Codable, Equatable {
    public var id: String
    public var appID: Int
    public var revisionID: String
    /// The definition body (`actionUrl`, `inputFields`, `labels`, …).
    public var body: JSONValue
    public var archivedAt: Date?
}

/// A workflow-action execution the simulator sent, waiting for its callback completion.
public struct HubSpotPendingCallback: Sendable, Codable, Equatable {
    public var callbackID: String
    public var definitionID: String?
    public var objectID: String
    public var sentAt: Date
}

/// A completed workflow-action callback
/// (`POST /automation/v4/actions/callbacks/{callbackId}/complete`).
public struct HubSpotCallbackCompletion: Sendable, Codable, Equatable {
    public var callbackID: String
    public var outputFields: [String: String]
    public var typedOutputs: JSONValue
    public var failureReasonType: String?
    public var completedAt: Date
}
