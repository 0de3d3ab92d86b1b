/// A property to create (`PropertyCreate`: `name`, `label`, `type`, `fieldType` and
/// `groupName` are required).
public struct PropertyDefinition: Codable, Sendable, Equatable {
    /// The internal name, e.g. `zoom_webinar_registrations_total`.
    public var name: String
    /// The label shown in HubSpot.
    public var label: String
    /// `string`, `number`, `date`, `datetime`, `enumeration`, `bool`, `phone_number`.
    public var type: String
    /// `text`, `textarea`, `number`, `date`, `select`, `checkbox`, `booleancheckbox`, …
    public var fieldType: String
    /// The property group it belongs to.
    public var groupName: String
    /// A description shown in HubSpot.
    public var description: String?
    /// For `number`: `formatted`, `unformatted`, `percentage`, `duration`, …
    public var numberDisplayHint: String?
    /// Whether the property may appear on forms.
    public var formField: Bool?

    /// - Parameters:
    ///   - name: internal name.
    ///   - label: label.
    ///   - type: data type.
    ///   - fieldType: field type.
    ///   - groupName: group.
    ///   - description: description.
    ///   - numberDisplayHint: number display hint.
    ///   - formField: whether usable on forms.
    public init(
        name: String, label: String, type: String, fieldType: String, groupName: String,
        description: String? = nil, numberDisplayHint: String? = nil, formField: Bool? = nil
    ) {
        self.name = name
        self.label = label
        self.type = type
        self.fieldType = fieldType
        self.groupName = groupName
        self.description = description
        self.numberDisplayHint = numberDisplayHint
        self.formField = formField
    }
}

/// A property as HubSpot returns it (the fields the project needs).
public struct PropertySummary: Decodable, Sendable, Equatable {
    /// The internal name.
    public var name: String
    /// The label.
    public var label: String
    /// The data type.
    public var type: String
    /// The field type.
    public var fieldType: String
    /// The group.
    public var groupName: String
}

/// A property group (`PropertyGroupCreate`: `name` and `label` are required).
public struct PropertyGroupDefinition: Codable, Sendable, Equatable {
    /// The internal name, e.g. `zoom_webinar_information`.
    public var name: String
    /// The label.
    public var label: String
    /// The position among groups (`-1` = after HubSpot's own).
    public var displayOrder: Int?

    /// - Parameters:
    ///   - name: internal name.
    ///   - label: label.
    ///   - displayOrder: position, optional.
    public init(name: String, label: String, displayOrder: Int? = nil) {
        self.name = name
        self.label = label
        self.displayOrder = displayOrder
    }
}

/// What ``HubSpotPropertiesAPI/ensure(group:properties:objectType:)`` did.
public struct PropertyEnsureReport: Sendable, Equatable {
    /// Whether the group was created now (`false`: it existed).
    public var groupCreated: Bool
    /// Properties created now.
    public var created: [String]
    /// Properties that already existed.
    public var existing: [String]

    /// - Parameters:
    ///   - groupCreated: whether the group was created now.
    ///   - created: properties created now.
    ///   - existing: properties that already existed.
    public init(groupCreated: Bool, created: [String], existing: [String]) {
        self.groupCreated = groupCreated
        self.created = created
        self.existing = existing
    }
}
