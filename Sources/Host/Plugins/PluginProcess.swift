import ConnectorKit
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One running connector process: its stdin for requests, its stdout as a stream of lines, its
/// stderr forwarded into the host's log (bounded and scrubbed), and its exit.
///
/// Pipes are read by dedicated threads (blocking reads never occupy the host's cooperative
/// pool) and written on a serial queue, so a connector that stops reading stalls only itself.
final class PluginProcess: Sendable {
    /// What the process did.
    enum Event: Sendable {
        /// One line of stdout (without the newline).
        case line(Data)
        /// A stdout line longer than the protocol allows (64 MiB); it was dropped.
        case oversizedLine
        /// The process ended: its exit status, or the signal that killed it.
        case exited(status: Int32, signalled: Bool)
    }

    /// The environment a connector runs with: enough to find programs and a home, nothing of the
    /// host's own (its environment may hold secrets; connectors get theirs only in `configure`).
    static func childEnvironment(from host: [String: String]) -> [String: String] {
        var environment: [String: String] = ["PYTHONUNBUFFERED": "1"]
        for key in ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"] {
            if let value = host[key] { environment[key] = value }
        }
        return environment
    }

    let events: AsyncStream<Event>
    let pid: Int32
    private let process: Process
    private let input: FileHandle
    private let writes: DispatchQueue
    private let inputOpen = Mutex(true)
    private let exit: ExitSignal

    private init(process: Process, input: FileHandle, events: AsyncStream<Event>, exit: ExitSignal) {
        self.process = process
        self.input = input
        self.events = events
        self.exit = exit
        self.pid = process.processIdentifier
        self.writes = DispatchQueue(label: "switchyard.plugin.stdin.\(process.processIdentifier)")
    }

    /// Starts `manifest`'s command in its folder; throws when it cannot be started.
    static func launch(
        _ manifest: PluginManifest, environment: [String: String], forwarder: ConnectorLogForwarder
    ) throws -> PluginProcess {
        Self.ignoreBrokenPipes
        let process = Process()
        process.executableURL = URL(fileURLWithPath: manifest.command[0])
        process.arguments = Array(manifest.command.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: manifest.folder)
        process.environment = childEnvironment(from: environment)
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let readersDone = DispatchGroup()
        let exit = ExitSignal()
        readersDone.enter()
        readersDone.enter()
        process.terminationHandler = { ended in
            let status = (ended.terminationStatus, ended.terminationReason == .uncaughtSignal)
            exit.signal()
            // Report the exit after every line already written has been delivered.
            readersDone.notify(queue: .global()) {
                continuation.yield(.exited(status: status.0, signalled: status.1))
                continuation.finish()
            }
        }
        try process.run()
        let outputHandle = stdout.fileHandleForReading
        let errorHandle = stderr.fileHandleForReading
        Thread.detachNewThread {
            readLines(outputHandle, into: continuation)
            readersDone.leave()
        }
        Thread.detachNewThread {
            var forwarder = forwarder
            while let chunk = readChunk(errorHandle, upTo: 16 << 10) {
                forwarder.consume(chunk)
            }
            forwarder.finish()
            readersDone.leave()
        }
        return PluginProcess(process: process, input: stdin.fileHandleForWriting, events: events, exit: exit)
    }

    private static func readLines(_ handle: FileHandle, into continuation: AsyncStream<Event>.Continuation) {
        var splitter = LineSplitter(maxLineLength: connectorMaxLineLength)
        func deliver(_ events: [LineEvent]) {
            for event in events {
                switch event {
                case .line(let line): continuation.yield(.line(line))
                case .tooLong: continuation.yield(.oversizedLine)
                }
            }
        }
        while let chunk = readChunk(handle, upTo: 64 << 10) {
            deliver(splitter.feed(chunk))
        }
        deliver(splitter.finish())
    }

    /// The next bytes available on a pipe (a plain `read(2)`, which returns what is there
    /// rather than waiting for `count` bytes), or nil at end of file.
    private static func readChunk(_ handle: FileHandle, upTo count: Int) -> Data? {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let read = buffer.withUnsafeMutableBytes { Foundation.read(handle.fileDescriptor, $0.baseAddress, count) }
            if read > 0 { return Data(buffer[0..<read]) }
            if read < 0, errno == EINTR { continue }
            return nil
        }
    }

    /// Writes one message line (a newline is added). Writes after ``closeInput()`` are dropped.
    func send(_ line: Data) {
        var terminated = line
        terminated.append(UInt8(ascii: "\n"))
        let message = terminated
        writes.async { [self] in
            guard inputOpen.withLock({ $0 }) else { return }
            do {
                try input.write(contentsOf: message)
            } catch {
                // The process is gone; its exit is reported through ``events``.
            }
        }
    }

    /// Closes stdin (after pending writes): the connector should finish and exit.
    func closeInput() {
        writes.async { [self] in
            let wasOpen = inputOpen.withLock { open in
                defer { open = false }
                return open
            }
            if wasOpen { try? input.close() }
        }
    }

    /// Kills the process (SIGKILL); its exit is still reported through ``events``.
    func forceStop() {
        guard process.isRunning else { return }
        _ = kill(pid, SIGKILL)
    }

    /// Waits until the process has exited.
    func waitForExit() async { await exit.wait() }

    /// Writing to a connector that exited must fail the write, not end the host.
    private static let ignoreBrokenPipes: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()
}

/// Fires once, when a process exits; any number of tasks may wait for it.
private final class ExitSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func signal() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state in
                if !state.fired { state.waiters.append(continuation) }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }
}
