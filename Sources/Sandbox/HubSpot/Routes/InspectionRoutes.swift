import Foundation
import Hummingbird

/// Everything one simulated portal holds, as tests and benchmarks inspect it.
public struct HubSpotPortalSnapshot: Sendable, Codable, Equatable {
    public var portalID: Int
    /// Active contacts, by id.
    public var contacts: [HubSpotObject]
    /// Deleted (archived) contacts.
    public var archivedContacts: [HubSpotObject]
    /// Emails of contacts permanently deleted through GDPR delete.
    public var gdprDeletedEmails: [String]
    /// Calls with their associations.
    public var calls: [HubSpotObject]
    /// Property definitions per object type.
    public var properties: [String: [HubSpotPropertyDefinition]]
    /// Property groups per object type.
    public var propertyGroups: [String: [HubSpotPropertyGroup]]
    /// Marketing events with their participations.
    public var marketingEvents: [HubSpotMarketingEvent]
    /// Timeline templates of the portal's app.
    public var timelineTemplates: [HubSpotTimelineTemplate]
    /// Timeline events, oldest first.
    public var timelineEvents: [HubSpotTimelineEvent]
    /// Workflow-action definitions of the portal's app.
    public var actionDefinitions: [HubSpotActionDefinition]
    /// Workflow-action executions sent and not completed yet.
    public var pendingCallbacks: [HubSpotPendingCallback]
    /// Completed workflow-action callbacks, oldest first.
    public var callbackCompletions: [HubSpotCallbackCompletion]
    public var users: [HubSpotPortalSeed.User]
    public var businessUnits: [HubSpotPortalSeed.BusinessUnit]

    /// The active contact with this primary email.
    public func contact(email: String) -> HubSpotObject? {
        contacts.first { $0.email == email.lowercased() }
    }
}

extension HubSpotSimulator {
    /// The state of a portal, or nil when there is no such portal.
    public func snapshot(portalID: Int) -> HubSpotPortalSnapshot? {
        let world = store.snapshot
        guard let portal = world.portals[portalID] else { return nil }
        let app = portal.credentials.appID.flatMap { world.apps[$0] } ?? AppState()
        return HubSpotPortalSnapshot(
            portalID: portalID,
            contacts: portal.objects["contacts"]?.orderedActive ?? [],
            archivedContacts: portal.objects["contacts"]?.orderedArchived ?? [],
            gdprDeletedEmails: portal.gdprDeletedEmails,
            calls: portal.objects["calls"]?.orderedActive ?? [],
            properties: portal.properties.mapValues { $0.values.sorted { $0.name < $1.name } },
            propertyGroups: portal.groups.mapValues { $0.values.sorted { $0.name < $1.name } },
            marketingEvents: portal.marketingEvents,
            timelineTemplates: app.templates.values.sorted { $0.id < $1.id },
            timelineEvents: portal.timelineEvents,
            actionDefinitions: app.definitions.values.sorted { $0.id < $1.id },
            pendingCallbacks: portal.pendingCallbacks.values.sorted { $0.callbackID < $1.callbackID },
            callbackCompletions: portal.callbackCompletions,
            users: portal.users,
            businessUnits: portal.businessUnits)
    }

    /// Removes a property definition from a portal, even a HubSpot-defined one (the portal as
    /// if the add-on that brings it were off): writes naming it are then refused with
    /// `PROPERTY_DOESNT_EXIST`. `false` when there was no such portal or property.
    @discardableResult
    public func removeProperty(portalID: Int, objectType: String, name: String) -> Bool {
        (try? store.portal(portalID) { (portal) throws(HubSpotAPIError) -> Bool in
            portal.properties[objectType]?.removeValue(forKey: name) != nil
        }) ?? false
    }

    /// The ids of the simulated portals.
    public var portalIDs: [Int] {
        store.snapshot.portals.keys.sorted()
    }

    /// Inspection and control routes under `/_sandbox/hubspot/`:
    ///
    /// - `GET /_sandbox/hubspot/portals` — portal ids
    /// - `POST /_sandbox/hubspot/portals` — seeds a portal (body: ``HubSpotPortalSeed``)
    /// - `GET /_sandbox/hubspot/portals/{portalId}` — ``HubSpotPortalSnapshot``
    /// - `POST /_sandbox/hubspot/portals/{portalId}/workflow-actions` — sends a signed
    ///   workflow-action request (body: ``WorkflowActionRequest``; answer: ``WorkflowActionDelivery``)
    /// - `GET`/`PUT /_sandbox/hubspot/portals/{portalId}/faults` — the portal's own ``FaultPlan``
    ///   (``PortalFaults``); an empty plan removes it
    /// - `GET`/`PUT /_sandbox/hubspot/rate-limits` — ``HubSpotRateLimits``
    /// - `DELETE /_sandbox/hubspot/portals/{portalId}/properties/{objectType}/{propertyName}` —
    ///   removes a property, even a HubSpot-defined one: the portal as if an add-on were off
    func addInspectionRoutes<Context: RequestContext>(to router: Router<Context>) {
        let group = router.group(RouterPath("/_sandbox/\(Self.service)"))
        group.get("portals") { _, _ in
            try JSONResponse(self.portalIDs)
        }
        group.post("portals") { request, context in
            let seed = try await request.decode(as: HubSpotPortalSeed.self, context: context)
            self.seed(seed)
            return try JSONResponse(self.snapshot(portalID: seed.credentials.portalID), status: .created)
        }
        group.get("portals/{portalId}") { _, context in
            let id = try context.parameters.require("portalId", as: Int.self)
            guard let snapshot = self.snapshot(portalID: id) else {
                throw HTTPError(.notFound, message: "No portal \(id)")
            }
            return try JSONResponse(snapshot)
        }
        group.post("portals/{portalId}/workflow-actions") { request, context in
            let id = try context.parameters.require("portalId", as: Int.self)
            let action = try await request.decode(as: WorkflowActionRequest.self, context: context)
            do {
                return try JSONResponse(try await self.sendWorkflowAction(portalID: id, action))
            } catch let error as HubSpotSimulatorError {
                throw HTTPError(.badRequest, message: error.description)
            }
        }
        group.get("portals/{portalId}/faults") { _, context in
            try JSONResponse(self.portalFaults.plan(portalID: try context.parameters.require("portalId", as: Int.self)))
        }
        group.put("portals/{portalId}/faults") { request, context in
            let id = try context.parameters.require("portalId", as: Int.self)
            guard self.snapshot(portalID: id) != nil else { throw HTTPError(.notFound, message: "No portal \(id)") }
            let plan = try await request.decode(as: FaultPlan.self, context: context)
            self.portalFaults.update(plan, portalID: id)
            return try JSONResponse(plan)
        }
        group.delete("portals/{portalId}/properties/{objectType}/{propertyName}") { _, context in
            let id = try context.parameters.require("portalId", as: Int.self)
            let objectType = try context.parameters.require("objectType")
            let name = try context.parameters.require("propertyName")
            guard self.removeProperty(portalID: id, objectType: objectType, name: name) else {
                throw HTTPError(.notFound, message: "Portal \(id) has no \(objectType) property \(name)")
            }
            return Response(status: .noContent)
        }
        group.get("rate-limits") { _, _ in
            try JSONResponse(self.rateLimits)
        }
        group.put("rate-limits") { request, context in
            self.rateLimits = try await request.decode(as: HubSpotRateLimits.self, context: context)
            return try JSONResponse(self.rateLimits)
        }
    }
}
