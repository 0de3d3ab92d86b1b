import SwitchyardJSON
import Foundation
import Hummingbird

extension HubSpotSimulator {
    /// Attendance recording and participation reads of `marketingEvents.json`.
    func addAttendanceRoutes<Context: RequestContext>(to api: RouterGroup<Context>) {
        let base = Self.eventsBase
        // Records by email, creating missing contacts.
        api.post(RouterPath("\(base)/attendance/{externalEventId}/{subscriberState}/email-create")) {
            request, context in
            try await self.attendance(
                request, context, accountID: request.query("externalAccountId"), createContacts: true)
        }
        // Records by email for existing contacts only (externalAccountId required).
        api.post(RouterPath("\(base)/events/{externalEventId}/{subscriberState}/email-upsert")) {
            request, context in
            try await self.attendance(
                request, context, accountID: request.requiredQuery("externalAccountId"),
                createContacts: false)
        }
        api.get(RouterPath("\(base)/participations/{first}")) { request, context in
            try self.counters(request, objectID: context.parameters.hubSpotPath("first"))
        }
        api.get(RouterPath("\(base)/participations/{first}/{second}")) { request, context in
            try self.counters(
                request, externalAccountID: context.parameters.hubSpotPath("first"),
                externalEventID: context.parameters.hubSpotPath("second"))
        }
        api.get(RouterPath("\(base)/participations/{first}/breakdown")) { request, context in
            try self.breakdown(request, objectID: context.parameters.hubSpotPath("first"))
        }
        api.get(RouterPath("\(base)/participations/{first}/{second}/breakdown")) { request, context in
            let first = try context.parameters.hubSpotPath("first")
            let second = try context.parameters.hubSpotPath("second")
            if first == "contacts" {
                return try self.breakdown(request, contactIdentifier: second)
            }
            return try self.breakdown(request, externalAccountID: first, externalEventID: second)
        }
    }

    private func attendance(
        _ request: Request, _ context: some RequestContext, accountID: String?, createContacts: Bool
    )
        async throws -> Response
    {
        let portal = try portalID(of: request)
        let eventID = try context.parameters.hubSpotPath("externalEventId")
        let subscriberState = try context.parameters.hubSpotPath("subscriberState")
        guard MarketingSchemas.subscriberStates.contains(subscriberState) else {
            throw HubSpotAPIError.validation(
                "Invalid subscriberState '\(subscriberState)': expected one of \(MarketingSchemas.subscriberStates)",
                errors: [
                    HubSpotErrorDetail(
                        message: "invalid subscriber state", in: "subscriberState", code: "INVALID_ENUM_VALUE")
                ])
        }
        let body = try await request.hubSpotJSON(
            context: context, schema: MarketingSchemas.emailSubscribers)
        let inputs = try Self.batchInputs(body)
        let now = store.now()
        let outcome = try store.portal(portal) { (state) throws(HubSpotAPIError) in
            guard
                let index = state.marketingEventIndex(
                    externalEventID: eventID, externalAccountID: accountID)
            else {
                throw HubSpotAPIError.notFound("Marketing event with externalEventId \(eventID) not found")
            }
            return state.recordAttendance(
                eventIndex: index, subscriberState: subscriberState, inputs: inputs,
                createContacts: createContacts, now: now)
        }
        return hubSpotJSONResponse(
            batchResponse(
                results: outcome.results, errors: outcome.errors, startedAt: now, completedAt: store.now()))
    }

    private func event(
        _ request: Request, where matches: @escaping @Sendable (HubSpotMarketingEvent) -> Bool
    ) throws -> HubSpotMarketingEvent {
        let portal = try portalID(of: request)
        let event = try store.portal(portal) { state in state.marketingEvents.first(where: matches) }
        guard let event else { throw HubSpotAPIError.notFound("Marketing event not found") }
        return event
    }

