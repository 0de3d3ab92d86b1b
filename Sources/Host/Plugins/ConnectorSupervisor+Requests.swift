import ConnectorKit
import Foundation
import Logging

extension ConnectorSupervisor {
    // MARK: Instances

    /// Configures (or replaces) an instance and remembers it, so a restarted process gets it again.
    /// The config's secrets are sent only here, and scrubbed from everything the connector says.
    func configure(instance id: String, config: ConfigObject, context: ConfigureContext) async throws -> ConfigureResult {
        scrubber.learn(config)
        try await start()
        let instance = Instance(config: config, context: context)
        let result = try await configureNow(id: id, instance: instance, generation: generation)
        instances[id] = instance
        return result
    }

    func configureNow(id: String, instance: Instance, generation: Int) async throws -> ConfigureResult {
        var context = instance.context
        context.budgetSharedBy = budgetSharedBy > 1 ? budgetSharedBy : nil
        let params = ConfigureParams(instance: id, config: WireConfig(instance.config), context: context)
        let answer = try await send(method: ConnectorMethod.configure.rawValue, params: params, generation: generation)
        return try decodeResult(ConfigureResult.self, from: answer.line, method: "configure")
    }

    /// Tells the connector (now if it runs, else in each `configure` when it starts) to pace its
    /// instances by `1/replicas` of their accounts' rate limits.
    func shareBudgets(among replicas: Int) {
        let replicas = max(1, replicas)
        guard replicas != budgetSharedBy else { return }
        budgetSharedBy = replicas
        guard case .running = phase,
            let line = try? ConnectorWire.encode(
                RPCNotification(method: ConnectorMethod.shareBudget.rawValue, params: ShareBudgetParams(sharedBy: replicas)))
        else { return }
        process?.send(line)
    }

    /// Forgets an instance (its tenant was reloaded or removed) and tells the connector, if it runs.
    func release(instance id: String) async {
        guard instances.removeValue(forKey: id) != nil, case .running = phase else { return }
        _ = try? await send(method: ConnectorMethod.release.rawValue, params: InstanceParams(instance: id), generation: generation)
    }

    // MARK: Requests

    /// Sends a request to the running process (starting it on first use) and decodes its result
    /// (off the actor, so a large answer does not hold up the type's other requests).
    nonisolated func call<Params: Codable & Sendable, Result: Codable & Sendable>(
        _ method: ConnectorMethod, _ params: Params, as type: Result.Type
    ) async throws -> Result {
        let answer = try await exchange(method, params)
        return try decodeResult(type, from: answer.line, method: method.rawValue)
    }

    /// Takes a snapshot: the result and the `snapshot_part`s sent ahead of it (decoded while
    /// the connector was still writing), assembled in order.
    nonisolated func snapshot(_ params: SnapshotParams) async throws -> WebinarSnapshot {
        let answer = try await exchange(.snapshot, params)
        let rest = try decodeResult(SnapshotResult.self, from: answer.line, method: "snapshot").snapshot
        var parts: [SnapshotPart] = []
        parts.reserveCapacity(answer.parts.count)
        for part in answer.parts {
            do {
                parts.append(try await part.value)
            } catch {
                throw ConnectorError(
                    .malformedData,
                    "the \(type) connector sent a snapshot_part that does not fit the protocol: \(scrubber.scrub(String(describing: error)))"
                )
            }
        }
        return SnapshotPart.assemble(parts, rest: rest)
    }

    /// Starts the process if needed and sends one request.
    private func exchange<Params: Codable & Sendable>(_ method: ConnectorMethod, _ params: Params) async throws -> Answer {
        try await start()
        return try await send(method: method.rawValue, params: params, generation: generation)
    }

