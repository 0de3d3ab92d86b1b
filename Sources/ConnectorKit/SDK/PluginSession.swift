import AsyncHTTPClient
import Foundation
import Logging

/// The state of one protocol session of a plugin process: its configured instances and the
/// requests in flight. Lines arrive one at a time through ``receive(_:)``; each request then
/// runs in its own task, off the actor.
actor PluginSession<Native: NativeConnector> {
    private var instances: [String: Native] = [:]
    private var inFlight: [RPCID: Task<Void, Never>] = [:]
    private var cancelled: Set<RPCID> = []
    private var drainWaiter: CheckedContinuation<Void, Never>?
    private var offeredFeatures: Set<String> = []
    /// Sends the connector's API calls to the host, when it offered `api_calls`.
    private var apiCalls: APICallReporter?
    /// The share of the source accounts' rate limits every instance paces by (`share_budget`).
    let budgetShare = RequestBudgetShare()
    private let output: any LineSink
    private let httpClient: HTTPClient
    private let logger: Logger

    init(output: any LineSink, httpClient: HTTPClient, logger: Logger) {
        self.output = output
        self.httpClient = httpClient
        self.logger = logger
    }

    /// Handles one incoming line: answers malformed input at once, starts a task for a request,
    /// cancels one for `cancel`.
    func receive(_ event: LineEvent) async {
        guard case .line(let line) = event else {
            await reject(
                nil, RPCErrorCode.invalidRequest, "the line is longer than the protocol's limit of \(connectorMaxLineLength) bytes")
            return
        }
        let head: RPCHead
        do {
            head = try ConnectorWire.decode(RPCHead.self, from: line)
        } catch {
            if (try? JSONSerialization.jsonObject(with: line, options: [.fragmentsAllowed])) == nil {
                await reject(nil, RPCErrorCode.parseError, "the line is not JSON")
            } else {
                await reject(nil, RPCErrorCode.invalidRequest, "a request must be a JSON object")
            }
            return
        }
        guard head.jsonrpc == "2.0", head.idIsValid, let method = head.method else {
            await reject(
                head.idIsValid ? head.id : nil, RPCErrorCode.invalidRequest,
                "not a JSON-RPC 2.0 request: it needs \"jsonrpc\": \"2.0\", a \"method\" string and an \"id\" number or string")
            return
        }
        guard let id = head.id else {
            if method == ConnectorMethod.cancel.rawValue,
                let cancel = try? ConnectorWire.decode(RPCNotification<CancelParams>.self, from: line)
            {
                cancelled.insert(cancel.params.id)
                inFlight[cancel.params.id]?.cancel()
            } else if method == ConnectorMethod.shareBudget.rawValue,
                let share = try? ConnectorWire.decode(RPCNotification<ShareBudgetParams>.self, from: line)
            {
                budgetShare.share(among: share.params.sharedBy)
            }
            return
        }
        guard let known = ConnectorMethod(rawValue: method), known != .cancel, known != .shareBudget else {
            await reject(id, RPCErrorCode.methodNotFound, "unknown method '\(method)'")
            return
        }
        guard inFlight[id] == nil else {
            await reject(id, RPCErrorCode.invalidRequest, "request id \(id) is already in flight")
            return
        }
        cancelled.remove(id)
        inFlight[id] = Task { [self] in
            let answer = await PluginHandler(session: self, httpClient: httpClient, logger: logger).answer(known, id: id, line: line)
            await self.finish(id, answer: answer)
        }
    }

    /// Waits until every request in flight has finished, up to `grace`; then cancels what is
    /// left and returns without waiting for it (protocol §2: exit within 5 seconds).
    func drain(grace: Duration) async {
        guard !inFlight.isEmpty else { return }
        await withCheckedContinuation { continuation in
            drainWaiter = continuation
            Task { [self] in
                try? await Task.sleep(for: grace)
                abandonInFlight()
            }
        }
    }

    private func abandonInFlight() {
        guard let waiter = drainWaiter else { return }
        drainWaiter = nil
        logger.warning("abandoning requests still in flight after stdin closed", metadata: ["count": .stringConvertible(inFlight.count)])
        for task in inFlight.values { task.cancel() }
        inFlight = [:]
        waiter.resume()
    }

    /// The instance named `name`.
    func instance(_ name: String) -> Native? { instances[name] }

    /// Stores (or replaces) an instance.
    func store(_ instance: Native, as name: String) { instances[name] = instance }

    /// Drops an instance.
    func release(_ name: String) { instances[name] = nil }

    /// Remembers the optional features the host offered in its handshake.
    func accept(features: [String]) {
        offeredFeatures = Set(features)
        apiCalls = offeredFeatures.contains(ConnectorFeature.apiCalls) ? (apiCalls ?? APICallReporter(output: output)) : nil
    }

    /// The observer that reports the connector's API calls to the host; nil when the host did
    /// not offer `api_calls`.
    func apiCallObserver() -> (@Sendable (APICallRecord) -> Void)? { apiCalls?.observer }

    /// Whether the host offered `feature`.
    func offers(_ feature: String) -> Bool { offeredFeatures.contains(feature) }

    /// Writes a notification line (a `snapshot_part` ahead of its result).
    func emit(_ line: Data) async { await output.send(line) }

    private func finish(_ id: RPCID, answer: Data) async {
        inFlight[id] = nil
        // The request's API calls reach the host before its answer.
        await apiCalls?.flush()
        if cancelled.remove(id) == nil { await output.send(answer) }
        if inFlight.isEmpty, let waiter = drainWaiter {
            drainWaiter = nil
            waiter.resume()
        }
    }

    private func reject(_ id: RPCID?, _ code: Int, _ message: String) async {
        logger.warning("rejected a malformed request", metadata: ["code": .stringConvertible(code), "reason": .string(message)])
        await output.send(PluginHandler<Native>.encodeError(id, RPCError(code: code, message: message)))
    }
}

