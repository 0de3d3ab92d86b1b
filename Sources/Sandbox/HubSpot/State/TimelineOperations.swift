import SwitchyardJSON
import Foundation

extension HubSpotWorld {
    /// Creates one timeline event in a portal.
    ///
    /// The template must belong to the portal's app. An event addressed by `email` goes to the
    /// active contact with that primary or secondary email, or creates the contact when none
    /// matches. Event ids are unique per template: the same id on the same object is refused
    /// with 409 (so a retried request never makes a second event), on another object with 400.
    mutating func createTimelineEvent(_ input: JSONValue, portalID: Int, now: Date)
        throws(HubSpotAPIError) -> HubSpotTimelineEvent
    {
        // Taken out of the dictionary while it changes, so appending does not copy every event
        // the portal holds (quadratic over a large burst).
        guard var portal = portals.removeValue(forKey: portalID) else { throw HubSpotAPIError.invalidToken }
        defer { portals[portalID] = portal }
        let templateID = input["eventTemplateId"]?.stringValue ?? ""
        let eventID = input["id"]?.stringValue ?? ""
        guard let appID = portal.credentials.appID, let template = apps[appID]?.templates[templateID]
        else {
            throw HubSpotAPIError.notFound("Event template \(templateID) not found")
        }
        let tokens = input["tokens"]?.stringMap ?? [:]
        try Self.check(tokens, against: template)
        let knownTarget = try portal.existingTimelineTarget(input, objectType: template.objectType)
        if portal.timelineEventKeys.count != portal.timelineEvents.count {
            portal.timelineEventKeys = Set(portal.timelineEvents.map { PortalState.timelineKey($0.eventTemplateID, $0.id) })
        }
        let key = PortalState.timelineKey(templateID, eventID)
        if portal.timelineEventKeys.contains(key),
            let existing = portal.timelineEvents.first(where: {
                $0.eventTemplateID == templateID && $0.id == eventID
            })
        {
            if existing.objectID == knownTarget {
                throw HubSpotAPIError.conflict(
                    "Timeline event with id \(eventID) already exists for event template \(templateID)",
                    category: "OBJECT_ALREADY_EXISTS",
                    context: ["id": [eventID]])
            }
            throw HubSpotAPIError.validation(
                "Event ID already in use, please choose a new unique ID", context: ["id": [eventID]])
        }
        let objectID = try portal.timelineTarget(input, objectType: template.objectType, now: now)
        var stamped: [String: String] = [:]
        for token in template.tokens {
            if let property = token.objectPropertyName, let value = tokens[token.name] {
                stamped[property] = value
            }
        }
        if !stamped.isEmpty, template.objectType == "contacts" {
            portal.updateObject("contacts", id: objectID, changes: stamped, now: now)
        }
        let event = HubSpotTimelineEvent(
            id: eventID, eventTemplateID: templateID, objectType: template.objectType, objectID: objectID,
            email: input["email"]?.stringValue?.lowercased(), tokens: tokens,
            extraData: input["extraData"],
            timelineIFrame: input["timelineIFrame"],
            timestamp: input["timestamp"].flatMap(HubSpotMarketingEvent.date) ?? now,
            createdAt: now)
        portal.timelineEvents.append(event)
        portal.timelineEventKeys.insert(key)
        return event
    }

    /// Checks token values against the template's token definitions.
    static func check(_ tokens: [String: String], against template: HubSpotTimelineTemplate)
        throws(HubSpotAPIError)
    {
        for (name, value) in tokens.sorted(by: { $0.key < $1.key }) {
            guard let token = template.tokens.first(where: { $0.name == name }) else {
                throw HubSpotAPIError.validation(
                    "Token \(name) is not defined on event template \(template.id)",
                    errors: [
                        HubSpotErrorDetail(
                            message: "unknown token", in: "tokens.\(name)", code: "TOKEN_DOESNT_EXIST")
                    ])
            }
            let valid =
                switch token.type {
                case "number": Double(value) != nil
                case "date": HubSpotTime.parse(value) != nil
                case "enumeration": token.options.contains { $0.value == value }
                default: true
                }
            guard valid else {
                throw HubSpotAPIError.validation(
                    "Invalid value '\(value)' for token \(name) of type \(token.type)",
                    errors: [
                        HubSpotErrorDetail(
                            message: "invalid token value", in: "tokens.\(name)", code: "INVALID_TOKEN_VALUE")
                    ])
            }
        }
    }
}

extension PortalState {
    /// The id of the existing object a timeline event is addressed to; nil when the event's
    /// email matches no contact (one will be created).
    func existingTimelineTarget(_ input: JSONValue, objectType: String) throws(HubSpotAPIError)
        -> String?
    {
        if let objectID = input["objectId"]?.stringValue {
            guard objects[objectType]?.active[objectID] != nil else {
                throw HubSpotAPIError.notFound("\(objectType.dropLast()) \(objectID) not found")
            }
            return objectID
        }
        guard objectType == "contacts", let email = input["email"]?.stringValue else {
            throw HubSpotAPIError.validation(
                "A timeline event needs an objectId (or, for contacts, an email) to identify its record",
                errors: [
                    HubSpotErrorDetail(
                        message: "objectId or email is required", in: "objectId", code: "REQUIRED")
                ])
        }
        return contact(byEmail: email)?.contact.id
    }

    /// The id of the object a timeline event goes to (`objectId`, else `email` for contacts),
    /// creating the contact when the email matches none.
    mutating func timelineTarget(_ input: JSONValue, objectType: String, now: Date)
        throws(HubSpotAPIError) -> String
    {
        if let known = try existingTimelineTarget(input, objectType: objectType) { return known }
        let email = input["email"]?.stringValue ?? ""
        guard EmailAddressCheck.isValid(email) else {
            throw HubSpotAPIError.invalidProperties(
                [
                    PropertyValueError(
                        name: "email", code: "INVALID_EMAIL", message: "Email address \(email) is invalid")
                ],
                portalID: credentials.portalID)
        }
        return insertObject("contacts", properties: ["email": email], now: now).id
    }
}
