import Foundation

/// What `switchyard serve` prints so a person can sign in to the console of a demo setup.
///
/// Only demo values are ever in it: an operator token generated for this run (when the sandbox
/// runs and `SWITCHYARD_OPERATOR_TOKEN` is not set), and the tenant tokens that are the demo
/// fallbacks written in the tenant files themselves (`${env:NAME:-demo-value}` with `NAME`
/// unset) of tenants that use the sandbox. A token from the environment or a file is never in it.
public struct ConsoleSignInHint: Sendable, Hashable {
    /// A demo tenant's token.
    public struct TenantToken: Sendable, Hashable {
        /// Tenant id.
        public var tenant: String
        /// The demo token (the fallback written in the tenant file).
        public var token: String
    }

    /// The console's address, e.g. `http://127.0.0.1:8080/console`.
    public var consoleURL: String
    /// The operator token generated for this run, when there is one.
    public var generatedOperatorToken: String?
    /// The demo tenants' tokens, by tenant id.
    public var tenantTokens: [TenantToken]

    /// The lines to print.
    public var lines: [String] {
        var lines = ["Console: \(consoleURL)"]
        if let generatedOperatorToken {
            lines.append("Operator token: \(generatedOperatorToken)")
            lines.append("  (generated for this run, sees every tenant; set SWITCHYARD_OPERATOR_TOKEN to choose your own)")
        }
        for token in tenantTokens {
            lines.append("Tenant token of \(token.tenant): \(token.token)")
        }
        if !tenantTokens.isEmpty { lines.append("  (demo tokens of the sandbox tenants, written in their tenant files)") }
        return lines
    }

    /// The operator token to use: the configured one, else one generated for a run with the
    /// sandbox (so the demo console can show every tenant), else none.
    static func operatorToken(configured: String?, sandboxRuns: Bool) -> (token: String?, generated: Bool) {
        if let configured, !configured.isEmpty { return (configured, false) }
        return sandboxRuns ? (RandomToken.make(), true) : (nil, false)
    }

    /// The demo tokens of the tenants that run against the sandbox.
    static func demoTenantTokens(_ runtimes: [TenantRuntime]) -> [TenantToken] {
        runtimes.compactMap { runtime in
            guard runtime.config.hubSpot.apiBase == "sandbox", let secret = runtime.config.adminToken,
                let fallback = demoFallback(of: secret.reference), fallback == secret.reveal()
            else { return nil }
            return TenantToken(tenant: runtime.id, token: fallback)
        }
    }

    /// `demo-value` of `${env:NAME:-demo-value}`.
    static func demoFallback(of reference: String) -> String? {
        guard reference.hasPrefix("${env:"), reference.hasSuffix("}"), let range = reference.range(of: ":-") else { return nil }
        let fallback = reference[range.upperBound..<reference.index(before: reference.endIndex)]
        return fallback.isEmpty ? nil : String(fallback)
    }
}