    /// Writes a request to the process of `generation` and waits for its answer (the raw line
    /// and any snapshot parts before it), its timeout, the process's failure or the caller's
    /// cancellation.
    func send<Params: Codable & Sendable>(method: String, params: Params, generation expected: Int) async throws -> Answer {
        guard expected == generation, let process else {
            throw ConnectorError(.unavailable, "the \(type) connector is not running; the work is retried when it is back")
        }
        let id = nextID
        nextID += 1
        let line = try ConnectorWire.encode(RPCRequest(id: .number(id), method: method, params: params))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let limit = timeout(of: method)
                let timeout = Task {
                    try? await Task.sleep(for: limit)
                    guard !Task.isCancelled else { return }
                    self.timedOut(id: id, generation: expected)
                }
                pending[id] = Pending(method: method, continuation: continuation, timeout: timeout)
                process.send(line)
            }
        } onCancel: {
            Task { await self.abandon(id: id, generation: expected, error: CancellationError()) }
        }
    }

    /// How long `method` may take: the manifest's timeout; a handshake (process start included)
    /// gets at least 10 seconds.
    private func timeout(of method: String) -> Duration {
        method == ConnectorMethod.handshake.rawValue ? max(manifest.requestTimeout, .seconds(10)) : manifest.requestTimeout
    }

    private func timedOut(id: Int, generation expected: Int) {
        guard expected == generation, let request = pending[id] else { return }
        let seconds = timeout(of: request.method).secondsText
        logger.warning(
            "the \(type) connector did not answer \(request.method) within \(seconds) seconds; the request is cancelled",
            metadata: ["request_id": .stringConvertible(id)])
        if request.method == ConnectorMethod.handshake.rawValue {
            failed(generation: expected, reason: "did not answer the handshake within \(seconds) seconds")
            return
        }
        abandon(
            id: id, generation: expected,
            error: ConnectorError(
                .unavailable,
                "the \(type) connector did not answer \(request.method) within \(seconds) seconds; the work is retried later"))
    }

    /// Stops waiting for `id`, fails its caller with `error` and sends `cancel`.
    private func abandon(id: Int, generation expected: Int, error: any Error) {
        guard expected == generation, let request = pending.removeValue(forKey: id) else { return }
        request.timeout.cancel()
        abandoned.insert(id)
        request.continuation.resume(throwing: error)
        if let line = try? ConnectorWire.encode(
            RPCNotification(method: ConnectorMethod.cancel.rawValue, params: CancelParams(id: .number(id))))
        {
            process?.send(line)
        }
    }

    // MARK: Reading

    /// Reads the process's stdout until it ends, dispatching answers and reporting violations.
    func read(_ events: AsyncStream<PluginProcess.Event>, generation expected: Int) async {
        for await event in events {
            guard expected == generation else { return }
            switch event {
            case .line(let line):
                if let violation = dispatch(line) {
                    failed(generation: expected, reason: violation)
                    return
                }
            case .oversizedLine:
                failed(generation: expected, reason: "wrote a stdout line longer than 64 MiB")
                return
            case .exited(let status, let signalled):
                failed(generation: expected, reason: signalled ? "was killed by signal \(status)" : "exited with status \(status)")
                return
            }
        }
    }

    /// Hands one stdout line to the request it answers; returns what the connector did wrong, if anything.
    private func dispatch(_ line: Data) -> String? {
        guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) else {
            return nil
        }
        // A snapshot part (the bulk of a large snapshot) is only scanned here; it is decoded off the actor.
        if let part = SnapshotPartHead.read(line) { return receivePart(line, for: part.requestID) }
        guard let head = try? ConnectorWire.decode(RPCHead.self, from: line) else {
            return "wrote something on stdout that is not a JSON-RPC message: \(shown(line))"
        }
        if head.method == ConnectorNotification.snapshotPart, head.jsonrpc == "2.0", head.id == nil {
            return receivePart(line, for: head.paramsID)
        }
        if head.method == ConnectorNotification.apiCalls, head.jsonrpc == "2.0", head.id == nil {
            receiveAPICalls(line)
            return nil
        }
        guard head.method == nil, head.jsonrpc == "2.0", head.hasResult || head.error != nil else {
            return "wrote a message on stdout that is not a JSON-RPC response: \(shown(line))"
        }
        guard case .number(let id)? = head.id else {
            return "answered with id \(head.id?.description ?? "null"), which the host never sent: \(shown(line))"
        }
        guard let request = pending.removeValue(forKey: id) else {
            if abandoned.remove(id) != nil { return nil }
            return "answered id \(id), which the host never sent (or already had an answer for)"
        }
        request.timeout.cancel()
        if let error = head.error {
            var failure = error.connectorError
            failure.message = scrubber.scrub(failure.message)
            request.continuation.resume(throwing: failure)
        } else {
            request.continuation.resume(returning: Answer(line: line, parts: request.parts))
        }
        return nil
    }

    /// Files a `snapshot_part` with its snapshot request and starts decoding it; returns the
    /// violation when it belongs to no snapshot in flight or the parts grow too large.
    private func receivePart(_ line: Data, for id: RPCID?) -> String? {
        guard case .number(let number)? = id, var request = pending[number], request.method == ConnectorMethod.snapshot.rawValue
        else {
            if case .number(let number)? = id, abandoned.contains(number) { return nil }
            return "sent a snapshot_part for \(id.map { "id \($0)" } ?? "no id"), which is not a snapshot in flight"
        }
        request.partBytes += line.count
        guard request.partBytes <= connectorMaxSnapshotBytes else {
            return "sent more than \(connectorMaxSnapshotBytes >> 20) MiB of snapshot parts for request \(number)"
        }
        request.parts.append(Task.detached { try SnapshotPart.decodeNotification(line) })
        pending[number] = request
        return nil
    }

    /// The result of a response line, or a `malformedData` error naming the connector and method.
    nonisolated func decodeResult<Result: Codable & Sendable>(_ type: Result.Type, from line: Data, method: String) throws -> Result {
        do {
            return try ConnectorWire.decode(RPCResponse<Result>.self, from: line).result
        } catch {
            throw ConnectorError(
                .malformedData,
                "the \(self.type) connector answered \(method) with a result that does not fit the protocol: \(scrubber.scrub(String(describing: error)))"
            )
        }
    }

    /// The start of a line for the log, secrets scrubbed.
    private func shown(_ data: Data) -> String {
        let text = String(decoding: data.prefix(200), as: UTF8.self)
        return "'" + scrubber.scrub(text) + (data.count > 200 ? "…'" : "'")
    }
}
