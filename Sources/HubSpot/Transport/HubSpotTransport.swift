import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// An answer from HubSpot with a success status.
struct HubSpotResponse: Sendable {
    var status: Int
    var body: Data
}

extension HubSpotClient {
    /// Sends `request` and decodes a success answer as `Response`.
    func send<Response: Decodable>(_ request: HubSpotRequest, as type: Response.Type) async throws
        -> Response
    {
        let response = try await perform(request)
        return try decode(type, from: response, operation: request.operation)
    }

    /// Sends `request` and decodes the answer; `nil` when HubSpot answers 404 (no such record).
    func sendOrNil<Response: Decodable>(_ request: HubSpotRequest, as type: Response.Type)
        async throws -> Response?
    {
        do {
            return try await send(request, as: type)
        } catch let error as HubSpotError where error.isNotFound {
            return nil
        }
    }

    /// Sends `request` and ignores the body of the success answer.
    func send(_ request: HubSpotRequest) async throws {
        _ = try await perform(request)
    }

    func decode<Response: Decodable>(
        _ type: Response.Type, from response: HubSpotResponse, operation: String
    ) throws
        -> Response
    {
        // Batch answers have a hand-written reader (`HubSpotFastJSON.swift`).
        if let fast = type as? any HubSpotFastDecodable.Type, let value = HubSpotJSON.fastRead(fast, from: response.body) as? Response {
            return value
        }
        do {
            return try HubSpotJSON.decoder().decode(type, from: response.body)
        } catch {
            throw HubSpotError(
                kind: .invalidResponse, operation: operation, status: response.status,
                message: "could not decode HubSpot's answer as \(Response.self): \(error)")
        }
    }

    /// Sends `request` through the budget with retries; returns the first 2xx answer.
    func perform(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        let policy = configuration.retryPolicy
        var attempt = 0
        var rateLimitRetries = 0
        while true {
            attempt += 1
            let secrets = try await secretsAndAuthorization(for: request)
            if request.auth == .portal {
                try await budget.acquire(request.lane, operation: request.operation)
            }
            let outcome: (status: Int, headers: HTTPHeaders, body: Data)
            let sent = ContinuousClock.now
            do {
                outcome = try await execute(request, secrets: secrets)
                report(request, status: outcome.status, since: sent)
            } catch let error as CancellationError {
                throw error
            } catch {
                report(request, status: nil, since: sent)
                let isTimeout = Self.isTimeout(error)
                let retryable = request.idempotent || Self.failedBeforeSending(error)
                if retryable, attempt < policy.maxAttempts {
                    try await backOff(request, attempt: attempt, reason: "call failed")
                    continue
                }
                throw HubSpotError(
                    kind: isTimeout ? .timeout : .transport, operation: request.operation,
                    message: Self.redact("\(error)", secrets: secrets.values), attempts: attempt)
            }
            if request.auth == .portal,
                let limits = HubSpotRateLimitHeaders(header: { outcome.headers.first(name: $0) })
            {
                await budget.observe(limits, lane: request.lane)
            }
            let status = outcome.status
            if (200..<300).contains(status) {
                logger.debug(
                    "HubSpot call succeeded",
                    metadata: ["operation": "\(request.operation)", "status": "\(status)"])
                return HubSpotResponse(status: status, body: outcome.body)
            }
            let error = Self.error(
                from: outcome.body, status: status, request: request, secrets: secrets.values,
                attempt: attempt)
            if status == 429 {
                let policyName = Self.policyName(outcome.body)
                if rateLimitRetries >= policy.maxRateLimitRetries, policyName != "DAILY" {
                    var limited = error
                    limited.kind = .rateLimited(policyName: policyName ?? "UNKNOWN")
                    throw limited
                }
                try await waitOutRateLimit(request, body: outcome.body, headers: outcome.headers)
                rateLimitRetries += 1
                attempt -= 1  // a rate-limit wait is not a failed attempt
                continue
            }
            if status == 401, request.auth == .portal, let token = secrets.token {
                await configuration.credentials.tokenRejected(token)
            }
            if (500..<600).contains(status), request.idempotent, attempt < policy.maxAttempts {
                try await backOff(request, attempt: attempt, reason: "answered \(status)")
                continue
            }
            throw error
        }
    }

    private func report(_ request: HubSpotRequest, status: Int?, since sent: ContinuousClock.Instant) {
        configuration.onCall?(
            HubSpotCallRecord(operation: request.operation, status: status, duration: ContinuousClock.now - sent))
    }

    /// Honours a 429 by its `policyName`: `DAILY` fails fast with the reset time; a rolling
    /// limit (`TEN_SECONDLY_ROLLING`, `SECONDLY`) pauses the lane for `Retry-After` or one window.
    private func waitOutRateLimit(_ request: HubSpotRequest, body: Data, headers: HTTPHeaders)
        async throws
    {
        let policyName = Self.policyName(body)
        if policyName == "DAILY" {
            let resetsAt = await budget.markDailyLimitReached()
            throw HubSpotError.dailyLimitReached(
                operation: request.operation, portalId: budget.portalId, resetsAt: resetsAt)
        }
        let wait = Self.rateLimitWait(
            policyName: policyName, retryAfter: headers.first(name: "Retry-After"),
            interval: headers.first(name: "X-HubSpot-RateLimit-Interval-Milliseconds"))
        let until = budget.clock.now().addingTimeInterval(wait.timeInterval)
        logger.notice(
            "HubSpot rate limit hit, waiting",
            metadata: [
                "operation": "\(request.operation)", "policy": "\(policyName ?? "unknown")",
                "wait": "\(wait)",
            ])
        if request.auth == .portal {
            await budget.pause(policyName == "SECONDLY" ? .search : request.lane, until: until)
        } else {
            try await budget.clock.sleep(until: until)
        }
    }