/// Params the connector cannot work with (unknown instance, undecodable field): `-32602`.
struct InvalidParams: Error {
    var message: String
}

/// Answers one request: decodes its params, calls the connector, encodes the response line.
struct PluginHandler<Native: NativeConnector>: Sendable {
    let session: PluginSession<Native>
    let httpClient: HTTPClient
    let logger: Logger

    func answer(_ method: ConnectorMethod, id: RPCID, line: Data) async -> Data {
        switch method {
        case .handshake:
            return await respond(id, line, HandshakeParams.self) { params in
                guard params.protocolVersions.contains(ConnectorProtocol.version) else {
                    throw ConnectorError(
                        .unsupported,
                        "this connector speaks protocol version \(ConnectorProtocol.version); the host offered \(params.protocolVersions)")
                }
                await session.accept(features: params.features)
                return HandshakeResult(protocolVersion: ConnectorProtocol.version, descriptor: Native.descriptor)
            }
        case .configure:
            return await respond(id, line, ConfigureParams.self) { params in try await configure(params) }
        case .release:
            return await respond(id, line, InstanceParams.self) { params in
                await session.release(params.instance)
                return EmptyResult()
            }
        case .verifyWebhook:
            return await respond(id, line, VerifyWebhookParams.self) { params in
                let connector = try await instance(params.instance)
                do {
                    return VerifyWebhookResult(try await connector.verifyWebhook(params.request))
                } catch let rejection as WebhookRejection {
                    return VerifyWebhookResult.rejected(rejection)
                }
            }
        case .decodeWebhook:
            return await respond(id, line, DecodeWebhookParams.self) { params in
                DecodeWebhookResult(events: try await instance(params.instance).decodeWebhook(params.body))
            }
        case .listWebinars:
            return await respond(id, line, InstanceParams.self) { params in
                ListWebinarsResult(webinars: try await instance(params.instance).listWebinars())
            }
        case .listPastWebinars:
            return await respond(id, line, ListPastWebinarsParams.self) { params in
                try await instance(params.instance).listPastWebinars(since: params.since)
            }
        case .snapshot:
            return await respond(id, line, SnapshotParams.self) { params in
                let snapshot = try await instance(params.instance).snapshot(webinarID: params.webinarId)
                guard await session.offers(ConnectorFeature.snapshotParts) else { return SnapshotResult(snapshot: snapshot) }
                let (parts, rest) = SnapshotPart.split(snapshot, id: id)
                for part in parts {
                    try Task.checkCancellation()
                    await session.emit(try part.notificationLine())
                }
                return SnapshotResult(snapshot: rest)
            }
        case .recording:
            return await respond(id, line, RecordingParams.self) { params in
                try await instance(params.instance).recording(webinarID: params.webinarId, instanceUUID: params.instanceUUID)
            }
        case .perform:
            return await respond(id, line, PerformParams.self) { params in
                try await instance(params.instance).perform(params.request)
            }
        case .maintainSubscriptions:
            return await respond(id, line, MaintainSubscriptionsParams.self) { params in
                try await instance(params.instance).maintainSubscriptions(params.request)
            }
        case .cancel, .shareBudget:
            return Self.encodeError(id, RPCError(code: RPCErrorCode.methodNotFound, message: "\(method.rawValue) is a notification"))
        }
    }

