import ConnectorKit
import Foundation

/// The people of a snapshot after the exclusion rules: who is synced, with which names and
/// participations, and an audit item for everyone left out.
struct PeopleSelection {
    /// Eligible registrations by normalized email (the latest one per person).
    private(set) var registrations: [String: Registration] = [:]
    /// Eligible cancellations by normalized email.
    private(set) var cancellations: [String: Cancellation] = [:]
    /// The registrations those cancellations ended, by normalized email: the person did register
    /// first, so the registration is written before the cancellation (the source's order).
    private(set) var cancelledRegistrations: [String: Registration] = [:]
    /// Eligible attendance by normalized email (one entry per instance attended).
    private(set) var attendance: [String: [Attendance]] = [:]
    /// First and last names by normalized email.
    private(set) var names: [String: (first: String?, last: String?)] = [:]
    /// One audit item per excluded email.
    private(set) var auditItems: [AuditItem] = []
    /// The HubSpot contact ids of the eligible people an earlier sync or webhook recorded as
    /// registered for or attending this webinar whom this snapshot does not list (see
    /// ``PlanningInput/webinarFacts``), by normalized email: they hear of its recording too.
    private(set) var earlierParticipants: [String: String] = [:]

    init(input: PlanningInput) {
        var verdicts: [String: PersonVerdict] = [:]
        func eligible(_ raw: String) -> String? {
            let email = EmailAddress.normalized(raw)
            let verdict =
                verdicts[email]
                ?? PersonRules.classify(
                    email: email, exclusions: input.exclusions, directory: input.directory,
                    state: input.contactStates[email] ?? .unknown, previouslySynced: input.previouslySynced.contains(email))
            if verdicts[email] == nil {
                verdicts[email] = verdict
                if case .excluded(let reason) = verdict {
                    auditItems.append(AuditItem(email: raw.isEmpty ? nil : email, reason: reason))
                }
            }
            return verdict == .eligible ? email : nil
        }
        for registration in input.snapshot.registrations where registration.status != .denied {
            guard let email = eligible(registration.email) else { continue }
            if let existing = registrations[email], (existing.registeredAt ?? .distantPast) > (registration.registeredAt ?? .distantPast) {
                continue
            }
            registrations[email] = registration
            names[email] = (registration.firstName, registration.lastName)
        }
        for cancellation in input.snapshot.cancellations {
            guard let email = eligible(cancellation.email) else { continue }
            if let registration = registrations[email], let registeredAt = registration.registeredAt,
                let cancelledAt = cancellation.cancelledAt, registeredAt > cancelledAt
            {
                continue
            }
            if let registration = registrations.removeValue(forKey: email) { cancelledRegistrations[email] = registration }
            cancellations[email] = cancellation
        }
        for record in input.snapshot.attendance {
            guard let email = eligible(record.email) else { continue }
            attendance[email, default: []].append(record)
            if names[email] == nil, let name = record.name { names[email] = Self.split(name) }
        }
        for fact in input.webinarFacts where fact.registered || fact.attended {
            guard verdicts[fact.email] == nil, let state = input.contactStates[fact.email], case .active(let id, _) = state else {
                continue
            }
            let verdict = PersonRules.classify(
                email: fact.email, exclusions: input.exclusions, directory: input.directory, state: state,
                previouslySynced: input.previouslySynced.contains(fact.email))
            if verdict == .eligible { earlierParticipants[fact.email] = id }
        }
    }

    /// Every eligible email.
    var eligibleEmails: Set<String> {
        Set(registrations.keys).union(cancellations.keys).union(attendance.keys)
    }

    /// Every registration that was made, cancelled or not, by normalized email.
    var registeredEver: [String: Registration] {
        registrations.merging(cancelledRegistrations) { current, _ in current }
    }

    /// Marketing-event participations: register, cancel and attend (sessions merged).
    var participations: [PlannedParticipation] {
        var result: [PlannedParticipation] = []
        for (email, registration) in registeredEver.sorted(by: { $0.key < $1.key }) {
            result.append(PlannedParticipation(state: .register, email: email, interactionAt: registration.registeredAt))
        }
        for (email, cancellation) in cancellations.sorted(by: { $0.key < $1.key }) {
            result.append(PlannedParticipation(state: .cancel, email: email, interactionAt: cancellation.cancelledAt))
        }
        for (email, records) in attendance.sorted(by: { $0.key < $1.key }) {
            let joined = records.compactMap(\.firstJoinedAt).min()
            let left = records.compactMap(\.lastLeftAt).max()
            result.append(PlannedParticipation(state: .attend, email: email, interactionAt: joined, joinedAt: joined, leftAt: left))
        }
        return result
    }

    /// Splits a display name into first and last name at the last space.
    static func split(_ name: String) -> (first: String?, last: String?) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.lastIndex(of: " ") else { return (trimmed.isEmpty ? nil : trimmed, nil) }
        return (String(trimmed[..<space]), String(trimmed[trimmed.index(after: space)...]))
    }
}
