import SwitchyardJSON
import Foundation
import Hummingbird

extension Request {
    /// A query parameter the spec marks required; HubSpot's 400 when absent.
    func requiredQuery(_ name: String) throws -> String {
        guard let value = query(name), !value.isEmpty else {
            throw HubSpotAPIError.validation(
                "Required query parameter '\(name)' is missing",
                errors: [HubSpotErrorDetail(message: "\(name) is required", in: name, code: "REQUIRED")])
        }
        return value
    }
}

extension HubSpotSimulator {
    static let eventsBase = "/marketing/v3/marketing-events"

    /// Marketing events v3 (`marketingEvents.json`): create, upsert, read / update / delete by
    /// external ids, cancel, complete.
    func addMarketingEventRoutes<Context: RequestContext>(to api: RouterGroup<Context>) {
        let base = Self.eventsBase
        api.post(RouterPath("\(base)/events")) { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(context: context, schema: MarketingSchemas.create)
            let now = self.store.now()
            let event = try self.store.portal(portal) { (state) throws(HubSpotAPIError) in
                let eventID = body["externalEventId"]?.stringValue ?? ""
                let accountID = body["externalAccountId"]?.stringValue
                guard
                    state.marketingEventIndex(externalEventID: eventID, externalAccountID: accountID) == nil
                else {
                    throw HubSpotAPIError.conflict(
                        "A marketing event with externalEventId \(eventID) and externalAccountId \(accountID ?? "") already exists",
                        category: "OBJECT_ALREADY_EXISTS")
                }
                return state.upsertMarketingEvent(body, now: now)
            }
            return hubSpotJSONResponse(Self.render(event, style: .basic))
        }
        api.post(RouterPath("\(base)/events/upsert")) { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(
                context: context, schema: MarketingSchemas.batchUpsert)
            let inputs = try Self.batchInputs(body)
            let now = self.store.now()
            let events = try self.store.portal(portal) { state in
                inputs.map { state.upsertMarketingEvent($0, now: now) }
            }
            let results = events.map { Self.render($0, style: .withIDs) }
            return hubSpotJSONResponse(
                batchResponse(results: results, errors: [], startedAt: now, completedAt: self.store.now()))
        }
        api.put(RouterPath("\(base)/events/{externalEventId}")) { request, context in
            let portal = try self.portalID(of: request)
            let eventID = try context.parameters.hubSpotPath("externalEventId")
            let body = try await request.hubSpotJSON(context: context, schema: MarketingSchemas.create)
            let now = self.store.now()
            let event = try self.store.portal(portal) { state in
                state.upsertMarketingEvent(body, externalEventID: eventID, now: now)
            }
            return hubSpotJSONResponse(Self.render(event, style: .withIDs))
        }
        api.get(RouterPath("\(base)/events/{externalEventId}")) { request, context in
            let (portal, eventID, accountID) = try self.externalIDs(request, context.parameters)
            let now = self.store.now()
            let event = try self.store.portal(portal) { (state) throws(HubSpotAPIError) in
                try state.marketingEvent(eventID, accountID)
            }
            return hubSpotJSONResponse(Self.render(event, style: .read(now: now)))
        }
        api.patch(RouterPath("\(base)/events/{externalEventId}")) { request, context in
            let (portal, eventID, accountID) = try self.externalIDs(request, context.parameters)
            let body = try await request.hubSpotJSON(context: context, schema: MarketingSchemas.update)
            let now = self.store.now()
            let event = try self.store.portal(portal) { (state) throws(HubSpotAPIError) in
                try state.changeMarketingEvent(eventID, accountID, now: now) { $0.apply(body) }
            }
            return hubSpotJSONResponse(Self.render(event, style: .withIDs))
        }
        api.delete(RouterPath("\(base)/events/{externalEventId}")) { request, context in
            let (portal, eventID, accountID) = try self.externalIDs(request, context.parameters)
            try self.store.portal(portal) { state in
                state.marketingEvents.removeAll {
                    $0.externalEventID == eventID && $0.externalAccountID == accountID
                }
            }
            return Response(status: .noContent)
        }
        api.post(RouterPath("\(base)/events/{externalEventId}/cancel")) { request, context in
            let (portal, eventID, accountID) = try self.externalIDs(request, context.parameters)
            let now = self.store.now()
            let event = try self.store.portal(portal) { (state) throws(HubSpotAPIError) in
                try state.changeMarketingEvent(eventID, accountID, now: now) { $0.eventCancelled = true }
            }
            return hubSpotJSONResponse(Self.render(event, style: .basic))
        }
        api.post(RouterPath("\(base)/events/{externalEventId}/complete")) { request, context in
            let (portal, eventID, accountID) = try self.externalIDs(request, context.parameters)
            let body = try await request.hubSpotJSON(context: context, schema: MarketingSchemas.complete)
            let now = self.store.now()
            let event = try self.store.portal(portal) { (state) throws(HubSpotAPIError) in
                try state.changeMarketingEvent(eventID, accountID, now: now) { event in
                    event.apply([
                        "startDateTime": body["startDateTime"] ?? .null,
                        "endDateTime": body["endDateTime"] ?? .null,
                    ])
                    event.eventCompleted = true
                }
            }
            return hubSpotJSONResponse(Self.render(event, style: .basic))
        }
    }

