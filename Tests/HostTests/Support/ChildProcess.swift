import Foundation

/// Runs a program to completion off the Swift concurrency pool: the blocking reads and the wait
/// happen on a thread of their own, so tests running child processes in parallel never starve
/// the two cooperative threads the rest of the suite (hosts, sandboxes, HTTP clients) runs on.
enum ChildProcess {
    /// The program's exit status and what it wrote.
    struct Result: Sendable {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `executable` with `arguments`; standard error goes to `error` unless `mergeErrors`.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        mergeErrors: Bool = false
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    continuation.resume(
                        returning: try runBlocking(
                            executable, arguments, environment: environment, directory: directory, mergeErrors: mergeErrors))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String]?, directory: String?, mergeErrors: Bool
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = mergeErrors ? output : error
        try process.run()
        // Read standard error on another thread so neither pipe can fill up and stall the child.
        let errorData = LockedData()
        let errorDone = DispatchSemaphore(value: 0)
        if !mergeErrors {
            Thread.detachNewThread {
                errorData.set(error.fileHandleForReading.readDataToEndOfFile())
                errorDone.signal()
            }
        }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        if !mergeErrors { errorDone.wait() }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
            error: String(decoding: errorData.value, as: UTF8.self))
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    var value: Data { lock.withLock { data } }
}
