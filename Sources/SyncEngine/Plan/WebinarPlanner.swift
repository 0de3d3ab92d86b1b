import ConnectorKit
import Crypto
import Foundation
import Store

/// Turns a webinar snapshot into a ``WebinarPlan``: applies every rule, computes the
/// participation facts and the four properties, and names each write deterministically.
/// Pure: no I/O, the same input always gives the same plan.
public enum WebinarPlanner {
    /// Plans one webinar sync.
    public static func plan(_ input: PlanningInput) -> WebinarPlan {
        let snapshot = input.snapshot
        let webinar = snapshot.webinar
        let decision = WebinarGate.decide(
            webinar: webinar, settings: input.settings, exclusions: input.exclusions, account: input.account)
        var plan = WebinarPlan(
            webinar: webinar, account: input.account, contacts: [], marketingEvent: nil, participations: [], timelineEvents: [],
            call: nil, facts: [], auditItems: [], counts: SyncCounts(), skipped: !decision.syncWebinar, mode: input.mode)
        plan.counts.registrants = snapshot.registrations.filter { $0.status != .denied }.count
        plan.counts.attendees = snapshot.attendance.count
        plan.counts.cancellations = snapshot.cancellations.count
        let reasons = decision.reasons.map { reason in
            guard reason == .unsupportedWebinar, case .unsupported(let why) = webinar.support else { return AuditItem(reason: reason) }
            return AuditItem(reason: reason, detail: why)
        }
        guard decision.syncWebinar else {
            plan.auditItems = reasons
            return plan
        }
        plan.auditItems += reasons
        plan.auditItems += snapshot.problems.map { AuditItem(reason: .sourceDataUnavailable, detail: $0) }

        let people = PeopleSelection(input: input)
        plan.auditItems += people.auditItems
        plan.auditItems += snapshot.unmatchedParticipants.map { AuditItem(name: $0.name, reason: .guestWithoutEmail, detail: $0.reason) }
        if !snapshot.instances.isEmpty && snapshot.attendance.isEmpty && snapshot.unmatchedParticipants.isEmpty {
            plan.auditItems.append(AuditItem(reason: .noParticipantData))
        }
        plan.counts.excludedEmails = Set(people.auditItems.compactMap(\.email)).count

        plan.facts = FactBuilder.facts(input: input, people: people)
        let factsByEmail = Dictionary(grouping: input.sourceFacts.filter { $0.webinarID != webinar.id }, by: \.email)
        // By email once, not a scan of every fact per contact (quadratic at thousands of registrants).
        let newFactsByEmail = Dictionary(grouping: plan.facts, by: \.email)
        plan.contacts = people.eligibleEmails.sorted().map { email in
            let facts = (factsByEmail[email] ?? []) + (newFactsByEmail[email] ?? [])
            return contact(email: email, people: people, facts: facts, input: input)
        }
        plan.marketingEvent = marketingEvent(webinar: webinar, snapshot: snapshot, account: input.account)
        plan.participations = people.participations
        plan.earlierParticipantIDs = people.earlierParticipants
        plan.timelineEvents = TimelineEventBuilder.events(
            snapshot: snapshot, people: people, prefix: input.account.profile.timelineEventIDPrefix)
        // A recording applied from its webhook alone: its call is associated with the webinar's
        // stored attendees (its earlier participants; contacts unchanged, only their ids needed).
        let storedAttendees =
            input.isRecordingOnly
            ? Set(input.webinarFacts.filter(\.attended).map(\.email)).intersection(people.earlierParticipants.keys).sorted() : nil
        let recording = RecordingPlanner.plan(
            snapshot: snapshot, decision: decision, people: people, wording: input.account.profile.recordingCall,
            businessUnitID: input.writeBusinessUnits ? input.account.businessUnitID : nil, attendees: storedAttendees)
        plan.call = recording.call
        plan.auditItems += recording.auditItems
        if let call = recording.call {
            plan.timelineEvents += TimelineEventBuilder.recordingEvents(
                snapshot: snapshot, people: people, callKey: call.key, prefix: input.account.profile.timelineEventIDPrefix)
        }
        // Every earlier instance's completed recording is a call of its own (its problems were
        // reported by the sync that saw it as the latest).
        for earlier in snapshot.earlierRecordings ?? [] where earlier.recording.state == .completed {
            var view = snapshot
            view.recording = earlier.recording
            view.transcript = earlier.transcript
            guard
                let call = RecordingPlanner.plan(
                    snapshot: view, decision: decision, people: people, wording: input.account.profile.recordingCall,
                    businessUnitID: input.writeBusinessUnits ? input.account.businessUnitID : nil
                ).call, call.key != plan.call?.key
            else { continue }
            plan.earlierCalls.append(call)
            plan.timelineEvents += TimelineEventBuilder.recordingEvents(
                snapshot: view, people: people, callKey: call.key, prefix: input.account.profile.timelineEventIDPrefix)
        }
        return plan
    }

    private static func contact(email: String, people: PeopleSelection, facts: [ParticipationFact], input: PlanningInput)
        -> PlannedContact
    {
        var properties = ContactPropertyValues.values(from: facts).properties(named: input.account.profile.contactProperties)
        properties["email"] = email
        if let name = people.names[email] {
            if let first = name.first, !first.isEmpty { properties["firstname"] = first }
            if let last = name.last, !last.isEmpty { properties["lastname"] = last }
        }
        var existingID: String?
        var units: Set<Int> = [input.account.businessUnitID]
        var unitsChange = true
        if case .active(let id, let existingUnits)? = input.contactStates[email] {
            existingID = id
            unitsChange = input.writeBusinessUnits && !existingUnits.contains(input.account.businessUnitID)
            units.formUnion(existingUnits)
        }
        if input.writeBusinessUnits {
            properties["hs_all_assigned_business_unit_ids"] = units.sorted().map(String.init).joined(separator: ";")
        }
        return PlannedContact(email: email, existingID: existingID, properties: properties, unitsChange: unitsChange)
    }

    private static func marketingEvent(webinar: Webinar, snapshot: WebinarSnapshot, account: SourceAccount) -> PlannedMarketingEvent {
        let start = snapshot.instances.map(\.startTime).min() ?? webinar.startTime
        let end =
            snapshot.instances.compactMap(\.endTime).max()
            ?? start.map { $0.addingTimeInterval(TimeInterval((webinar.durationMinutes ?? 60) * 60)) }
        return PlannedMarketingEvent(
            externalAccountID: account.accountKey,
            externalEventID: webinar.id,
            name: webinar.topic,
            organizer: webinar.hostEmail ?? account.profile.marketingEventOrganizer,
            eventType: "WEBINAR",
            startAt: start,
            endAt: end,
            url: webinar.registrationURL ?? webinar.joinURL,
            cancelled: false
        )
    }

    /// A short, stable, non-reversible token for an email, used in record ids.
    static func emailToken(_ email: String) -> String {
        SHA256.hash(data: Array(email.utf8)).withUnsafeBytes { HexEncoding.string($0, prefix: 8) }
    }
}