    /// Waits out the retry back-off after failed attempt number `attempt`.
    private func backOff(_ request: HubSpotRequest, attempt: Int, reason: String) async throws {
        let delay = configuration.retryPolicy.delay(beforeRetry: attempt)
        logger.warning(
            "HubSpot \(reason), retrying",
            metadata: ["operation": "\(request.operation)", "attempt": "\(attempt)", "delay": "\(delay)"])
        try await budget.clock.sleep(for: delay)
    }

    /// The secrets of one attempt: the bearer token (portal) or the developer key.
    private struct AttemptSecrets {
        var token: HubSpotSecret?
        var developerKey: HubSpotSecret?
        var values: [String] {
            [token?.value, developerKey?.value].compactMap { $0 }.filter { !$0.isEmpty }
        }
    }

    private func secretsAndAuthorization(for request: HubSpotRequest) async throws -> AttemptSecrets {
        switch request.auth {
        case .portal:
            return AttemptSecrets(token: try await configuration.credentials.accessToken())
        case .developer:
            return AttemptSecrets(
                developerKey: try requireDeveloperCredentials(for: request.operation).developerAPIKey)
        }
    }

    private func execute(_ request: HubSpotRequest, secrets: AttemptSecrets) async throws
        -> (status: Int, headers: HTTPHeaders, body: Data)
    {
        var query = request.query
        if let key = secrets.developerKey { query.append(("hapikey", key.value)) }
        var url = baseURL + request.path
        if !query.isEmpty {
            url +=
                "?"
                + query.map {
                    HubSpotRequest.queryComponent($0.0) + "=" + HubSpotRequest.queryComponent($0.1)
                }
                .joined(separator: "&")
        }
        var http = HTTPClientRequest(url: url)
        http.method = HTTPMethod(rawValue: request.method.rawValue)
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "User-Agent", value: "Switchyard-HubSpot/1.0")
        if let token = secrets.token {
            http.headers.add(name: "Authorization", value: "Bearer \(token.value)")
        }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        let timeout = TimeAmount.milliseconds(Int64(configuration.requestTimeout.timeInterval * 1000))
        logger.trace(
            "HubSpot call",
            metadata: [
                "operation": "\(request.operation)", "method": "\(request.method.rawValue)",
                "path": "\(request.path)",
            ])
        let response = try await httpClient.execute(http, timeout: timeout)
        let bytes = try await response.body.collect(upTo: configuration.maxResponseBytes)
        return (Int(response.status.code), response.headers, Data(bytes.readableBytesView))
    }

    private static func error(
        from body: Data, status: Int, request: HubSpotRequest, secrets: [String], attempt: Int
    )
        -> HubSpotError
    {
        let parsed = try? JSONDecoder().decode(HubSpotErrorBody.self, from: body)
        let fallback = String(decoding: body.prefix(500), as: UTF8.self)
        let message = parsed?.message ?? (fallback.isEmpty ? "HTTP \(status) without a body" : fallback)
        return HubSpotError(
            kind: .http, operation: request.operation, status: status,
            category: parsed?.category, subCategory: parsed?.subCategory,
            message: redact(message, secrets: secrets),
            correlationId: parsed?.correlationId,
            details: (parsed?.errors ?? []).compactMap(\.message).map { redact($0, secrets: secrets) },
            attempts: attempt)
    }

    private static func policyName(_ body: Data) -> String? {
        (try? JSONDecoder().decode(HubSpotErrorBody.self, from: body))?.policyName?.uppercased()
    }

    /// How long to wait after a 429 for a rolling limit: `Retry-After` when given,
    /// otherwise one window — the `X-HubSpot-RateLimit-Interval-Milliseconds` the answer
    /// names, else 10 s (`TEN_SECONDLY_ROLLING`) — or one second (`SECONDLY`).
    static func rateLimitWait(policyName: String?, retryAfter: String?, interval: String?) -> Duration {
        if let retryAfter, let seconds = Double(retryAfter.trimmingCharacters(in: .whitespaces)),
            seconds >= 0
        {
            return .milliseconds(Int64(seconds * 1000))
        }
        switch policyName {
        case "SECONDLY": return .seconds(1)
        default:
            if let interval, let milliseconds = Int64(interval.trimmingCharacters(in: .whitespaces)),
                (1...60_000).contains(milliseconds)
            {
                return .milliseconds(milliseconds)
            }
            return .seconds(10)
        }
    }

    static func redact(_ text: String, secrets: [String]) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "‹redacted›") }
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        return [
            .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
            .getConnectionFromPoolTimeout,
        ]
        .contains(error)
    }

    /// Errors that prove the request never reached HubSpot, so even a non-idempotent call may be repeated.
    private static func failedBeforeSending(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return [.connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout].contains(error)
        }
        return error is NIOConnectionError
    }
}
