import Foundation

/// The properties and groups a new portal starts with (a subset of HubSpot's own).
enum DefaultProperties {
    /// The object types whose properties the simulator serves.
    static let objectTypes = ["contacts", "calls"]

    /// Default property groups per object type.
    static func groups() -> [String: [String: HubSpotPropertyGroup]] {
        [
            "contacts": [
                "contactinformation": HubSpotPropertyGroup(
                    name: "contactinformation", label: "Contact information", displayOrder: 0, archived: false
                )
            ],
            "calls": [
                "callinformation": HubSpotPropertyGroup(
                    name: "callinformation", label: "Call information", displayOrder: 0, archived: false)
            ],
        ]
    }

    /// Default properties per object type; `businessUnits` become the options of
    /// `hs_all_assigned_business_unit_ids`.
    static func properties(businessUnits: [HubSpotPortalSeed.BusinessUnit], now: Date)
        -> [String: [String: HubSpotPropertyDefinition]]
    {
        let unitOptions = businessUnits.enumerated().map { index, unit in
            option(String(unit.id), unit.name, order: index)
        }
        func make(
            _ name: String, _ label: String, _ type: String, _ fieldType: String, group: String,
            readOnly: Bool = false, unique: Bool = false, options: [HubSpotPropertyOption] = []
        ) -> HubSpotPropertyDefinition {
            HubSpotPropertyDefinition(
                name: name, label: label, type: type, fieldType: fieldType, groupName: group,
                description: "",
                options: options, displayOrder: -1, hasUniqueValue: unique, hidden: false,
                formField: !readOnly,
                hubspotDefined: true, readOnlyValue: readOnly, createdAt: now, updatedAt: now)
        }
        let contact = "contactinformation"
        let lifecycle = [
            "subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity",
            "customer",
        ]
        let contacts = [
            make("email", "Email", "string", "text", group: contact),
            make("firstname", "First Name", "string", "text", group: contact),
            make("lastname", "Last Name", "string", "text", group: contact),
            make("phone", "Phone Number", "string", "phonenumber", group: contact),
            make("company", "Company Name", "string", "text", group: contact),
            make("jobtitle", "Job Title", "string", "text", group: contact),
            make("website", "Website URL", "string", "text", group: contact),
            make(
                "hs_additional_emails", "Additional email addresses", "string", "textarea", group: contact,
                readOnly: true),
            make(
                "hs_all_assigned_business_unit_ids", "Business units", "enumeration", "checkbox",
                group: contact,
                options: unitOptions),
            make(
                "lifecyclestage", "Lifecycle Stage", "enumeration", "radio", group: contact,
                options: lifecycle.enumerated().map { option($1, $1, order: $0) }),
            make("createdate", "Create Date", "datetime", "date", group: contact, readOnly: true),
            make(
                "lastmodifieddate", "Last Modified Date", "datetime", "date", group: contact, readOnly: true
            ),
            make(
                "hs_object_id", "Record ID", "number", "number", group: contact, readOnly: true,
                unique: true),
        ]
        let call = "callinformation"
        let statuses = [
            "BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING", "FAILED", "IN_PROGRESS",
            "MISSED",
            "NO_ANSWER", "QUEUED", "RINGING",
        ]
        let calls = [
            make("hs_timestamp", "Activity date", "datetime", "date", group: call),
            make("hs_call_title", "Call Title", "string", "text", group: call),
            make("hs_call_body", "Call notes", "string", "html", group: call),
            make("hs_call_recording_url", "Recording URL", "string", "file", group: call),
            make("hs_call_duration", "Call duration", "number", "number", group: call),
            make("hs_call_from_number", "From number", "string", "text", group: call),
            make("hs_call_to_number", "To number", "string", "text", group: call),
            make("hs_call_disposition", "Call outcome", "string", "text", group: call),
            make(
                "hs_call_status", "Call status", "enumeration", "select", group: call,
                options: statuses.enumerated().map { option($1, $1, order: $0) }),
            make(
                "hs_call_direction", "Call direction", "enumeration", "select", group: call,
                options: [option("INBOUND", "Inbound", order: 0), option("OUTBOUND", "Outbound", order: 1)]),
            make("hubspot_owner_id", "Activity assigned to", "enumeration", "select", group: call),
            make(
                "hs_all_assigned_business_unit_ids", "Business units", "enumeration", "checkbox",
                group: call,
                options: unitOptions),
            make("hs_createdate", "Create date", "datetime", "date", group: call, readOnly: true),
            make(
                "hs_lastmodifieddate", "Last modified date", "datetime", "date", group: call, readOnly: true
            ),
            make(
                "hs_object_id", "Record ID", "number", "number", group: call, readOnly: true, unique: true),
        ]
        return [
            "contacts": Dictionary(uniqueKeysWithValues: contacts.map { ($0.name, $0) }),
            "calls": Dictionary(uniqueKeysWithValues: calls.map { ($0.name, $0) }),
        ]
    }

    private static func option(_ value: String, _ label: String, order: Int) -> HubSpotPropertyOption {
        HubSpotPropertyOption(
            label: label, value: value, description: nil, displayOrder: order, hidden: false)
    }

    /// Properties returned when a read names none, per object type.
    static func defaultReadProperties(for objectType: String) -> [String] {
        switch objectType {
        case "contacts":
            ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"]
        default: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"]
        }
    }

    /// Properties every read returns besides the requested ones.
    static func alwaysReturned(for objectType: String) -> [String] {
        switch objectType {
        case "contacts": ["createdate", "hs_object_id", "lastmodifieddate"]
        default: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"]
        }
    }
}
