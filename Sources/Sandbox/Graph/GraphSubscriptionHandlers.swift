import Foundation
import Hummingbird
import SwitchyardJSON

/// `/subscriptions`: change-notification subscriptions for the virtual-event resources.
extension GraphAPI {
    /// The resources a subscription may name, with the change types each supports (Microsoft's
    /// "change notifications for virtual events" table); `{id}` stands for a webinar id.
    static let subscribableResources: [(suffix: String, changeTypes: Set<String>)] = [
        ("", ["updated"]),
        ("/registrations", ["created", "updated"]),
        ("/sessions", ["created", "updated"]),
        ("/getAttendanceReports", ["created"]),
    ]

    private func subscriptionContext(_ call: GraphCall) -> JSONValue { call.context("subscriptions/$entity") }

    private func rendered(_ subscription: GraphSubscriptionData, _ call: GraphCall) -> Response {
        var body = GraphRendering.subscription(subscription).objectValue
        body["@odata.context"] = subscriptionContext(call)
        return GraphResponses.json(.object(body))
    }

    /// The caller's live subscription of the path; expired ones are gone, as in Graph.
    private func subscription(_ call: GraphCall) throws(GraphError) -> GraphSubscriptionData {
        let id = call.path("subscriptionId")
        let found = store.withState { state -> GraphSubscriptionData? in
            guard let subscription = state.subscriptions[id] else { return nil }
            if subscription.expirationDateTime <= call.now {
                state.subscriptions[id] = nil
                return nil
            }
            return subscription.tenantID == call.tenantID ? subscription : nil
        }
        guard let found else {
            throw GraphError(.notFound, "ResourceNotFound", "The object was not found. Subscription '\(id)'.")
        }
        return found
    }

    /// The expiration of a create or update, checked against the virtual-event maximum.
    private func expiration(_ value: JSONValue?, now: Date) throws(GraphError) -> Date {
        guard let text = value?.stringValue, let date = GraphResponses.parseDate(text) else {
            throw GraphError(.badRequest, "InvalidRequest", "expirationDateTime is required and must be a DateTimeOffset.")
        }
        guard date > now else {
            throw GraphError(.badRequest, "InvalidRequest", "Subscription expiration date time must be in the future.")
        }
        guard date <= now.addingTimeInterval(TimeInterval(configuration.maxSubscriptionMinutes * 60)) else {
            throw GraphError(
                .badRequest, "InvalidRequest",
                "Subscription expiration can only be \(configuration.maxSubscriptionMinutes) minutes in the future.")
        }
        return date
    }

    /// Checks the resource and change types: a known webinar of the tenant and a documented pairing.
    private func checkResource(_ resource: String, changeType: String, tenant: GraphTenantData) throws(GraphError) {
        let path = GraphNotifier.normalized(resource)
        let prefix = "solutions/virtualevents/webinars/"
        let matched = tenant.webinars.lazy.compactMap { webinar -> Set<String>? in
            let base = prefix + webinar.id.lowercased()
            return Self.subscribableResources.first { base + $0.suffix.lowercased() == path }?.changeTypes
        }.first
        guard let supported = matched else {
            if path.hasPrefix(prefix) {
                throw GraphError(.notFound, "ResourceNotFound", "Resource '\(resource)' was not found in this tenant.")
            }
            throw GraphError(.badRequest, "InvalidRequest", "Resource '\(resource)' is not supported for change notifications.")
        }
        let requested = changeType.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !requested.isEmpty, requested.allSatisfy(supported.contains) else {
            throw GraphError(
                .badRequest, "InvalidRequest",
                "ChangeType '\(changeType)' is not supported for resource '\(resource)'. Supported: \(supported.sorted().joined(separator: ", "))."
            )
        }
    }

    /// `POST /subscriptions`: validates the notification URL(s), then `201`.
    func createSubscription(_ call: GraphCall) async throws(GraphError) -> Response {
        let body = try call.jsonBody()
        func required(_ name: String) throws(GraphError) -> String {
            guard let value = body[name]?.stringValue, !value.isEmpty else {
                throw GraphError(.badRequest, "InvalidRequest", "The property '\(name)' is required.")
            }
            return value
        }
        let resource = try required("resource")
        let changeType = try required("changeType")
        let notificationURL = try required("notificationUrl")
        let expires = try expiration(body["expirationDateTime"], now: call.now)
        let tenant = try tenant(call)
        try checkResource(resource, changeType: changeType, tenant: tenant)
        if body["includeResourceData"]?.boolValue == true {
            throw GraphError(
                .badRequest, "InvalidRequest",
                "includeResourceData needs an encryptionCertificate; the sandbox sends notifications without resource data.")
        }
        let lifecycleURL = body["lifecycleNotificationUrl"]?.stringValue
        for url in [notificationURL] + (lifecycleURL.map { [$0] } ?? []) {
            if let problem = await notifier.validate(url: url, subscriptionID: nil) {
                throw GraphError(.badRequest, "ValidationError", problem)
            }
        }
        let subscription = GraphSubscriptionData(
            id: store.newGUID(), tenantID: call.tenantID, applicationId: tenant.credentials.clientID, resource: resource,
            changeType: changeType, notificationUrl: notificationURL, lifecycleNotificationUrl: lifecycleURL,
            clientState: body["clientState"]?.stringValue, expirationDateTime: expires, includeResourceData: false,
            latestSupportedTlsVersion: body["latestSupportedTlsVersion"]?.stringValue ?? "v1_2")
        store.withState { $0.subscriptions[subscription.id] = subscription }
        var response = rendered(subscription, call)
        response.status = .created
        return response
    }

    /// `GET /subscriptions`: the caller's live subscriptions.
    func listSubscriptions(_ call: GraphCall) throws(GraphError) -> Response {
        let live = store.withState { state in
            state.subscriptions = state.subscriptions.filter { $0.value.expirationDateTime > call.now }
            return state.subscriptions.values.filter { $0.tenantID == call.tenantID }.sorted { $0.id < $1.id }
        }
        return try page(live.map(GraphRendering.subscription), call, "subscriptions")
    }

    /// `GET /subscriptions/{id}`.
    func getSubscription(_ call: GraphCall) throws(GraphError) -> Response {
        try rendered(subscription(call), call)
    }

    /// `PATCH /subscriptions/{id}`: renews (`expirationDateTime`) and/or moves (`notificationUrl`,
    /// validated again).
    func updateSubscription(_ call: GraphCall) async throws(GraphError) -> Response {
        var subscription = try subscription(call)
        let body = try call.jsonBody()
        if body["expirationDateTime"] != nil {
            subscription.expirationDateTime = try expiration(body["expirationDateTime"], now: call.now)
        }
        if let url = body["notificationUrl"]?.stringValue, url != subscription.notificationUrl {
            if let problem = await notifier.validate(url: url, subscriptionID: subscription.id) {
                throw GraphError(.badRequest, "ValidationError", problem)
            }
            subscription.notificationUrl = url
        }
        let updated = subscription
        store.withState { $0.subscriptions[updated.id] = updated }
        return rendered(updated, call)
    }

    /// `DELETE /subscriptions/{id}`: `204`.
    func deleteSubscription(_ call: GraphCall) throws(GraphError) -> Response {
        let subscription = try subscription(call)
        store.withState { $0.subscriptions[subscription.id] = nil }
        return Response(status: .noContent)
    }

    /// `POST /subscriptions/{id}/reauthorize`: `204` (access is never revoked in the sandbox).
    func reauthorizeSubscription(_ call: GraphCall) throws(GraphError) -> Response {
        _ = try subscription(call)
        return Response(status: .noContent)
    }
}
