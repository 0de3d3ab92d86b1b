import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Speaks the connector protocol to a child process: spawns it with pipes, sends requests,
/// matches responses by id (several in flight), collects stderr, and reports what the process
/// did wrong. It applies no policy: the caller (the host's supervisor, `switchyard connector
/// check`) decides to kill, restart or report.
public actor ConnectorProcessClient {
    /// The program, its arguments and its working directory.
    public let executable: URL
    /// The arguments after the program.
    public let arguments: [String]
    /// The working directory (a manifest's folder).
    public let workingDirectory: URL?
    /// A name for messages (the connector type or the command).
    public let name: String
    /// What happens, as it happens: stderr lines, protocol violations, exit. Buffers the newest 1,000.
    public nonisolated let events: AsyncStream<ConnectorProcessEvent>

    private let eventsContinuation: AsyncStream<ConnectorProcessEvent>.Continuation
    private let environment: [String: String]
    private var process: Process?
    private var stdin: FileHandleLineWriter?
    private var nextID = 1
    private var pending: [RPCID: CheckedContinuation<Data, any Error>] = [:]
    private var abandoned: Set<RPCID> = []
    private var timeouts: [RPCID: Task<Void, Never>] = [:]
    private var unidentified: [RPCHead] = []
    private var unidentifiedWaiters: [CheckedContinuation<RPCHead?, Never>] = []
    private var exitStatus: Int32?
    private var exitWaiters: [UUID: CheckedContinuation<Int32?, Never>] = [:]
    private var stderrLog = StderrLog()
    private var stderrEnded = false
    private var stdoutEnded = false

    /// Prepares a client for `executable`; nothing runs until ``start()``. `environment`
    /// defaults to a minimal one (`PATH`, `HOME`, `LANG`, `TMPDIR`, `SWITCHYARD_LOG_LEVEL` of
    /// this process), so the host's own secrets never reach a connector.
    public init(
        executable: URL, arguments: [String] = [], workingDirectory: URL? = nil, environment: [String: String]? = nil,
        name: String
    ) {
        self.executable = executable
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.name = name
        let inherited = ProcessInfo.processInfo.environment
        self.environment =
            environment ?? inherited.filter { ["PATH", "HOME", "LANG", "TMPDIR", "SWITCHYARD_LOG_LEVEL"].contains($0.key) }
        (events, eventsContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1000))
    }

    /// A client for a manifest in `folder`: its command resolved as the document says.
    public init(manifest: ConnectorManifest, folder: URL, environment: [String: String]? = nil) throws(ConnectorManifestError) {
        let program = try ConnectorManifest.resolveProgram(manifest.command[0], relativeTo: folder)
        self.init(
            executable: program, arguments: Array(manifest.command.dropFirst()), workingDirectory: folder, environment: environment,
            name: manifest.type)
    }

    /// Starts the process. Throws ``ConnectorProcessError/launchFailed(_:)`` when it cannot run.
    public func start() throws(ConnectorProcessError) {
        guard process == nil else { return }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        process.terminationHandler = { [weak self] finished in
            let status = finished.terminationStatus
            Task { await self?.exited(status) }
        }
        do {
            try process.run()
        } catch {
            throw .launchFailed("\(name): cannot start \(executable.path): \(error.localizedDescription)")
        }
        self.process = process
        stdin = FileHandleLineWriter(input.fileHandleForWriting)
        let stdout = FileHandleLineReader.lines(from: output.fileHandleForReading, name: "\(name)-stdout")
        let stderr = FileHandleLineReader.lines(from: errors.fileHandleForReading, maxLineLength: 4096, name: "\(name)-stderr")
        Task { [weak self] in
            for await event in stdout { await self?.received(event) }
            await self?.stdoutClosed()
        }
        Task { [weak self] in
            for await event in stderr { await self?.logged(event) }
            await self?.stderrClosed()
        }
    }

    /// The process id, once started.
    public var processIdentifier: Int32? { process?.processIdentifier }

    /// Sends a request and waits for its answer: the decoded result, or the connector's error
    /// as ``ConnectorError`` (protocol errors become `unavailable`). Throws
    /// ``ConnectorProcessError`` when the process exits, breaks the protocol or times out
    /// (the request is then cancelled with a `cancel` notification).
    public func request<Params: Codable & Sendable, Result: Codable & Sendable>(
        _ method: ConnectorMethod, _ params: Params, as type: Result.Type, timeout: Duration? = nil
    ) async throws -> Result {
        switch try await call(method.rawValue, params, timeout: timeout) {
        case .result(let line): return try decodeResult(line, as: type)
        case .error(let error): throw error.connectorError
        }
    }

    /// Sends a request and returns the raw reply (result line or error object).
    public func call<Params: Codable & Sendable>(_ method: String, _ params: Params, timeout: Duration? = nil) async throws
        -> ConnectorReply
    {
        let id = RPCID.number(nextID)
        nextID += 1
        let line = try ConnectorWire.encode(RPCRequest(id: id, method: method, params: params))
        return try await send(line, id: id, timeout: timeout)
    }

    /// Sends any line (well-formed or not, for conformance checks) and waits for the answer with
    /// `id`. The line must not contain a newline. Cancelling the calling task sends `cancel`
    /// for `id` and throws `CancellationError`.
    public func send(_ line: Data, id: RPCID, timeout: Duration? = nil) async throws -> ConnectorReply {
        guard let stdin, exitStatus == nil else { throw ConnectorProcessError.exited(name: name, status: exitStatus) }
        let answer: Data = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                pending[id] = continuation
                Task { await stdin.send(line) }
                if let timeout {
                    timeouts[id] = Task { [weak self] in
                        do {
                            try await Task.sleep(for: timeout)
                            await self?.expire(id, after: timeout)
                        } catch {}
                    }
                }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
        let head = try ConnectorWire.decode(RPCHead.self, from: answer)
        if let error = head.error { return .error(error) }
        return .result(answer)
    }

    /// Sends a line to which no answer with an id is expected (a notification, or a malformed
    /// line whose error answer carries `"id": null`).
    public func sendUnanswered(_ line: Data) async {
        await stdin?.send(line)
    }

    /// The next response that carried no usable id (e.g. the answer to a line that is not
    /// JSON), waiting up to `timeout`; nil when none came.
    public func nextUnidentifiedResponse(timeout: Duration) async -> RPCHead? {
        if !unidentified.isEmpty { return unidentified.removeFirst() }
        return await withCheckedContinuation { continuation in
            unidentifiedWaiters.append(continuation)
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expireUnidentifiedWaiter()
            }
        }
    }

    /// Sends `cancel` for a request: its answer is no longer needed and will be ignored.
    public func cancel(_ id: RPCID) async {
        timeouts.removeValue(forKey: id)?.cancel()
        pending.removeValue(forKey: id)?.resume(throwing: CancellationError())
        abandoned.insert(id)
        if let line = try? ConnectorWire.encode(RPCNotification(method: ConnectorMethod.cancel.rawValue, params: CancelParams(id: id))) {
            await stdin?.send(line)
        }
    }

    /// Closes the process's stdin: it should finish and exit (protocol §2).
    public func closeInput() async {
        await stdin?.close()
    }

    /// Waits until the process has exited and its stderr is read to the end, up to `timeout`;
    /// its status, or nil when it is still running.
    public func waitForExit(timeout: Duration) async -> Int32? {
        if let exitStatus, stderrEnded { return exitStatus }
        let key = UUID()
        return await withCheckedContinuation { continuation in
            exitWaiters[key] = continuation
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expireExitWaiter(key)
            }
        }
    }

    /// Kills the process (SIGKILL).
    public func kill() {
        guard let process, exitStatus == nil, process.isRunning else { return }
        _ = killProcess(process.processIdentifier)
    }

    /// Whether the process has exited, and its status.
    public var terminationStatus: Int32? { exitStatus }

    /// Everything the process wrote to stderr so far (at most the last 1 MiB).
    public var stderrText: String { stderrLog.text }

    // MARK: Internals

    private func received(_ event: LineEvent) {
        guard case .line(let line) = event else {
            violation("wrote a line longer than \(connectorMaxLineLength) bytes to stdout")
            return
        }
        guard let head = try? ConnectorWire.decode(RPCHead.self, from: line), head.jsonrpc == "2.0", head.method == nil,
            head.hasResult || head.error != nil
        else {
            let text = String(decoding: line.prefix(200), as: UTF8.self)
            violation("wrote something that is not a JSON-RPC response to stdout: \(text)")
            return
        }
        guard let id = head.id else {
            if unidentifiedWaiters.isEmpty {
                unidentified.append(head)
            } else {
                unidentifiedWaiters.removeFirst().resume(returning: head)
            }
            return
        }
        if let continuation = pending.removeValue(forKey: id) {
            timeouts.removeValue(forKey: id)?.cancel()
            continuation.resume(returning: line)
        } else if abandoned.remove(id) == nil {
            violation("answered request id \(id), which it was never sent")
        }
    }

    private func violation(_ what: String) {
        let error = ConnectorProcessError.protocolViolation(name: name, what: what)
        eventsContinuation.yield(.protocolViolation(what))
        failPending(error)
    }

    private func logged(_ event: LineEvent) {
        switch event {
        case .line(let line):
            let text = String(decoding: line, as: UTF8.self)
            stderrLog.append(text)
            eventsContinuation.yield(.stderr(text))
        case .tooLong(let limit):
            eventsContinuation.yield(.stderr("(a log line longer than \(limit) bytes was dropped)"))
        }
    }

    private func exited(_ status: Int32) {
        exitStatus = status
        if stdoutEnded { failPending(ConnectorProcessError.exited(name: name, status: status)) }
        resumeExitWaiters()
        for waiter in unidentifiedWaiters { waiter.resume(returning: nil) }
        unidentifiedWaiters = []
        eventsContinuation.yield(.exited(status))
        eventsContinuation.finish()
    }

    private func failPending(_ error: ConnectorProcessError) {
        let waiting = pending
        pending = [:]
        for timeout in timeouts.values { timeout.cancel() }
        timeouts = [:]
        for continuation in waiting.values { continuation.resume(throwing: error) }
    }

    private func expire(_ id: RPCID, after timeout: Duration) async {
        timeouts[id] = nil
        guard let continuation = pending.removeValue(forKey: id) else { return }
        continuation.resume(throwing: ConnectorProcessError.timedOut(name: name, id: id, after: timeout))
        await cancel(id)
    }

    private func expireExitWaiter(_ key: UUID) {
        exitWaiters.removeValue(forKey: key)?.resume(returning: exitStatus)
    }

    /// Answers written just before an exit are still delivered: pending requests fail only
    /// once stdout is read to its end and the process has exited.
    private func stdoutClosed() {
        stdoutEnded = true
        if let exitStatus { failPending(ConnectorProcessError.exited(name: name, status: exitStatus)) }
    }

    private func stderrClosed() {
        stderrEnded = true
        resumeExitWaiters()
    }

    private func resumeExitWaiters() {
        guard let exitStatus, stderrEnded else { return }
        for waiter in exitWaiters.values { waiter.resume(returning: exitStatus) }
        exitWaiters = [:]
    }

    private func expireUnidentifiedWaiter() {
        guard !unidentifiedWaiters.isEmpty else { return }
        unidentifiedWaiters.removeFirst().resume(returning: nil)
    }

    private func decodeResult<Result: Decodable>(_ line: Data, as type: Result.Type) throws -> Result {
        do {
            return try ConnectorWire.decode(ResultEnvelope<Result>.self, from: line).result
        } catch {
            throw ConnectorError(
                .malformedData, "\(name) answered a result that does not fit the protocol: \(PluginErrors.describe(error))")
        }
    }
}

