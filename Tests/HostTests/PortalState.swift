import Foundation
import Sandbox
import SyncEngine

/// What the syncs wrote to one HubSpot portal, keyed by what users see (emails, event ids)
/// instead of the ids and times the sandbox assigns: the state two runs of the same scenario
/// must agree on. A duplicate write (a second timeline event, call or participation) shows up
/// as an extra element.
struct PortalState: Equatable, CustomStringConvertible {
    /// Primary email → the properties the sync owns.
    var contacts: [String: [String: String]]
    /// `externalEventId email state interactions`, sorted.
    var participations: [String]
    /// `eventId email`, sorted.
    var timelineEvents: [String]
    /// `title recordingURL duration → emails`, sorted.
    var calls: [String]

    init(_ portal: HubSpotPortalSnapshot) {
        let owned = Set(["firstname", "lastname", "hs_all_assigned_business_unit_ids"] + ZoomProfile.properties.all.map(\.name))
        var emailByID: [String: String] = [:]
        var contacts: [String: [String: String]] = [:]
        for contact in portal.contacts {
            let email = contact.properties["email"] ?? ""
            emailByID[contact.id] = email
            contacts[email] = contact.properties.filter { owned.contains($0.key) }
        }
        self.contacts = contacts
        participations = portal.marketingEvents.flatMap { event in
            event.participations.map { participation in
                let interactions = participation.interactions.map { "\($0.subscriberState)@\($0.interactionDateTime)" }.sorted()
                return "\(event.externalEventID) \(participation.email) \(participation.state) \(interactions.joined(separator: ","))"
            }
        }.sorted()
        timelineEvents = portal.timelineEvents.map { "\($0.id) \($0.email ?? emailByID[$0.objectID] ?? $0.objectID)" }.sorted()
        calls = portal.calls.map { call in
            let emails = (call.associations["contacts"] ?? []).map { emailByID[$0.toObjectID] ?? $0.toObjectID }.sorted()
            let fields = ["hs_call_title", "hs_call_recording_url", "hs_call_duration"].map { call.properties[$0] ?? "-" }
            return fields.joined(separator: " ") + " → " + emails.joined(separator: ",")
        }.sorted()
    }

    var description: String {
        "\(contacts.count) contacts, \(participations.count) participations, \(timelineEvents.count) timeline events, \(calls.count) calls"
    }

    /// The differences from `other`, for a readable failure message.
    func differences(from other: PortalState) -> String {
        var lines: [String] = []
        for (email, properties) in contacts where other.contacts[email] != properties {
            lines.append("contact \(email): \(properties) vs \(other.contacts[email].map { "\($0)" } ?? "absent")")
        }
        for email in other.contacts.keys where contacts[email] == nil { lines.append("contact \(email) missing") }
        func compare(_ name: String, _ mine: [String], _ theirs: [String]) {
            let extra = mine.filter { !theirs.contains($0) }
            let missing = theirs.filter { !mine.contains($0) }
            if !extra.isEmpty || !missing.isEmpty || mine.count != theirs.count {
                lines.append("\(name): \(mine.count) vs \(theirs.count); extra \(extra.prefix(3)); missing \(missing.prefix(3))")
            }
        }
        compare("participations", participations, other.participations)
        compare("timeline events", timelineEvents, other.timelineEvents)
        compare("calls", calls, other.calls)
        return lines.prefix(10).joined(separator: "\n")
    }
}
