import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import SwitchyardJSON

/// One attempt of the simulator to reach a notification URL, as the inspection route shows it.
public struct GraphNotificationDelivery: Sendable, Codable, Equatable {
    /// Position in the delivery log, starting at 1.
    public var sequence: Int
    /// The subscription (nil for the validation of a subscription not yet created).
    public var subscriptionID: String?
    /// Destination URL (without the validation token).
    public var url: String
    /// `validation`, `change` or `lifecycle`.
    public var kind: String
    /// 1 for the first try, 2… for retries (0 for a validation request).
    public var attempt: Int
    /// `validated`, `validation_failed`, `delivered`, `failed` or `dropped` (fault plan).
    public var outcome: String
    /// HTTP status the receiver answered, if it answered.
    public var status: Int?
    /// What went wrong, if anything.
    public var error: String?
    /// The body that was sent (the validation token for a validation request).
    public var body: String
}

/// Talks to notification URLs the way Graph does: the `validationToken` handshake (the plain
/// token must come back within the configured time, 10 s), change notifications with the
/// subscription's `clientState`, lifecycle notifications, retries of failed deliveries, and
/// drops when the fault plan says so.
final class GraphNotifier: Sendable {
    private struct State: Sendable {
        var log: [GraphNotificationDelivery] = []
        var inFlight = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let store: GraphStore
    private let configuration: GraphSimulatorConfiguration
    private let faults: FaultInjector
    private let httpClient: HTTPClient
    private let state = Mutex(State())

    init(store: GraphStore, configuration: GraphSimulatorConfiguration, faults: FaultInjector, httpClient: HTTPClient) {
        self.store = store
        self.configuration = configuration
        self.faults = faults
        self.httpClient = httpClient
    }

    /// Every attempt so far, oldest first.
    var log: [GraphNotificationDelivery] { state.withLock { $0.log } }

    /// Waits until no delivery or retry is pending.
    func settle() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { state in
                if state.inFlight == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Marks one delivery (with its retries) finished, waking the waiters when none is left.
    private func finishOne() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.inFlight -= 1
            guard state.inFlight == 0 else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Sends the validation request to `url`; nil when the token came back, else why not.
    func validate(url: String, subscriptionID: String?) async -> String? {
        var generator = SystemRandomNumberGenerator()
        let token =
            "Validation: Testing client application reachability for subscription Request-Id: \(GraphIdentifiers.guid(using: &generator))"
        let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
        let target = url + (url.contains("?") ? "&" : "?") + "validationToken=" + encoded
        let answer = await post(Data(), to: target, contentType: "text/plain; charset=utf-8", timeout: configuration.validationTimeout)
        var problem = answer.error
        if problem == nil {
            if answer.status != 200 {
                problem =
                    "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request (it answered \(answer.status ?? 0))."
            } else if String(decoding: answer.body ?? Data(), as: UTF8.self) != token {
                problem = "Subscription validation request failed. Response must exactly match validationToken query parameter."
            } else if !(answer.contentType ?? "").lowercased().hasPrefix("text/plain") {
                problem = "Subscription validation request failed. Response must be of content type text/plain."
            }
        }
        record(subscriptionID, url, "validation", 0, problem == nil ? "validated" : "validation_failed", answer.status, problem, token)
        return problem
    }

    /// Notifies every live subscription to `solutions/virtualEvents/webinars/{webinarID}/{collection}`
    /// whose change types include `changeType`.
    func changed(
        tenantID: String, webinarID: String, collection: String, changeType: String, resourceID: String,
        odataType: String, resource: String? = nil
    ) {
        let now = configuration.now()
        let subscribed = "solutions/virtualevents/webinars/\(webinarID.lowercased())/\(collection.lowercased())"
        let resourcePath = resource ?? "solutions/virtualEvents/webinars('\(webinarID)')/\(collection)('\(resourceID)')"
        let targets = store.snapshot.subscriptions.values.filter { subscription in
            subscription.tenantID == tenantID && subscription.expirationDateTime > now
                && Self.normalized(subscription.resource) == subscribed
                && subscription.changeType.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == changeType }
        }
        for subscription in targets.sorted(by: { $0.id < $1.id }) {
            let notification: JSONValue = [
                "subscriptionId": .string(subscription.id),
                "subscriptionExpirationDateTime": GraphResponses.date(subscription.expirationDateTime),
                "changeType": .string(changeType),
                "resource": .string(resourcePath),
                "resourceData": [
                    "@odata.type": .string("#Microsoft.Graph.\(odataType)"),
                    "@odata.id": .string(resourcePath),
                    "id": .string(resourceID),
                ],
                "clientState": .optional(subscription.clientState),
                "tenantId": .string(tenantID),
            ]
            enqueue(["value": [notification]], to: subscription.notificationUrl, subscriptionID: subscription.id, kind: "change")
        }
    }

