import Foundation
import HubSpot

/// Write intents: before a write that HubSpot does not deduplicate (participations, calls),
/// the ledger records `intent:<hash>`; after HubSpot's answer, the hash itself. An intent
/// found later means the host stopped between the two, so the write may or may not have
/// happened: HubSpot is asked (the event's participation breakdown, a call search) instead
/// of writing blindly — a crash at any point writes nothing twice.
extension PlanExecutor {
    static let intentPrefix = "intent:"

    static func intent(_ hash: String) -> String { intentPrefix + hash }

    struct PendingParticipation: Sendable {
        var key: String
        var hash: String
        var participation: PlannedParticipation
    }

    /// The event's participations in HubSpot, by email.
    func breakdown(_ event: PlannedMarketingEvent) async throws -> [String: MarketingEventParticipation] {
        let rows = try await client.marketingEvents.participationBreakdown(
            externalAccountId: event.externalAccountID, externalEventId: event.externalEventID)
        return Dictionary(rows.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Splits uncertain participations into those HubSpot has recorded and those it has not:
    /// a registration is recorded when the contact takes part at all (it comes first); an
    /// attendance or a cancellation when the contact's state is that one, as of that time or later.
    static func split(
        _ uncertain: [PendingParticipation], state: PlannedParticipation.State, recorded: [String: MarketingEventParticipation]
    ) -> (done: [PendingParticipation], missing: [PendingParticipation]) {
        var done: [PendingParticipation] = []
        var missing: [PendingParticipation] = []
        for item in uncertain {
            guard let row = recorded[item.participation.email] else {
                missing.append(item)
                continue
            }
            let at = item.participation.interactionAt.map { Int64($0.timeIntervalSince1970 * 1000) } ?? 0
            let isRecorded =
                switch state {
                case .register: true
                case .attend: row.attendanceState == "ATTENDED" && row.occurredAt >= at
                case .cancel: row.attendanceState == "CANCELLED" && row.occurredAt >= at
                }
            if isRecorded { done.append(item) } else { missing.append(item) }
        }
        return (done, missing)
    }

    /// The id of a call created for this recording, found by its recording URL.
    func findCall(_ call: PlannedCall) async throws -> String? {
        guard let url = call.properties["hs_call_recording_url"] else { return nil }
        let page = try await client.calls.search(
            HubSpotSearchRequest(
                filterGroups: [.init(filters: [HubSpotSearchFilter(propertyName: "hs_call_recording_url", operator: "EQ", value: url)])],
                properties: ["hs_call_recording_url"], limit: 1))
        return page.results.first?.id
    }
}

/// Optional properties (see ``OptionalProperty``): a write of `objectType` leaves out those the
/// portal is known to lack; when HubSpot refuses it naming one not yet known, it is noted and
/// the write is retried without it. The audit log says so once per property and object type.
extension PlanExecutor {
    /// The write of `objectType` for the plans in `indices`; what is dropped is reported once,
    /// in the outcome of the first of them.
    @discardableResult
    func withoutMissingProperties<T>(
        _ objectType: String, plans: inout [WebinarPlan], indices: [Int], outcomes: inout [Outcome],
        _ write: ([WebinarPlan], inout [Outcome]) async throws -> T
    ) async throws -> T {
        guard let properties, let first = indices.first else { return try await write(plans, &outcomes) }
        while true {
            let missing = await properties.missing(on: objectType)
            var dropped: Set<String> = []
            for index in indices { dropped.formUnion(Self.drop(missing, from: &plans[index], objectType: objectType)) }
            outcomes[first].auditItems += await properties.report(dropped: dropped, objectType: objectType)
            do {
                return try await write(plans, &outcomes)
            } catch {
                guard await properties.noteMissing(in: error, objectType: objectType) else { throw error }
            }
        }
    }

    /// Removes `names` from the plan's records of `objectType`; returns those that were there.
    static func drop(_ names: Set<String>, from plan: inout WebinarPlan, objectType: String) -> Set<String> {
        guard !names.isEmpty else { return [] }
        var dropped: Set<String> = []
        func strip(_ properties: inout [String: String]) {
            for name in names where properties.removeValue(forKey: name) != nil { dropped.insert(name) }
        }
        switch objectType {
        case "contacts":
            for index in plan.contacts.indices { strip(&plan.contacts[index].properties) }
        case "calls":
            if var call = plan.call {
                strip(&call.properties)
                plan.call = call
            }
            for index in plan.earlierCalls.indices { strip(&plan.earlierCalls[index].properties) }
        default:
            break
        }
        return dropped
    }
}
