import ConnectorKit
import Foundation
import Store

/// Builds the participation facts of one webinar for the eligible people of a snapshot.
///
/// A full snapshot replaces what is known of its people, except a registration it does not
/// contradict: a person it does not list as a registrant at all (neither registered nor
/// denied) and does not cancel keeps the registration an earlier sync or webhook recorded. A
/// source may fail to list registrants (an expired webinar), or not list a new one yet; the
/// totals then come out the same whatever order the syncs ran in.
enum FactBuilder {
    static func facts(input: PlanningInput, people: PeopleSelection) -> [ParticipationFact] {
        let webinar = input.snapshot.webinar
        let url = webinar.registrationURL ?? webinar.joinURL
        let previous = Dictionary(
            input.sourceFacts.filter { $0.webinarID == webinar.id }.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first })
        let listed = Set(input.snapshot.registrations.map { EmailAddress.normalized($0.email) })
        return people.eligibleEmails.sorted().map { email in
            let fresh = ParticipationFact(
                tenantID: input.tenantID, connectorType: input.account.connectorType, email: email, webinarID: webinar.id,
                registered: false, attended: false)
            var fact = input.mode == .incremental ? previous[email] ?? fresh : fresh
            if input.mode == .full, let earlier = previous[email], earlier.registered, !listed.contains(email) {
                fact.registered = true
                fact.registeredAt = earlier.registeredAt
                fact.webinarURL = earlier.webinarURL
            }
            if let registration = people.registrations[email] {
                // A webhook repeating a known registration keeps its time (the source's record
                // has it to the second; the webhook only its own timestamp).
                let known = input.mode == .incremental && fact.registered && fact.registeredAt != nil
                fact.registered = true
                if !known { fact.registeredAt = registration.registeredAt ?? fact.registeredAt }
                fact.webinarURL = url
            }
            if people.cancellations[email] != nil {
                fact.registered = false
            }
            if let records = people.attendance[email] {
                fact.attended = true
                let percents = records.compactMap(\.percentOfWebinar)
                if !percents.isEmpty {
                    fact.attendancePercent = min(100, percents.reduce(0, +) / Double(percents.count))
                }
            }
            return fact
        }
    }
}
