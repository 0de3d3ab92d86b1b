import SwitchyardJSON
import Foundation
import Hummingbird

extension HubSpotSimulator {
    /// Timeline v3 events: single and batch create, read back (portal token).
    func addTimelineEventRoutes<Context: RequestContext>(to api: RouterGroup<Context>) {
        api.post("/integrators/timeline/v3/events") { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(context: context, schema: TimelineSchemas.event)
            let now = self.store.now()
            let event = try self.store.world { (world) throws(HubSpotAPIError) in
                try world.createTimelineEvent(body, portalID: portal, now: now)
            }
            return hubSpotJSONResponse(Self.render(event), status: .created)
        }
        api.post("/integrators/timeline/v3/events/batch/create") { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(
                context: context, schema: TimelineSchemas.batchEvents)
            let inputs = body["inputs"]?.arrayValue ?? []
            let now = self.store.now()
            let outcome = try self.store.world { world in
                Self.eachInput(inputs) { (input) throws(HubSpotAPIError) in
                    Self.render(try world.createTimelineEvent(input, portalID: portal, now: now))
                }
            }
            return self.batchReply(outcome, startedAt: now, success: .created)
        }
        api.get("/integrators/timeline/v3/events/{eventTemplateId}/{eventId}") { request, context in
            let portal = try self.portalID(of: request)
            let templateID = try context.parameters.hubSpotPath("eventTemplateId")
            let eventID = try context.parameters.hubSpotPath("eventId")
            let event = try self.store.portal(portal) { state in
                state.timelineEvents.first { $0.eventTemplateID == templateID && $0.id == eventID }
            }
            guard let event else {
                throw HubSpotAPIError.notFound(
                    "Timeline event \(eventID) not found for template \(templateID)")
            }
            return hubSpotJSONResponse(Self.render(event))
        }
    }

    /// The spec's `TimelineEventResponse`.
    static func render(_ event: HubSpotTimelineEvent) -> JSONValue {
        jsonObject([
            "id": .string(event.id), "eventTemplateId": .string(event.eventTemplateID),
            "objectType": .string(event.objectType),
            "objectId": .string(event.objectID), "email": event.email.map(JSONValue.string),
            "tokens": .map(event.tokens),
            "extraData": event.extraData, "timelineIFrame": event.timelineIFrame,
            "timestamp": .string(HubSpotTime.format(event.timestamp)),
            "createdAt": .string(HubSpotTime.format(event.createdAt)),
        ])
    }
}
