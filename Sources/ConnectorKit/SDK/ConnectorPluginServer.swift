import AsyncHTTPClient
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serves a ``NativeConnector`` type over the connector protocol on standard input and output,
/// so a Swift connector runs as its own executable with one line of `main`:
///
/// ```swift
/// try await ConnectorPluginServer.run(AcmeConnector.self)
/// ```
///
/// Requests run concurrently (a task per request; `cancel` cancels it), responses are written
/// one line at a time, logs go to stderr through swift-log (never a secret), and the process
/// returns from ``run(_:)`` once stdin is closed and in-flight work has finished.
public enum ConnectorPluginServer {
    /// Serves `type` on stdin/stdout, logging to stderr at the level of `SWITCHYARD_LOG_LEVEL`
    /// (default `info`). Returns when stdin closes and every request in flight is answered.
    public static func run<Native: NativeConnector>(_ type: Native.Type) async throws {
        signal(SIGPIPE, SIG_IGN)
        let level = ProcessInfo.processInfo.environment["SWITCHYARD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: Native.descriptor.typeName)
        let output = FileHandleLineWriter(.standardOutput)
        await serve(
            type, lines: FileHandleLineReader.lines(from: .standardInput, name: "connector-stdin"), output: output,
            httpClient: .shared, logger: logger)
    }

    /// Serves `type` on any line stream and sink (what ``run(_:)`` does with stdin and stdout;
    /// tests call it directly). Returns when `lines` ends and in-flight work has finished.
    public static func serve<Native: NativeConnector>(
        _ type: Native.Type,
        lines: some AsyncSequence<LineEvent, Never>,
        output: some LineSink,
        httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "connector")
    ) async {
        let session = PluginSession<Native>(output: output, httpClient: httpClient, logger: logger)
        logger.debug("serving the connector protocol", metadata: ["version": .stringConvertible(ConnectorProtocol.version)])
        for await event in lines {
            await session.receive(event)
        }
        logger.debug("stdin closed; finishing the requests in flight")
        await session.drain(grace: .seconds(4))
    }
}

/// Maps errors to the protocol's error objects.
enum PluginErrors {
    /// A `-32000` error for anything a connector throws.
    static func rpcError(for error: any Error) -> RPCError {
        switch error {
        case let error as ConnectorError:
            RPCError(error)
        case let error as ConfigAccessError:
            RPCError(ConnectorError(.configuration, error.description))
        case let error as WebhookRejection:
            RPCError(ConnectorError(.invalidInput, error.description))
        case is CancellationError:
            RPCError(ConnectorError(.unavailable, "the request was cancelled"))
        default:
            RPCError(ConnectorError(.unavailable, String(describing: error)))
        }
    }

    /// What a decoding error says about the params, without quoting any value.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = (context.codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "params" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(path(context, key))'"
        case .typeMismatch(let type, let context): return "'\(path(context))' should be \(type)"
        case .valueNotFound(let type, let context): return "'\(path(context))' should be \(type), found null"
        case .dataCorrupted(let context): return "'\(path(context))': \(context.debugDescription)"
        @unknown default: return "invalid params"
        }
    }
}
