import ConnectorKit
import Foundation
import Logging

/// How the host supervises connector processes (protocol §6).
public struct PluginSupervisionPolicy: Sendable, Hashable {
    /// The first restart's delay; each further failure doubles it, up to ``maximumBackoff``.
    public var initialBackoff: Duration = .seconds(1)
    /// The longest delay between restarts.
    public var maximumBackoff: Duration = .seconds(60)
    /// How long a connector has after stdin closes before it is killed.
    public var shutdownGrace: Duration = .seconds(5)
    /// Restarts within ``restartWindow`` that mark a type failing.
    public var restartsToDegrade = 3
    /// The window for ``restartsToDegrade``.
    public var restartWindow: Duration = .seconds(60)

    /// The defaults: 1 s doubling to 60 s; degraded after 3 restarts in a minute.
    public init() {}
}

/// Why a plugin connector could not be started or used.
public struct PluginError: Error, Sendable, CustomStringConvertible {
    /// What the connector did, naming it.
    public var message: String
    /// The description.
    public var description: String { message }
}

/// Supervises the one process of a plugin connector type: starts it on first use, performs the
/// handshake, serves the requests of every instance of the type over it, times requests out
/// (and cancels them), and when the process fails (exit, garbage on stdout, an answer to an id
/// it was never sent, another protocol version) logs what it did, fails its in-flight requests
/// as `unavailable` and restarts it with exponential backoff, configuring every live instance again.
public actor ConnectorSupervisor {
    struct Pending {
        var method: String
        var continuation: CheckedContinuation<Answer, any Error>
        var timeout: Task<Void, Never>
        /// `snapshot_part`s received so far, each decoding in a task of its own.
        var parts: [Task<SnapshotPart, any Error>] = []
        var partBytes = 0
    }

    /// A response line and the snapshot parts that came before it.
    struct Answer: Sendable {
        var line: Data
        var parts: [Task<SnapshotPart, any Error>]
    }

    struct Instance {
        var config: ConfigObject
        var context: ConfigureContext
    }

    enum Phase {
        case idle
        case starting(Task<ConnectorDescriptor, any Error>)
        case running
        case waiting(reason: String)
        case stopped
    }

    /// The manifest.
    public nonisolated let manifest: PluginManifest
    /// The type's name.
    public nonisolated var type: String { manifest.type }
    let logger: Logger
    let health: ConnectorHealthBoard
    let policy: PluginSupervisionPolicy
    let environment: [String: String]
    nonisolated let scrubber = SecretScrubber()

    var phase = Phase.idle
    var process: PluginProcess?
    var generation = 0
    var nextID = 1
    var pending: [Int: Pending] = [:]
    /// Ids answered late after a timeout or cancellation (ignored, not a violation).
    var abandoned: Set<Int> = []
    var instances: [String: Instance] = [:]
    /// How many replicas share each source account's rate limits (sent in `configure` and `share_budget`).
    var budgetSharedBy = 1
    var descriptor: ConnectorDescriptor?
    var failures = 0
    var lastFailure: String?
    var upSince: ContinuousClock.Instant?
    /// Provider/operation pairs of reported API calls counted so far (bounded).
    var apiCallLabels: Set<String> = []
    /// API call report problems already logged.
    var apiCallWarnings: Set<String> = []

    /// Creates a supervisor; nothing starts until first use.
    public init(
        manifest: PluginManifest, logger: Logger, health: ConnectorHealthBoard, policy: PluginSupervisionPolicy = .init(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.manifest = manifest
        var logger = logger
        logger[metadataKey: "connector"] = .string(manifest.type)
        self.logger = logger
        self.health = health
        self.policy = policy
        self.environment = environment
    }

    // MARK: Starting

    /// Starts the process if it is not running and returns the descriptor from its handshake.
    /// Throws ``PluginError`` when it cannot start, speaks another protocol version or declares
    /// another type than its manifest.
    @discardableResult
    public func start() async throws -> ConnectorDescriptor {
        switch phase {
        case .running:
            if let descriptor { return descriptor }
        case .starting(let task):
            return try await task.value
        case .waiting(let reason):
            throw ConnectorError(
                .unavailable, "the \(type) connector is restarting after it \(reason); the work is retried when it is back")
        case .stopped:
            throw ConnectorError(.unavailable, "the \(type) connector has been stopped (the host is shutting down)")
        case .idle:
            break
        }
        let task = Task { try await launch() }
        phase = .starting(task)
        return try await task.value
    }

    /// Spawns, handshakes and re-configures every instance; on failure records it (and, after
    /// the first successful start, schedules a restart).
    private func launch() async throws -> ConnectorDescriptor {
        generation += 1
        let current = generation
        let forwarder = ConnectorLogForwarder(type: type, logger: logger, scrubber: scrubber)
        let started: PluginProcess
        do {
            started = try PluginProcess.launch(manifest, environment: environment, forwarder: forwarder)
        } catch {
            let reason = "could not be started (\(manifest.command[0]): \(error.localizedDescription))"
            failed(generation: current, reason: reason)
            throw PluginError(message: "\(manifest.file): the \(type) connector \(reason)")
        }
        process = started
        let events = started.events
        Task { await self.read(events, generation: current) }
        do {
            let answer = try await send(
                method: ConnectorMethod.handshake.rawValue,
                params: HandshakeParams(features: [ConnectorFeature.snapshotParts, ConnectorFeature.apiCalls]),
                generation: current)
            let result = try decodeResult(HandshakeResult.self, from: answer.line, method: "handshake")
            guard result.protocolVersion == ConnectorProtocol.version else {
                throw PluginError(
                    message:
                        "the \(type) connector speaks protocol version \(result.protocolVersion), but this host speaks version \(ConnectorProtocol.version); update the connector"
                )
            }
            guard result.descriptor.typeName == type else {
                throw PluginError(
                    message:
                        "\(manifest.file): type: the manifest says '\(type)' but the connector's handshake declares '\(result.descriptor.typeName)'; make them equal"
                )
            }
            descriptor = result.descriptor
            for (id, instance) in instances.sorted(by: { $0.key < $1.key }) {
                _ = try await configureNow(id: id, instance: instance, generation: current)
            }
        } catch {
            // When the process failed meanwhile, ``failed(generation:reason:)`` already said how.
            let reason = generation == current ? Self.reason(of: error) : lastFailure ?? Self.reason(of: error)
            failed(generation: current, reason: reason)
            throw error as? PluginError ?? PluginError(message: "the \(type) connector \(reason)")
        }
        guard generation == current, process != nil, let descriptor else {
            throw PluginError(message: "the \(type) connector failed while starting; see the log")
        }
        phase = .running
        upSince = .now
        health.markUp(type)
        logger.notice("connector process started", metadata: ["pid": .stringConvertible(started.pid)])
        return descriptor
    }

    private static func reason(of error: any Error) -> String {
        switch error {
        case let error as PluginError: error.message
        case let error as ConnectorError: "failed its handshake: \(error.message)"
        default: "failed its handshake: \(error)"
        }
    }

    // MARK: Failing and restarting

    /// The process of `generation` failed: log what it did, fail its requests, kill it and
    /// schedule a restart.
    func failed(generation failedGeneration: Int, reason: String) {
        guard failedGeneration == generation, !isStopped else { return }
        generation += 1
        lastFailure = reason
        let dying = process
        process = nil
        dying?.forceStop()
        let inFlight = pending
        pending.removeAll()
        abandoned.removeAll()
        for (_, request) in inFlight {
            request.timeout.cancel()
            request.continuation.resume(
                throwing: ConnectorError(
                    .unavailable,
                    "the \(type) connector \(reason) while handling \(request.method); nothing was written for it and the work is retried when the connector is back"
                ))
        }
        if let upSince, ContinuousClock.now - upSince > policy.maximumBackoff { failures = 0 }
        upSince = nil
        failures += 1
        let delay = backoff(after: failures)
        let problem = "the \(type) connector \(reason)"
        health.markDown(type, problem: problem)
        guard descriptor != nil else {
            // Never started: the caller reports the error; the next use tries again.
            logger.error("\(problem)")
            phase = .idle
            return
        }
        logger.error(
            "\(problem); \(inFlight.count) request(s) in flight failed as unavailable; restarting in \(delay.secondsText)s",
            metadata: ["restart_in_seconds": .string(delay.secondsText)])
        phase = .waiting(reason: reason)
        let scheduled = generation
        Task {
            try? await Task.sleep(for: delay)
            await self.restart(scheduled: scheduled)
        }
    }

    private var isStopped: Bool {
        if case .stopped = phase { return true }
        return false
    }

    private func restart(scheduled: Int) async {
        guard scheduled == generation, case .waiting = phase else { return }
        health.recordRestart(type)
        logger.notice("restarting the connector process", metadata: ["attempt": .stringConvertible(failures)])
        let task = Task { try await launch() }
        phase = .starting(task)
        _ = try? await task.value
    }

    func backoff(after failures: Int) -> Duration {
        var delay = policy.initialBackoff
        for _ in 1..<max(1, failures) where delay < policy.maximumBackoff { delay *= 2 }
        return min(delay, policy.maximumBackoff)
    }

    // MARK: Stopping

    /// Closes stdin, waits up to the grace period for the process to exit, then kills it.
    public func shutdown() async {
        guard !isStopped else { return }
        phase = .stopped
        generation += 1
        let running = process
        process = nil
        for (_, request) in pending {
            request.timeout.cancel()
            request.continuation.resume(
                throwing: ConnectorError(.unavailable, "the host is shutting down the \(type) connector"))
        }
        pending.removeAll()
        health.markDown(type, problem: "the \(type) connector has been stopped")
        guard let running else { return }
        running.closeInput()
        let grace = policy.shutdownGrace
        // Not the caller's task: a cancelled shutdown still gives the connector its grace period.
        await Task.detached {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await running.waitForExit() }
                group.addTask {
                    guard (try? await Task.sleep(for: grace)) != nil else { return }
                    running.forceStop()
                }
                await group.next()
                group.cancelAll()
            }
        }.value
        logger.info("connector process stopped", metadata: ["pid": .stringConvertible(running.pid)])
    }
}