/// A reply to a request: the whole response line of a success, or the error object.
public enum ConnectorReply: Sendable {
    /// A success; the line holds `result`.
    case result(Data)
    /// An error response.
    case error(RPCError)
}

/// Something a connector process did, for logs and supervision.
public enum ConnectorProcessEvent: Sendable, Equatable {
    /// A line it wrote to stderr (at most 4 KiB).
    case stderr(String)
    /// It broke the protocol (non-JSON on stdout, an unknown id, …); pending requests failed.
    case protocolViolation(String)
    /// It exited with this status.
    case exited(Int32)
}

/// Why a request to a connector process got no answer.
public enum ConnectorProcessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The process could not be started.
    case launchFailed(String)
    /// The process exited (status, when known) before answering.
    case exited(name: String, status: Int32?)
    /// The process broke the protocol.
    case protocolViolation(name: String, what: String)
    /// No answer within the timeout.
    case timedOut(name: String, id: RPCID, after: Duration)

    /// What happened, naming the connector.
    public var description: String {
        switch self {
        case .launchFailed(let message): message
        case .exited(let name, let status?): "connector \(name) exited with status \(status)"
        case .exited(let name, nil): "connector \(name) is not running"
        case .protocolViolation(let name, let what): "connector \(name) \(what)"
        case .timedOut(let name, let id, let after): "connector \(name) did not answer request \(id) within \(after)"
        }
    }

    /// The same failure as a ``ConnectorError`` of kind `unavailable` (the host retries later).
    public var connectorError: ConnectorError { ConnectorError(.unavailable, description) }
}

/// The `result` of a response line.
private struct ResultEnvelope<Result: Decodable>: Decodable {
    var result: Result
}

/// The last 1 MiB of a process's stderr.
struct StderrLog {
    private(set) var text = ""

    mutating func append(_ line: String) {
        text += line + "\n"
        if text.utf8.count > 1 << 20 { text = String(text.suffix(1 << 19)) }
    }
}

private func killProcess(_ pid: Int32) -> Int32 {
    kill(pid, SIGKILL)
}
