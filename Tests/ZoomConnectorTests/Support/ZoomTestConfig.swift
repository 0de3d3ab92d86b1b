import AsyncHTTPClient
import ConnectorKit
import Foundation
import Logging
import ZoomConnector

/// Builds validated Zoom connector configs and connectors for tests.
enum ZoomTestConfig {
    static let here = SourceLocation(file: "test.yaml", line: 1, column: 1)

    /// A config object as the validator would produce it (defaults filled in).
    static func object(
        accountID: String = "acct-1",
        clientID: String = "client-1",
        clientSecret: String = "client-secret-value",
        webhookSecret: String = "webhook-secret-value",
        apiBase: String = "sandbox",
        oauthBase: String = ZoomConfigSpec.defaultOAuthBase,
        plan: String = "business",
        users: [String] = []
    ) -> ConfigObject {
        let userValues: [ConfigValue] = users.map { email in
            .object(
                ConfigObject(
                    values: [
                        "email": .string(email), "sync_new_webinars": .boolean(true),
                        "sync_recordings": .boolean(true), "webinars": .null,
                    ], location: here))
        }
        return ConfigObject(
            values: [
                "account_id": .string(accountID),
                "client_id": .string(clientID),
                "client_secret": .secret(Secret(value: clientSecret, reference: "${env:ZOOM_SECRET}")),
                "webhook_secret_token": .secret(
                    Secret(value: webhookSecret, reference: "${env:ZOOM_WEBHOOK}")),
                "api_base": .string(apiBase),
                "oauth_base": .string(oauthBase),
                "plan": .string(plan),
                "users": .list(userValues),
            ], location: here)
    }

    /// A connector talking to a server at `port` (`/v2` API, `/oauth/token`) in sandbox mode.
    static func connector(
        port: Int,
        accountID: String = "acct-1",
        clientID: String = "client-1",
        clientSecret: String = "client-secret-value",
        plan: String = "business",
        users: [String] = [],
        clock: ZoomClock = ManualClock().zoomClock,
        now: @escaping @Sendable () -> Date = { Date() },
        maxAttempts: Int = 4
    ) throws -> ZoomConnector {
        let context = ConnectorContext(
            logger: Logger(label: "zoom-test"), httpClient: .shared, now: now,
            sandboxBaseURLs: [
                "zoom": "http://127.0.0.1:\(port)/v2", "zoom_oauth": "http://127.0.0.1:\(port)",
            ])
        return try ZoomConnector(
            config: object(
                accountID: accountID, clientID: clientID, clientSecret: clientSecret, plan: plan,
                users: users),
            context: context,
            options: ZoomClientOptions(clock: clock, jitter: { 0 }, maxAttempts: maxAttempts))
    }
}
