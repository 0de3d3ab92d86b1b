import Foundation

/// Everything one simulated portal holds. Mutated only under the store's lock.
struct PortalState: Sendable, Codable {
    var credentials: HubSpotPortalCredentials
    var users: [HubSpotPortalSeed.User]
    var businessUnits: [HubSpotPortalSeed.BusinessUnit]
    /// Next id handed to a new object (contacts, calls, marketing events share it).
    var nextObjectID: Int
    /// Active and archived objects per object type (`contacts`, `calls`).
    var objects: [String: ObjectTable]
    /// Emails whose contacts were permanently deleted (GDPR).
    var gdprDeletedEmails: [String] = []
    var properties: [String: [String: HubSpotPropertyDefinition]]
    var groups: [String: [String: HubSpotPropertyGroup]]
    var marketingEvents: [HubSpotMarketingEvent] = []
    var timelineEvents: [HubSpotTimelineEvent] = []
    var pendingCallbacks: [String: HubSpotPendingCallback] = [:]
    var callbackCompletions: [HubSpotCallbackCompletion] = []
    /// ``timelineKey(_:_:)`` of every timeline event, to find a repeated id without a scan. Not
    /// saved: rebuilt from `timelineEvents` when it falls behind (e.g. after loading a state).
    var timelineEventKeys: Set<String> = []

    private enum CodingKeys: String, CodingKey {
        case credentials, users, businessUnits, nextObjectID, objects, gdprDeletedEmails, properties, groups
        case marketingEvents, timelineEvents, pendingCallbacks, callbackCompletions
    }

    /// The identity of a timeline event: its template and id.
    static func timelineKey(_ templateID: String, _ eventID: String) -> String { templateID + "\u{1F}" + eventID }

    /// A portal built from its seed; archived seed contacts go straight to the archive.
    init(seed: HubSpotPortalSeed, now: Date) {
        credentials = seed.credentials
        users = seed.users
        var units = seed.businessUnits
        if !units.contains(where: { $0.id == 0 }) {
            units.insert(HubSpotPortalSeed.BusinessUnit(id: 0, name: "Account"), at: 0)
        }
        businessUnits = units
        nextObjectID = 1001
        objects = ["contacts": ObjectTable(), "calls": ObjectTable()]
        properties = DefaultProperties.properties(businessUnits: units, now: now)
        for (objectType, names) in seed.missingProperties {
            for name in names { properties[objectType]?[name] = nil }
        }
        groups = DefaultProperties.groups()
        for contact in seed.contacts {
            var values = [
                "email": contact.email, "firstname": contact.firstName, "lastname": contact.lastName,
            ]
            if !contact.additionalEmails.isEmpty {
                values["hs_additional_emails"] = contact.additionalEmails.joined(separator: ";")
            }
            values["hs_all_assigned_business_unit_ids"] = contact.businessUnitIDs.map(String.init).joined(
                separator: ";")
            let id = insertObject("contacts", properties: values, now: now).id
            if contact.archived {
                objects["contacts"]?.archive(id: id, at: now)
            }
        }
    }

    /// Creates an object with the given properties plus HubSpot's system properties.
    @discardableResult
    mutating func insertObject(
        _ objectType: String, properties: [String: String],
        associations: [String: [HubSpotAssociation]] = [:], now: Date
    ) -> HubSpotObject {
        let id = String(nextObjectID)
        nextObjectID += 1
        var values = properties.filter { !$0.value.isEmpty }
        let stamp = HubSpotTime.format(now)
        values["hs_object_id"] = id
        if objectType == "contacts" {
            values["createdate"] = stamp
            values["lastmodifieddate"] = stamp
            if let email = values["email"] { values["email"] = email.lowercased() }
        } else {
            values["hs_createdate"] = stamp
            values["hs_lastmodifieddate"] = stamp
        }
        let object = HubSpotObject(
            id: id, properties: values, createdAt: now, updatedAt: now, archivedAt: nil,
            associations: associations)
        objects[objectType, default: ObjectTable()].put(object)
        return object
    }

