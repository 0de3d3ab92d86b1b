import ConnectorKit
import Foundation
import Synchronization

/// A connector type served by a plugin process: its descriptor is the one the handshake
/// declared, and each instance it makes is configured in the type's one supervised process.
public struct PluginConnectorProvider: ConnectorProvider {
    /// The descriptor from the connector's handshake.
    public let descriptor: ConnectorDescriptor
    /// The process's supervisor.
    public let supervisor: ConnectorSupervisor
    private let counter = InstanceCounter()

    /// Creates a provider for a supervisor whose handshake returned `descriptor`.
    public init(descriptor: ConnectorDescriptor, supervisor: ConnectorSupervisor) {
        self.descriptor = descriptor
        self.supervisor = supervisor
    }

    /// Sends `configure` for a new instance (named after its tenant) and returns a connector
    /// forwarding every call to it; the instance is released when the connector is dropped.
    public func makeConnector(config: ConfigObject, context: ConnectorContext) async throws -> any Connector {
        let tenant = context.logger[metadataKey: "tenant"].map { "\($0)" } ?? "host"
        let id = "\(tenant)/\(counter.next())"
        let result = try await supervisor.configure(
            instance: id, config: config, context: ConfigureContext(sandboxBaseURLs: context.sandboxBaseURLs))
        return PluginConnector(
            handle: PluginInstanceHandle(id: id, supervisor: supervisor), routingKey: result.routingKey,
            hostPolicies: result.hostPolicies)
    }
}

/// Numbers the instances of one provider.
private final class InstanceCounter: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}

/// Owns one configured instance; releases it in the connector when the last user drops it
/// (a tenant reloaded or removed).
final class PluginInstanceHandle: Sendable {
    let id: String
    let supervisor: ConnectorSupervisor

    init(id: String, supervisor: ConnectorSupervisor) {
        self.id = id
        self.supervisor = supervisor
    }

    deinit {
        Task { [id, supervisor] in await supervisor.release(instance: id) }
    }
}

/// An instance of a plugin connector: every call is a request to the type's process.
/// Failures of the process surface as ``ConnectorError`` `unavailable`, which the host retries.
struct PluginConnector: Connector {
    let handle: PluginInstanceHandle
    let routingKey: String
    let hostPolicies: [HostPolicy]

    private var supervisor: ConnectorSupervisor { handle.supervisor }
    private var instance: String { handle.id }

    func verifyWebhook(_ request: WebhookRequest) async throws -> WebhookVerification {
        let params = VerifyWebhookParams(instance: instance, request: request)
        return try await supervisor.call(.verifyWebhook, params, as: VerifyWebhookResult.self).verification()
    }

    func decodeWebhook(_ body: Data) async throws -> [SourceEvent] {
        try await supervisor.call(.decodeWebhook, DecodeWebhookParams(instance: instance, body: body), as: DecodeWebhookResult.self)
            .events
    }

    func listWebinars() async throws -> [Webinar] {
        try await supervisor.call(.listWebinars, InstanceParams(instance: instance), as: ListWebinarsResult.self).webinars
    }

    func listPastWebinars(since: Date) async throws -> PastWebinarListing {
        try await supervisor.call(
            .listPastWebinars, ListPastWebinarsParams(instance: instance, since: since), as: PastWebinarListing.self)
    }

    func snapshot(webinarID: String) async throws -> WebinarSnapshot {
        try await supervisor.snapshot(SnapshotParams(instance: instance, webinarId: webinarID))
    }

    func recording(webinarID: String, instanceUUID: String?) async throws -> RecordingFetch {
        try await supervisor.call(
            .recording, RecordingParams(instance: instance, webinarId: webinarID, instanceUUID: instanceUUID), as: RecordingFetch.self)
    }

    func perform(_ request: ActionRequest) async throws -> ActionResult {
        try await supervisor.call(.perform, PerformParams(instance: instance, request: request), as: ActionResult.self)
    }

    func maintainSubscriptions(_ request: SubscriptionRequest) async throws -> SubscriptionStatus {
        try await supervisor.call(
            .maintainSubscriptions, MaintainSubscriptionsParams(instance: instance, request: request), as: SubscriptionStatus.self)
    }
}