    /// Sends a lifecycle notification (`reauthorizationRequired`, `subscriptionRemoved`, `missed`)
    /// to the subscription's lifecycle URL; false when it has none.
    func lifecycle(_ subscription: GraphSubscriptionData, event: String) -> Bool {
        guard let url = subscription.lifecycleNotificationUrl else { return false }
        let notification: JSONValue = [
            "subscriptionId": .string(subscription.id),
            "subscriptionExpirationDateTime": GraphResponses.date(subscription.expirationDateTime),
            "tenantId": .string(subscription.tenantID),
            "clientState": .optional(subscription.clientState),
            "lifecycleEvent": .string(event),
            "resource": .string(subscription.resource),
            "changeType": .string(subscription.changeType),
        ]
        enqueue(["value": [notification]], to: url, subscriptionID: subscription.id, kind: "lifecycle")
        return true
    }

    /// The resource path as compared: lower case, no leading slash, no `/v1.0` prefix.
    static func normalized(_ resource: String) -> String {
        var path = resource.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if path.hasPrefix("v1.0/") { path.removeFirst("v1.0/".count) }
        return path
    }

    private func enqueue(_ body: JSONValue, to url: String, subscriptionID: String, kind: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data()
        let text = String(decoding: data, as: UTF8.self)
        if faults.shouldDropWebhook() {
            record(subscriptionID, url, kind, 1, "dropped", nil, "dropped by the fault plan", text)
            return
        }
        state.withLock { $0.inFlight += 1 }
        Task {
            let delays: [Duration] = [.zero] + configuration.notificationRetryDelays
            for (index, delay) in delays.enumerated() {
                if delay > .zero { try? await Task.sleep(for: delay) }
                let answer = await post(
                    data, to: url, contentType: "application/json; charset=utf-8", timeout: configuration.notificationTimeout)
                let delivered = (200..<300).contains(answer.status ?? 0)
                let problem = delivered ? nil : (answer.error ?? "receiver answered \(answer.status ?? 0)")
                record(subscriptionID, url, kind, index + 1, delivered ? "delivered" : "failed", answer.status, problem, text)
                if delivered { break }
            }
            self.finishOne()
        }
    }

    private func post(_ body: Data, to url: String, contentType: String, timeout: Duration) async
        -> (status: Int?, body: Data?, contentType: String?, error: String?)
    {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: contentType)
        request.headers.add(name: "user-agent", value: "Microsoft-Graph-ChangeTracking/1.0 (sandbox)")
        request.body = .bytes(ByteBuffer(bytes: body))
        let (seconds, attoseconds) = timeout.components
        do {
            let response = try await httpClient.execute(
                request, timeout: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
            let received = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), Data(received.readableBytesView), response.headers.first(name: "content-type"), nil)
        } catch {
            return (nil, nil, nil, "the notification URL did not answer in time or could not be reached (\(error))")
        }
    }

    private func record(
        _ subscriptionID: String?, _ url: String, _ kind: String, _ attempt: Int, _ outcome: String, _ status: Int?,
        _ error: String?, _ body: String
    ) {
        state.withLock { state in
            state.log.append(
                GraphNotificationDelivery(
                    sequence: state.log.count + 1, subscriptionID: subscriptionID, url: url, kind: kind, attempt: attempt,
                    outcome: outcome, status: status, error: error, body: body))
        }
    }
}
