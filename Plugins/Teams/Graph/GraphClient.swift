import ConnectorKit
import Foundation
import Logging

/// How patient the client is.
public struct GraphClientOptions: Sendable {
    /// Attempts per request when Graph does not answer or answers 5xx (503 counts as throttling).
    public var maxAttempts = 4
    /// How many 429/503 answers one request waits out.
    public var maxThrottleWaits = 6
    /// The longest `Retry-After` waited out inside a request; longer ones fail as rate limited.
    public var maxThrottleWait: Duration = .seconds(60)
    /// Per-request timeout.
    public var requestTimeout: Duration = .seconds(60)
    /// The clock and sleeper.
    public var pacing: GraphPacing = .live

    /// Production defaults.
    public init() {}

    func backoff(_ failures: Int) -> Duration { .milliseconds(250 * (1 << min(failures, 6))) }
}

/// Microsoft Graph over HTTP: bearer tokens, the request budget, retries, `Retry-After`, and
/// `@odata.nextLink` paging. Every method says in its errors what it could not do.
struct GraphClient: Sendable {
    let baseURL: String
    let tokens: GraphTokens
    let budget: GraphRequestBudget
    let http: any GraphHTTP
    let options: GraphClientOptions
    let logger: Logger

    /// Sends a request to `pathOrURL` (a path under the base URL, or a `nextLink`) and returns
    /// a successful answer; throws a ``ConnectorError`` for anything else.
    func send(_ method: String = "GET", _ pathOrURL: String, body: Data? = nil, operation: String) async throws
        -> GraphHTTPResponse
    {
        let url = pathOrURL.hasPrefix("http") ? pathOrURL : baseURL + pathOrURL
        var failures = 0
        var throttled = 0
        var renewedToken = false
        while true {
            try await budget.waitForSlot()
            let token = try await tokens.token()
            var headers = [("Authorization", "Bearer \(token)"), ("Accept", "application/json")]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let response: GraphHTTPResponse
            do {
                response = try await http.send(GraphHTTPRequest(method: method, url: url, headers: headers, body: body))
            } catch let error as CancellationError {
                throw error
            } catch {
                failures += 1
                guard failures < options.maxAttempts else {
                    throw ConnectorError(
                        .unavailable,
                        "Could not \(operation): Microsoft Graph did not answer (\(error)) after \(failures) attempts; try again later.")
                }
                try await pause(options.backoff(failures))
                continue
            }
            if response.isSuccess { return response }
            switch response.status {
            case 401 where !renewedToken:
                renewedToken = true
                await tokens.invalidate(token)
            case 429, 503:
                throttled += 1
                let wait = Self.retryAfter(response) ?? options.backoff(throttled)
                await budget.throttled(for: wait)
                guard throttled <= options.maxThrottleWaits, wait <= options.maxThrottleWait else {
                    var error = ConnectorError.graph(status: response.status, body: response.body, operation: operation)
                    error.kind = .rateLimited
                    error.retryAfterSeconds = Double(wait.components.seconds)
                    throw error
                }
                logger.debug("Graph throttled a request", metadata: ["operation": .string(operation), "status": "\(response.status)"])
            case 500..<600 where failures + 1 < options.maxAttempts:
                failures += 1
                try await pause(options.backoff(failures))
            default:
                throw ConnectorError.graph(status: response.status, body: response.body, operation: operation)
            }
        }
    }

    /// Decodes a successful answer.
    func get<Answer: Decodable>(_ type: Answer.Type, _ path: String, operation: String) async throws -> Answer {
        try GraphJSON.decode(type, from: try await send("GET", path, operation: operation).body, operation: operation)
    }

    /// Every item of a collection, following `@odata.nextLink` (only to Graph's own host).
    func list<Item: Decodable>(_ type: Item.Type, _ path: String, operation: String) async throws -> [Item] {
        var items: [Item] = []
        var next: String? = path
        var pages = 0
        while let link = next {
            pages += 1
            guard pages <= 10_000 else {
                throw ConnectorError(.malformedData, "Could not \(operation): Graph's paging did not end after 10,000 pages.")
            }
            let page = try await get(GraphPage<Item>.self, link, operation: operation)
            items += page.value
            next = try page.nextLink.map { try trusted($0, operation: operation) }
        }
        return items
    }

    /// `link` when it points at the configured Graph host.
    private func trusted(_ link: String, operation: String) throws -> String {
        guard let host = URL(string: link)?.host, host == URL(string: baseURL)?.host else {
            throw ConnectorError(
                .malformedData, "Could not \(operation): Graph's @odata.nextLink points to another host; it is not followed.")
        }
        return link
    }

    private func pause(_ duration: Duration) async throws {
        try await options.pacing.sleep(options.pacing.now() + duration)
    }

    /// `Retry-After` in seconds (Graph sends seconds), when present.
    static func retryAfter(_ response: GraphHTTPResponse) -> Duration? {
        guard let text = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces), let seconds = Double(text),
            seconds >= 0
        else { return nil }
        return .milliseconds(Int64(seconds * 1000))
    }
}

/// One page of an OData collection.
struct GraphPage<Item: Decodable>: Decodable {
    var value: [Item]
    var nextLink: String?

    enum CodingKeys: String, CodingKey {
        case value
        case nextLink = "@odata.nextLink"
    }
}

/// JSON decoding with the error the connector reports.
enum GraphJSON {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, operation: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ConnectorError(
                .malformedData, "Could not \(operation): Graph's answer is not the documented JSON (\(PluginErrorText.describe(error))).")
        }
    }
}

/// A decoding error in a sentence, without quoting values.
enum PluginErrorText {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, _): return "missing '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "at '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        @unknown default: return "invalid JSON"
        }
    }
}