    /// Applies property changes to an active object (an empty value clears the property).
    @discardableResult
    mutating func updateObject(_ objectType: String, id: String, changes: [String: String], now: Date)
        -> HubSpotObject?
    {
        guard var object = objects[objectType]?.active[id] else { return nil }
        for (name, value) in changes {
            if value.isEmpty {
                object.properties[name] = nil
            } else {
                object.properties[name] = name == "email" ? value.lowercased() : value
            }
        }
        object.updatedAt = now
        object.properties[objectType == "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate"] =
            HubSpotTime.format(now)
        objects[objectType]?.put(object)
        return object
    }

    /// The active contact whose primary or secondary email is `email`.
    func contact(byEmail email: String) -> (contact: HubSpotObject, viaSecondary: Bool)? {
        guard let table = objects["contacts"], let match = table.emailIndex[email.lowercased()],
            let contact = table.active[match.id]
        else { return nil }
        return (contact, match.secondary)
    }

    /// The archived contacts whose primary email is `email`, newest first.
    func archivedContacts(byEmail email: String) -> [HubSpotObject] {
        let wanted = email.lowercased()
        return
            (objects["contacts"]?.archived.values.filter {
                $0.email == wanted || $0.additionalEmails.contains(wanted)
            } ?? [])
            .sorted { ($0.archivedAt ?? .distantPast) > ($1.archivedAt ?? .distantPast) }
    }

    /// Finds an object by id or by a unique property (`email` for contacts).
    func object(_ objectType: String, id: String, idProperty: String?, archived: Bool)
        -> HubSpotObject?
    {
        guard let table = objects[objectType] else { return nil }
        if archived {
            if let idProperty, idProperty != "hs_object_id" {
                return table.archived.values.first {
                    $0.properties[idProperty]?.lowercased() == id.lowercased()
                }
            }
            return table.archived[id]
        }
        switch idProperty {
        case nil, "hs_object_id":
            return table.active[id]
        case "email" where objectType == "contacts":
            return contact(byEmail: id)?.contact
        case let property?:
            return table.active.values.first { $0.properties[property] == id }
        }
    }

    /// The marketing event with these external ids (any account when `externalAccountID` is nil).
    func marketingEventIndex(externalEventID: String, externalAccountID: String?) -> Int? {
        marketingEvents.firstIndex {
            $0.externalEventID == externalEventID
                && (externalAccountID == nil || $0.externalAccountID == externalAccountID)
        }
    }
}

/// The objects of one type: active ones, the archive, and an email index for contacts.
struct ObjectTable: Sendable, Codable {
    var active: [String: HubSpotObject] = [:]
    var archived: [String: HubSpotObject] = [:]
    /// Lowercased primary and secondary emails of active contacts → contact id.
    var emailIndex: [String: (id: String, secondary: Bool)] = [:]

    private enum CodingKeys: String, CodingKey { case active, archived }

    init() {}

    /// Decodes the objects and rebuilds the email index.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        archived = try container.decode([String: HubSpotObject].self, forKey: .archived)
        for object in try container.decode([String: HubSpotObject].self, forKey: .active).values.sorted(by: { $0.id < $1.id }) {
            put(object)
        }
    }

    /// Encodes the objects (the index is derived).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(active, forKey: .active)
        try container.encode(archived, forKey: .archived)
    }

    /// Inserts or replaces an active object, keeping the email index current.
    mutating func put(_ object: HubSpotObject) {
        unindex(id: object.id)
        active[object.id] = object
        for email in object.additionalEmails where emailIndex[email] == nil {
            emailIndex[email] = (object.id, true)
        }
        if let email = object.email {
            emailIndex[email] = (object.id, false)
        }
    }

    /// Moves an active object to the archive.
    mutating func archive(id: String, at date: Date) {
        guard var object = active.removeValue(forKey: id) else { return }
        unindex(id: id)
        object.archivedAt = date
        archived[id] = object
    }

    /// Removes an object everywhere (GDPR delete).
    mutating func purge(id: String) {
        unindex(id: id)
        active[id] = nil
        archived[id] = nil
    }

    /// Active objects ordered by numeric id.
    var orderedActive: [HubSpotObject] {
        active.values.sorted { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) }
    }

    /// Archived objects ordered by numeric id.
    var orderedArchived: [HubSpotObject] {
        archived.values.sorted { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) }
    }

    private mutating func unindex(id: String) {
        guard let old = active[id] else { return }
        for email in [old.email].compactMap({ $0 }) + old.additionalEmails
        where emailIndex[email]?.id == id {
            emailIndex[email] = nil
        }
    }
}