    func externalIDs(_ request: Request, _ parameters: Parameters) throws -> (
        portal: Int, eventID: String, accountID: String
    ) {
        let portal = try portalID(of: request)
        return (
            portal, try parameters.hubSpotPath("externalEventId"),
            try request.requiredQuery("externalAccountId")
        )
    }

    /// Which response schema to render.
    enum MarketingEventStyle {
        /// `MarketingEventDefaultResponse` (create, cancel, complete).
        case basic
        /// `MarketingEventPublicDefaultResponse` (upsert, update): adds `id`, `createdAt`, `updatedAt`.
        case withIDs
        /// `MarketingEventPublicReadResponse` (read): adds the attendance counters.
        case read(now: Date)
    }

    static func render(_ event: HubSpotMarketingEvent, style: MarketingEventStyle) -> JSONValue {
        var members: [String: JSONValue?] = [
            "eventName": .string(event.eventName), "eventOrganizer": .string(event.eventOrganizer),
            "eventType": event.eventType.map(JSONValue.string),
            "eventUrl": event.eventURL.map(JSONValue.string),
            "eventDescription": event.eventDescription.map(JSONValue.string),
            "startDateTime": event.startDateTime.map { .string(HubSpotTime.format($0)) },
            "endDateTime": event.endDateTime.map { .string(HubSpotTime.format($0)) },
            "eventCancelled": .bool(event.eventCancelled), "eventCompleted": .bool(event.eventCompleted),
            "customProperties": .array(event.customProperties), "objectId": .string(event.objectID),
        ]
        switch style {
        case .basic:
            break
        case .withIDs:
            members["id"] = .string(event.objectID)
            members["createdAt"] = .string(HubSpotTime.format(event.createdAt))
            members["updatedAt"] = .string(HubSpotTime.format(event.updatedAt))
        case .read(let now):
            let counters = event.counters(now: now)
            members["id"] = .string(event.objectID)
            members["externalEventId"] = .string(event.externalEventID)
            members["createdAt"] = .string(HubSpotTime.format(event.createdAt))
            members["updatedAt"] = .string(HubSpotTime.format(event.updatedAt))
            members["registrants"] = .integer(Int64(counters.registered))
            members["attendees"] = .integer(Int64(counters.attended))
            members["cancellations"] = .integer(Int64(counters.cancelled))
            members["noShows"] = .integer(Int64(counters.noShows))
        }
        return jsonObject(members)
    }
}

extension PortalState {
    /// The event with these external ids, or HubSpot's 404.
    func marketingEvent(_ eventID: String, _ accountID: String?) throws(HubSpotAPIError)
        -> HubSpotMarketingEvent
    {
        guard let index = marketingEventIndex(externalEventID: eventID, externalAccountID: accountID)
        else {
            throw HubSpotAPIError.notFound("Marketing event with externalEventId \(eventID) not found")
        }
        return marketingEvents[index]
    }

    /// Changes the event with these external ids, or throws HubSpot's 404.
    mutating func changeMarketingEvent(
        _ eventID: String, _ accountID: String, now: Date,
        _ change: (inout HubSpotMarketingEvent) -> Void
    ) throws(HubSpotAPIError) -> HubSpotMarketingEvent {
        guard let index = marketingEventIndex(externalEventID: eventID, externalAccountID: accountID)
        else {
            throw HubSpotAPIError.notFound("Marketing event with externalEventId \(eventID) not found")
        }
        change(&marketingEvents[index])
        marketingEvents[index].updatedAt = now
        return marketingEvents[index]
    }
}
