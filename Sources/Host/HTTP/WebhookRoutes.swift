import ConnectorKit
import Foundation
import Hummingbird
import Store

/// `POST /webhooks/{connectorType}`: verifies a source's webhook with the secret of the
/// account it names, appends it to the tenant's durable inbox, and answers 200 — before any
/// sync work. An unknown account and a bad or stale signature get the same 401 and body (so
/// account ids cannot be probed); nothing is stored then. An unknown connector type is 404.
enum WebhookRoutes {
    static func add(
        to router: Router<BasicRequestContext>, registry: TenantRegistry, store: any StateStore, metrics: HostMetrics,
        inbox: InboxSignal
    ) {
        router.post("webhooks/:connector") { request, context in
            let received = ContinuousClock.now
            let connectorType = try context.parameters.require("connector")
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            let body = Data(buffer: buffer)
            var headers: [String: String] = [:]
            headers.reserveCapacity(request.headers.count)
            for field in request.headers where headers[field.name.canonicalName] == nil {
                headers[field.name.canonicalName] = field.value
            }
            // Query parameters are decoded (a source's endpoint validation may send its challenge there).
            let query =
                request.uri.query == nil
                ? [:]
                : Dictionary(
                    request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
            let webhook = WebhookRequest(headers: headers, body: body, receivedAt: Date(), query: query)
            let trace = RequestTrace.id(ofWebhookBody: body)
            var outcome = await RequestTrace.$current.withValue(trace) {
                await handle(webhook, connectorType: connectorType, registry: registry, store: store, inbox: inbox)
            }
            // An unknown type is one bounded label, read from the outcome (no second registry lookup).
            let label = outcome.result == "unknown_connector" ? "other" : connectorType
            metrics.webhook(connector: label, result: outcome.result, duration: ContinuousClock.now - received)
            outcome.response.headers[.requestID] = trace
            return outcome.response
        }
    }

    struct Outcome {
        var result: String
        var response: Response
    }

    static func handle(
        _ webhook: WebhookRequest, connectorType: String, registry: TenantRegistry, store: any StateStore, inbox: InboxSignal
    ) async -> Outcome {
        guard let descriptor = registry.descriptor(ofType: connectorType) else {
            return Outcome(result: "unknown_connector", response: error(.notFound, "no connector type serves this webhook route"))
        }
        let candidates: [(TenantRuntime, ConnectorInstance)]
        if let claimed = descriptor.claimedRoutingKey(ofWebhookBody: webhook.body) {
            guard let routed = await registry.route(connectorType: connectorType, routingKey: claimed) else {
                return Outcome(result: "unknown_account", response: unverified)
            }
            candidates = [routed]
        } else {
            candidates = await registry.instances(ofType: connectorType)
        }
        guard !candidates.isEmpty else {
            return Outcome(result: "unknown_account", response: unverified)
        }
        var rejection: WebhookRejection?
        var unavailable: ConnectorError?
        for (runtime, instance) in candidates {
            do {
                switch try await instance.connector.verifyWebhook(webhook) {
                case .challenge(let body, let contentType):
                    return Outcome(
                        result: "challenge",
                        response: Response(
                            status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: body))))
                case .accepted(let envelope):
                    let item = NewInboxItem(
                        tenantID: runtime.id, connectorType: connectorType, routingKey: envelope.routingKey,
                        deliveryKey: envelope.deliveryKey, eventType: envelope.eventType, body: webhook.body,
                        receivedAt: webhook.receivedAt)
                    do {
                        let stored = try await store.appendToInbox(item)
                        if case .duplicate = stored { return Outcome(result: "duplicate", response: stored200) }
                        inbox.notify(runtime.id)
                        return Outcome(result: "accepted", response: stored200)
                    } catch {
                        return Outcome(
                            result: "store_error", response: Self.error(.serviceUnavailable, "the event could not be stored; retry later"))
                    }
                }
            } catch let error as WebhookRejection {
                rejection = error
            } catch let error as ConnectorError where error.isRetryable {
                // The connector (e.g. a plugin process restarting) cannot verify now: the sender retries.
                unavailable = error
            } catch {
                rejection = WebhookRejection(.malformed, "\(error)")
            }
        }
        if rejection == nil, let unavailable {
            return Outcome(
                result: "connector_unavailable", response: error(.serviceUnavailable, "\(unavailable.message); retry later"))
        }
        return Outcome(result: rejection?.reason.rawValue ?? "rejected", response: unverified)
    }

    /// The one answer to a webhook that could not be verified, whatever the reason (unknown
    /// account, bad, stale or missing signature), so the answer tells nothing about which ids exist.
    static var unverified: Response {
        error(
            .unauthorized,
            "the webhook could not be verified: its signature does not match the secret of the account it names, "
                + "or it is stale, or no tenant connects that account")
    }

    /// The answer to a stored (or already stored) delivery: `{}`, from buffers made once.
    static var stored200: Response {
        Response(status: .ok, headers: jsonHeaders, body: .init(byteBuffer: emptyObject))
    }

    private static let jsonHeaders: HTTPFields = [.contentType: "application/json"]
    private static let emptyObject = ByteBuffer(string: "{}")

    static func json(_ status: HTTPResponse.Status, _ body: Data) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = (try? JSONEncoder().encode(["error": message])) ?? Data()
        return json(status, body)
    }
}
