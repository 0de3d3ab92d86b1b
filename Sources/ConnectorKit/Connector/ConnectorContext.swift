import AsyncHTTPClient
import Foundation
import Logging

/// What the host gives a connector to work with.
public struct ConnectorContext: Sendable {
    /// Logger with tenant and connector metadata attached.
    public var logger: Logger
    /// The shared HTTP client (owned by the host; do not shut it down).
    public var httpClient: HTTPClient
    /// The current time (injectable for tests: webhook timestamp windows, token expiry).
    public var now: @Sendable () -> Date
    /// Base URLs of in-process simulators by service name (e.g. `acme`, `acme_oauth`),
    /// used when a config says `sandbox` instead of a URL.
    public var sandboxBaseURLs: [String: String]
    /// Told of every HTTP attempt the connector makes to its source's API, so the host can
    /// count requests, statuses and latency; `nil` when nobody listens.
    public var onAPICall: (@Sendable (APICallRecord) -> Void)?
    /// The share of its source account's rate limits the instance may use (``RequestBudgetShare``):
    /// the whole budget unless the host runs as several replicas. A connector that paces its
    /// requests divides its limits by ``RequestBudgetShare/sharedBy``, read before each request.
    public var budgetShare: RequestBudgetShare

    /// Creates a context.
    public init(
        logger: Logger,
        httpClient: HTTPClient,
        now: @escaping @Sendable () -> Date = { Date() },
        sandboxBaseURLs: [String: String] = [:],
        budgetShare: RequestBudgetShare = RequestBudgetShare()
    ) {
        self.budgetShare = budgetShare
        self.logger = logger
        self.httpClient = httpClient
        self.now = now
        self.sandboxBaseURLs = sandboxBaseURLs
    }

    /// The base URL to call for `service`: the configured URL, or the simulator's when the
    /// config says `sandbox`. Trailing slashes are removed.
    public func baseURL(configured: String, service: String) throws -> String {
        let url: String
        if configured == "sandbox" {
            guard let sandbox = sandboxBaseURLs[service] else {
                throw ConnectorError(
                    .configuration,
                    "api_base is 'sandbox' but no sandbox is running for '\(service)'; start the host with its sandbox or set a real URL"
                )
            }
            url = sandbox
        } else {
            url = configured
        }
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
