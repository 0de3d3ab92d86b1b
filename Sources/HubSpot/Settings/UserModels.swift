/// A user of the HubSpot account (a record of the CRM `users` object).
public struct HubSpotUser: Sendable, Equatable {
    /// The CRM record id of the user object.
    public var recordId: String
    /// The user id (`hs_internal_user_id`): the id the business-units API takes.
    public var userId: String?
    /// The user's email (`hs_email`).
    public var email: String?
    /// First name (`hs_given_name`).
    public var firstName: String?
    /// Last name (`hs_family_name`).
    public var lastName: String?

    /// The properties requested for each user.
    static let properties = ["hs_email", "hs_internal_user_id", "hs_given_name", "hs_family_name"]

    init(_ record: HubSpotObject) {
        recordId = record.id
        userId = record.properties["hs_internal_user_id"]
        email = record.properties["hs_email"]
        firstName = record.properties["hs_given_name"]
        lastName = record.properties["hs_family_name"]
    }

    /// Creates a user (tests and fakes).
    public init(
        recordId: String, userId: String?, email: String?, firstName: String? = nil,
        lastName: String? = nil
    ) {
        self.recordId = recordId
        self.userId = userId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
    }
}

/// A business unit (`PublicBusinessUnit`). The primary "Account" unit has id `0`.
public struct HubSpotBusinessUnit: Decodable, Sendable, Equatable {
    /// The business unit id (values of `hs_all_assigned_business_unit_ids`).
    public var id: String
    /// The name.
    public var name: String

    /// Creates a business unit (tests and fakes).
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
