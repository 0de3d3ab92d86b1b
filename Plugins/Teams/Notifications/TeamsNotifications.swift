import ConnectorKit
import Crypto
import Foundation

/// Graph change notifications: the `validationToken` handshake, `clientState` verification, and
/// decoding (resource changes and lifecycle notifications).
struct TeamsNotifications: Sendable {
    /// One notification of a delivery (`changeNotification`).
    struct Item: Decodable, Sendable {
        var subscriptionId: String?
        var changeType: String?
        var resource: String?
        var clientState: String?
        var tenantId: String?
        var lifecycleEvent: String?
    }

    /// A delivery: `{"value": [ … ]}`.
    struct Delivery: Decodable, Sendable {
        var value: [Item]
    }

    /// What one notification means.
    enum Meaning: Sendable, Equatable {
        /// A registration, session or attendance report of the webinar changed.
        case changed(webinarID: String)
        /// A lifecycle notification (`reauthorizationRequired`, `subscriptionRemoved`, `missed`).
        case lifecycle(event: String, subscriptionID: String, webinarID: String?)
        /// Nothing the connector follows.
        case ignored(String)
    }

    let tenantID: String
    /// The secret every subscription of this instance carries as `clientState`.
    let clientState: String

    /// `clientState`: an HMAC of the tenant id under the client secret (hex, 64 characters), so
    /// it is secret, stable across restarts, and never the client secret itself.
    static func clientState(secret: Secret, tenantID: String) -> String {
        let key = SymmetricKey(data: Data(secret.reveal().utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("switchyard-teams-client-state:\(tenantID)".utf8), using: key)
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Answers the handshake with the plain-text token; accepts a delivery whose every
    /// notification carries this instance's `clientState` (and tenant); refuses anything else.
    func verify(_ request: WebhookRequest) throws -> WebhookVerification {
        if let token = request.query["validationToken"] {
            return .challenge(responseBody: Data(token.utf8), contentType: "text/plain")
        }
        guard let delivery = try? JSONDecoder().decode(Delivery.self, from: request.body), !delivery.value.isEmpty else {
            throw WebhookRejection(.malformed, "not a Microsoft Graph change notification ({\"value\": [ … ]})")
        }
        for item in delivery.value {
            guard let state = item.clientState, !state.isEmpty else {
                throw WebhookRejection(.missingSignature, "a notification carries no clientState")
            }
            guard Self.constantTimeEqual(state, clientState) else {
                throw WebhookRejection(.badSignature, "a notification's clientState does not match this connection's")
            }
            if let tenant = item.tenantId, tenant.lowercased() != tenantID.lowercased() {
                throw WebhookRejection(.badSignature, "a notification names another tenant")
            }
        }
        let first = delivery.value[0]
        let eventType = first.lifecycleEvent.map { "lifecycle.\($0)" } ?? "\(first.changeType ?? "changed")"
        let digest = SHA256.hash(data: request.body).map { String(format: "%02x", $0) }.joined()
        return .accepted(WebhookEnvelope(eventType: eventType, routingKey: tenantID, occurredAt: nil, deliveryKey: digest))
    }

    /// What each notification of a verified delivery means.
    static func decode(_ body: Data) throws -> [Meaning] {
        let delivery: Delivery
        do {
            delivery = try JSONDecoder().decode(Delivery.self, from: body)
        } catch {
            throw ConnectorError(.malformedData, "The notification is not Graph's documented JSON: \(PluginErrorText.describe(error)).")
        }
        return delivery.value.map { item in
            let webinarID = item.resource.flatMap(webinarID(inResource:))
            if let event = item.lifecycleEvent {
                return .lifecycle(event: event, subscriptionID: item.subscriptionId ?? "", webinarID: webinarID)
            }
            guard let webinarID else { return .ignored(item.resource ?? "notification without a resource") }
            return .changed(webinarID: webinarID)
        }
    }

    /// The webinar id in a resource path: `…/webinars/{id}/…` or `…/webinars('{id}')/…`.
    static func webinarID(inResource resource: String) -> String? {
        guard let range = resource.range(of: "webinars") else { return nil }
        var rest = resource[range.upperBound...]
        if rest.hasPrefix("('") {
            rest = rest.dropFirst(2)
            guard let end = rest.range(of: "')") else { return nil }
            return String(rest[..<end.lowerBound]).nilIfEmpty
        }
        guard rest.hasPrefix("/") else { return nil }
        let id = rest.dropFirst().prefix { $0 != "/" && $0 != "?" }
        return (String(id).removingPercentEncoding ?? String(id)).nilIfEmpty
    }

    private static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