    private func configure(_ params: ConfigureParams) async throws -> ConfigureResult {
        let config: ConfigObject
        do {
            config = try params.config.configObject(spec: Native.descriptor.configSpec)
        } catch {
            throw InvalidParams(message: error.description)
        }
        var instanceLogger = logger
        instanceLogger[metadataKey: "instance"] = .string(params.instance)
        let share = session.budgetShare
        if let sharedBy = params.context.budgetSharedBy { share.share(among: sharedBy) }
        var context = ConnectorContext(
            logger: instanceLogger, httpClient: httpClient, sandboxBaseURLs: params.context.sandboxBaseURLs, budgetShare: share)
        context.onAPICall = await session.apiCallObserver()
        let connector = try Native(config: config, context: context)
        await session.store(connector, as: params.instance)
        logger.info("configured an instance", metadata: ["instance": .string(params.instance)])
        return ConfigureResult(routingKey: connector.routingKey, hostPolicies: connector.hostPolicies)
    }

    private func instance(_ name: String) async throws -> Native {
        guard let connector = await session.instance(name) else {
            throw InvalidParams(message: "unknown instance '\(name)'; send configure for it first")
        }
        return connector
    }

    private func respond<Params: Codable & Sendable, Result: Codable & Sendable>(
        _ id: RPCID, _ line: Data, _ type: Params.Type, _ body: (Params) async throws -> Result
    ) async -> Data {
        let params: Params
        do {
            params = try ConnectorWire.decode(RPCRequest<Params>.self, from: line).params
        } catch {
            return Self.encodeError(
                id, RPCError(code: RPCErrorCode.invalidParams, message: "invalid params: \(PluginErrors.describe(error))"))
        }
        do {
            let result = try await body(params)
            return try ConnectorWire.encode(RPCResponse(id: id, result: result))
        } catch let error as InvalidParams {
            return Self.encodeError(id, RPCError(code: RPCErrorCode.invalidParams, message: error.message))
        } catch {
            let rpcError = PluginErrors.rpcError(for: error)
            logger.info(
                "request failed",
                metadata: ["id": .string(id.description), "kind": .string(rpcError.data?.kind ?? ""), "error": .string(rpcError.message)])
            return Self.encodeError(id, rpcError)
        }
    }

    static func encodeError(_ id: RPCID?, _ error: RPCError) -> Data {
        (try? ConnectorWire.encode(RPCErrorResponse(id: id, error: error)))
            ?? Data(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"could not encode the error"}}"#.utf8)
    }
}
