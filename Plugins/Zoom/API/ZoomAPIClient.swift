import ConnectorKit
import Foundation
import Logging
import NIOHTTP1

/// One call of the Zoom REST API.
struct ZoomRequest: Sendable {
    /// HTTP method.
    var method: HTTPMethod = .GET
    /// Path and query relative to the API base (already encoded, see ``ZoomPath``).
    var path: String
    /// The operation's rate-limit label in the spec.
    var category: ZoomRateCategory
    /// JSON body.
    var body: Data?
    /// What the call does, for error messages: "read webinar 81234567890".
    var operation: String
}

/// The authorized, paced and retrying Zoom API client of one account.
///
/// Every request waits for its slot in the account's ``ZoomRequestBudget``, carries the
/// account's access token (renewed once when Zoom answers 401 with code 124), waits out 429s
/// as Zoom's `Retry-After` / `X-RateLimit-*` headers say, and retries 5xx answers and
/// timeouts with backoff and jitter. Other answers become ``ConnectorError``s carrying
/// Zoom's code and message.
struct ZoomAPIClient: Sendable {
    let apiBase: String
    let tokens: ZoomAccessTokens
    let budget: ZoomRequestBudget
    let transport: ZoomTransport
    let options: ZoomClientOptions
    let now: @Sendable () -> Date
    let logger: Logger
    /// Told of every attempt (for the host's metrics).
    var onCall: (@Sendable (APICallRecord) -> Void)? = nil

    /// Sends a request; returns the 2xx answer or throws a ``ConnectorError``.
    func send(_ request: ZoomRequest) async throws -> ZoomHTTPResponse {
        var failures = 0
        var rateLimitWaits = 0
        var renewedToken = false
        while true {
            try await waitForSlot(request)
            let token = try await tokens.token()
            var headers = [("Authorization", "Bearer \(token)")]
            if request.body != nil { headers.append(("Content-Type", "application/json")) }
            let response: ZoomHTTPResponse
            let sent = ContinuousClock.now
            do {
                response = try await transport.send(
                    method: request.method, url: apiBase + request.path, headers: headers,
                    body: request.body)
                report(request, status: response.status, since: sent)
            } catch let error as CancellationError {
                throw error
            } catch {
                report(request, status: nil, since: sent)
                failures += 1
                guard ZoomTransport.isRetryable(error), failures < options.maxAttempts else {
                    throw ConnectorError(
                        .unavailable,
                        "Could not \(request.operation): Zoom did not answer (\(error)) after \(failures) attempt(s); try again later."
                    )
                }
                logger.debug(
                    "Zoom request failed; retrying",
                    metadata: ["zoom.operation": "\(request.operation)", "error": "\(error)"])
                try await options.clock.sleep(options.backoff(forRetry: failures))
                continue
            }
            if response.isSuccess { return response }
            let code = ZoomErrorBody.parse(response.body)?.code
            switch response.status {
            case 401 where code == ZoomErrorCode.invalidToken && !renewedToken:
                renewedToken = true
                await tokens.invalidate(token)
            case 429:
                rateLimitWaits += 1
                try await waitOutRateLimit(response, request: request, waits: rateLimitWaits)
            case 500..<600 where failures + 1 < options.maxAttempts:
                failures += 1
                try await options.clock.sleep(options.backoff(forRetry: failures))
            default:
                throw ConnectorError.zoom(
                    status: response.status, body: response.body, operation: request.operation)
            }
        }
    }

    /// Tells the host of one attempt; the operation is the method and Zoom's rate category
    /// (e.g. `GET Medium`), never a path with ids.
    private func report(_ request: ZoomRequest, status: Int?, since sent: ContinuousClock.Instant) {
        onCall?(
            APICallRecord(
                provider: "zoom", operation: "\(request.method.rawValue) \(request.category.rawValue)", status: status,
                duration: ContinuousClock.now - sent))
    }

    /// Sends a request and decodes its JSON answer.
    func get<Answer: Decodable>(_ type: Answer.Type, _ request: ZoomRequest) async throws -> Answer {
        let response = try await send(request)
        return try ZoomJSON.decode(type, from: response.body, operation: request.operation)
    }

    /// Downloads a recording file (e.g. a transcript) with the account's token. The token is
    /// only sent to Zoom's own hosts or the configured API host, never elsewhere.
    func download(_ url: String, operation: String) async throws -> Data {
        guard let host = URL(string: url)?.host?.lowercased(), isTrusted(host: host) else {
            throw ConnectorError(
                .malformedData, "Could not \(operation): the download URL is not on a Zoom host.")
        }
        var failures = 0
        var renewedToken = false
        while true {
            let token = try await tokens.token()
            let response: ZoomHTTPResponse
            do {
                response = try await transport.send(
                    method: .GET, url: url,
                    headers: [("Authorization", "Bearer \(token)"), ("Accept", "*/*")])
            } catch let error as CancellationError {
                throw error
            } catch {
                failures += 1
                guard ZoomTransport.isRetryable(error), failures < options.maxAttempts else {
                    throw ConnectorError(.unavailable, "Could not \(operation): \(error).")
                }
                try await options.clock.sleep(options.backoff(forRetry: failures))
                continue
            }
            if response.isSuccess { return response.body }
            if response.status == 401, !renewedToken {
                renewedToken = true
                await tokens.invalidate(token)
                continue
            }
            if response.status >= 500, failures + 1 < options.maxAttempts {
                failures += 1
                try await options.clock.sleep(options.backoff(forRetry: failures))
                continue
            }
            throw ConnectorError.zoom(status: response.status, body: response.body, operation: operation)
        }
    }

    private func isTrusted(host: String) -> Bool {
        if host == "zoom.us" || host.hasSuffix(".zoom.us") { return true }
        return URL(string: apiBase)?.host?.lowercased() == host
    }

    private func waitForSlot(_ request: ZoomRequest) async throws {
        let paused = await budget.pausedUntil(request.category) - options.clock.now()
        if paused > options.maxRateLimitWait {
            throw ConnectorError(
                .rateLimited,
                "Could not \(request.operation): Zoom's \(request.category.rawValue) rate limit of this account is used up; try again later.",
                retryAfterSeconds: paused.seconds)
        }
        try await budget.waitForSlot(request.category)
    }

    /// Holds the request's category back for as long as Zoom's 429 asks, or fails when the
    /// wait is too long (a daily limit) or the request was refused too often.
    private func waitOutRateLimit(_ response: ZoomHTTPResponse, request: ZoomRequest, waits: Int)
        async throws
    {
        let limit = ZoomRateLimitHeaders(response, now: now())
        let category = limit.category ?? request.category
        let wait = limit.retryAfter ?? .seconds(1)
        logger.debug(
            "Zoom answered 429",
            metadata: [
                "zoom.operation": "\(request.operation)", "zoom.category": "\(category.rawValue)",
                "zoom.limit_type": "\(limit.type ?? "")",
            ])
        if wait > options.maxRateLimitWait || waits > options.maxRateLimitWaits {
            await budget.rateLimited(category, wait: wait, reportedLimit: nil)
            throw ConnectorError(
                .rateLimited,
                "Could not \(request.operation): Zoom's \(limit.type ?? "per-second") rate limit for \(category.rawValue) requests is reached; try again later.",
                sourceCode: ZoomErrorBody.parse(response.body)?.code, httpStatus: 429,
                retryAfterSeconds: wait.seconds)
        }
        let jitter = Duration.milliseconds(Int(options.jitter() * 250))
        await budget.rateLimited(
            category, wait: wait + jitter, reportedLimit: limit.isPerSecond ? limit.limit : nil)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
