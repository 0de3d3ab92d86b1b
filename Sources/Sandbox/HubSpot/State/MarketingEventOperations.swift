import SwitchyardJSON
import Foundation

extension HubSpotMarketingEvent {
    /// The counters of `AttendanceCounters`.
    func counters(now: Date) -> (registered: Int, attended: Int, cancelled: Int, noShows: Int) {
        let over = eventCompleted || (endDateTime.map { $0 < now } ?? false)
        let registered = participations.filter(\.registered).count
        let attended = participations.filter(\.attended).count
        let cancelled = participations.filter { $0.state == .cancelled }.count
        let noShows =
            over
            ? participations.filter { $0.registered && !$0.attended && $0.state != .cancelled }.count : 0
        return (registered, attended, cancelled, noShows)
    }

    /// Applies the fields of a create/update body.
    mutating func apply(_ body: JSONValue) {
        if let value = body["eventName"]?.stringValue { eventName = value }
        if let value = body["eventOrganizer"]?.stringValue { eventOrganizer = value }
        if let value = body["eventType"]?.stringValue { eventType = value }
        if let value = body["eventUrl"]?.stringValue { eventURL = value }
        if let value = body["eventDescription"]?.stringValue { eventDescription = value }
        if let value = body["startDateTime"] { startDateTime = Self.date(value) ?? startDateTime }
        if let value = body["endDateTime"] { endDateTime = Self.date(value) ?? endDateTime }
        if let value = body["eventCancelled"]?.boolValue { eventCancelled = value }
        if let value = body["eventCompleted"]?.boolValue { eventCompleted = value }
        if let value = body["customProperties"] { customProperties = value.arrayValue }
    }

    static func date(_ value: JSONValue) -> Date? {
        if case .integer(let millis) = value {
            return Date(timeIntervalSince1970: Double(millis) / 1000)
        }
        return value.stringValue.flatMap(HubSpotTime.parse)
    }
}

extension PortalState {
    /// Creates or updates a marketing event from a `MarketingEventCreateRequestParams` body.
    @discardableResult
    mutating func upsertMarketingEvent(_ body: JSONValue, externalEventID: String? = nil, now: Date)
        -> HubSpotMarketingEvent
    {
        let eventID = externalEventID ?? body["externalEventId"]?.stringValue ?? ""
        let accountID = body["externalAccountId"]?.stringValue ?? ""
        if let index = marketingEventIndex(externalEventID: eventID, externalAccountID: accountID) {
            marketingEvents[index].apply(body)
            marketingEvents[index].updatedAt = now
            return marketingEvents[index]
        }
        var event = HubSpotMarketingEvent(
            objectID: String(nextObjectID), externalAccountID: accountID, externalEventID: eventID,
            eventName: "",
            eventOrganizer: "", eventCancelled: false, eventCompleted: false, customProperties: [],
            createdAt: now, updatedAt: now,
            participations: [])
        nextObjectID += 1
        event.apply(body)
        marketingEvents.append(event)
        return event
    }

    /// Records attendance inputs (`register` / `attend` / `cancel`) by email.
    ///
    /// With `createContacts`, an email that matches no active contact (primary or secondary)
    /// creates one from `contactProperties`, as `…/email-create` does; otherwise the input fails.
    mutating func recordAttendance(
        eventIndex: Int, subscriberState: String, inputs: [JSONValue], createContacts: Bool, now: Date
    ) -> (results: [JSONValue], errors: [JSONValue]) {
        var results: [JSONValue] = []
        var errors: [JSONValue] = []
        let allowed = MarketingSchemas.allowedProperties[subscriberState] ?? []
        for input in inputs {
            let email = (input["email"]?.stringValue ?? "").lowercased()
            let properties = input["properties"]?.stringMap ?? [:]
            guard EmailAddressCheck.isValid(email) else {
                errors.append(
                    itemError(
                        [
                            PropertyValueError(
                                name: "email", code: "INVALID_EMAIL", message: "Email address \(email) is invalid")
                        ], id: email))
                continue
            }
            if let refused = properties.keys.sorted().first(where: { !allowed.contains($0) }) {
                errors.append(
                    standardError(
                        category: "VALIDATION_ERROR",
                        message:
                            "Property \(refused) is not allowed for subscriber state \(subscriberState); allowed: \(allowed.sorted())",
                        context: ["email": [email], "propertyName": [refused]]))
                continue
            }
            var contactID = contact(byEmail: email)?.contact.id
            if contactID == nil, createContacts {
                var values = input["contactProperties"]?.stringMap ?? [:]
                values["email"] = email
                let problems = validateWrite("contacts", values)
                guard problems.isEmpty else {
                    errors.append(itemError(problems, id: email))
                    continue
                }
                contactID = insertObject("contacts", properties: values, now: now).id
            }
            guard let contactID else {
                errors.append(
                    standardError(
                        category: "OBJECT_NOT_FOUND",
                        message:
                            "No contact with email \(email) exists; the contact is not created by this endpoint.",
                        context: ["email": [email]]))
                continue
            }
            let interaction = HubSpotParticipationInteraction(
                subscriberState: subscriberState,
                interactionDateTime: input["interactionDateTime"]?.int64Value ?? 0, properties: properties)
            record(interaction, contactID: contactID, email: email, eventIndex: eventIndex, now: now)
            results.append(["email": .string(email), "vid": .integer(Int64(contactID) ?? 0)])
        }
        return (results, errors)
    }

    private mutating func record(
        _ interaction: HubSpotParticipationInteraction, contactID: String, email: String,
        eventIndex: Int, now: Date
    ) {
        let state: HubSpotAttendanceState =
            switch interaction.subscriberState {
            case "attend": .attended
            case "cancel": .cancelled
            default: .registered
            }
        var participations = marketingEvents[eventIndex].participations
        if let index = participations.firstIndex(where: { $0.contactID == contactID }) {
            participations[index].state =
                state == .registered && participations[index].attended ? .attended : state
            participations[index].registered = participations[index].registered || state == .registered
            participations[index].attended = participations[index].attended || state == .attended
            participations[index].interactions.append(interaction)
        } else {
            participations.append(
                HubSpotParticipation(
                    contactID: contactID, email: email, state: state, registered: state == .registered,
                    attended: state == .attended,
                    interactions: [interaction], createdAt: now))
        }
        marketingEvents[eventIndex].participations = participations
        marketingEvents[eventIndex].updatedAt = now
    }
}