    private func counters(
        _ request: Request, objectID: String? = nil, externalAccountID: String? = nil,
        externalEventID: String? = nil
    )
        throws -> Response
    {
        let event = try event(request) { event in
            objectID.map { $0 == event.objectID }
                ?? (event.externalAccountID == externalAccountID
                    && event.externalEventID == externalEventID)
        }
        let counters = event.counters(now: store.now())
        return hubSpotJSONResponse([
            "registered": .integer(Int64(counters.registered)),
            "attended": .integer(Int64(counters.attended)),
            "cancelled": .integer(Int64(counters.cancelled)),
            "noShows": .integer(Int64(counters.noShows)),
        ])
    }

    private func breakdown(
        _ request: Request, objectID: String? = nil, externalAccountID: String? = nil,
        externalEventID: String? = nil,
        contactIdentifier: String? = nil
    ) throws -> Response {
        let portal = try portalID(of: request)
        let window = try request.pageWindow(defaultLimit: 10)
        let wantedState = request.query("state")?.uppercased()
        let filterContact = contactIdentifier ?? request.query("contactIdentifier")
        let rows = try store.portal(portal) { state -> [JSONValue] in
            let events = state.marketingEvents.filter { event in
                if let objectID { return event.objectID == objectID }
                if let externalEventID {
                    return event.externalEventID == externalEventID
                        && event.externalAccountID == externalAccountID
                }
                return true
            }
            return events.flatMap { event in
                event.participations.filter { participation in
                    (wantedState == nil || participation.state.rawValue == wantedState)
                        && (filterContact == nil || filterContact == participation.contactID
                            || filterContact?.lowercased() == participation.email)
                }
                .map {
                    Self.breakdownRow(
                        $0, event: event, contact: state.objects["contacts"]?.active[$0.contactID])
                }
            }
        }
        let page = window.page(rows)
        return hubSpotJSONResponse(
            jsonObject([
                "total": .integer(Int64(rows.count)), "results": .array(page.items), "paging": page.paging,
            ]))
    }

    /// The spec's `ParticipationBreakdown`.
    static func breakdownRow(
        _ participation: HubSpotParticipation, event: HubSpotMarketingEvent, contact: HubSpotObject?
    ) -> JSONValue {
        let last =
            participation.interactions.last?.interactionDateTime
            ?? HubSpotTime.millis(participation.createdAt)
        var seconds: Int64 = 0
        for interaction in participation.interactions where interaction.subscriberState == "attend" {
            if let joined = interaction.properties["joinedAt"].flatMap(HubSpotTime.parse),
                let left = interaction.properties["leftAt"].flatMap(HubSpotTime.parse), left > joined
            {
                seconds += Int64(left.timeIntervalSince(joined))
            }
        }
        var properties: [String: JSONValue?] = [
            "attendanceState": .string(participation.state.rawValue), "occurredAt": .integer(last),
        ]
        if seconds > 0 {
            properties["attendanceDurationSeconds"] = .integer(seconds)
            if let start = event.startDateTime, let end = event.endDateTime, end > start {
                let percent = min(Double(seconds) / end.timeIntervalSince(start) * 100, 100)
                properties["attendancePercentage"] = .string(String(format: "%.0f", percent))
            }
        }
        return [
            "id": .string("\(event.objectID)-\(participation.contactID)"),
            "createdAt": .string(HubSpotTime.format(participation.createdAt)),
            "properties": jsonObject(properties),
            "associations": [
                "contact": jsonObject([
                    "contactId": .string(participation.contactID), "email": .string(participation.email),
                    "firstname": contact?.properties["firstname"].map(JSONValue.string),
                    "lastname": contact?.properties["lastname"].map(JSONValue.string),
                ]),
                "marketingEvent": [
                    "marketingEventId": .string(event.objectID), "name": .string(event.eventName),
                    "externalAccountId": .string(event.externalAccountID),
                    "externalEventId": .string(event.externalEventID),
                ],
            ],
        ]
    }
}
