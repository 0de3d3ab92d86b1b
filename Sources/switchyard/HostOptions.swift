import ArgumentParser
import Foundation
import Host
import Logging

/// Host settings from flags, falling back to `SWITCHYARD_*` environment variables, then defaults.
struct HostOptions: ParsableArguments {
    @Option(name: .long, help: "Address to bind (env SWITCHYARD_BIND; default 127.0.0.1).")
    var bind: String?

    @Option(
        name: .long, help: "Port to listen on, 0 for any free port (env SWITCHYARD_PORT; default 8080)."
    )
    var port: Int?

    @Option(
        name: .long, help: "Directory of tenant YAML files (env SWITCHYARD_TENANTS; default tenants).")
    var tenants: String?

    @Option(
        name: .long,
        help: "Directory of connector plugins, one folder with a connector.json each (env SWITCHYARD_PLUGINS; default Plugins).")
    var plugins: String?

    @Option(
        name: .long,
        help:
            "SQLite state file, :memory:, or postgres://user@host:port/db for several replicas (env SWITCHYARD_STATE; default .switchyard/state.sqlite)."
    )
    var state: String?

    @Option(name: .long, help: "Log format: text or json (env SWITCHYARD_LOG_FORMAT; default text).")
    var logFormat: String?

    @Option(
        name: .long, help: "Log level: trace … critical (env SWITCHYARD_LOG_LEVEL; default info).")
    var logLevel: String?

    @Option(
        name: .long,
        help: "Built-in simulators: auto, on or off (env SWITCHYARD_SANDBOX; default auto).")
    var sandbox: String?

    @Option(
        name: .long, help: "Seed of the sandbox scenario (env SWITCHYARD_SANDBOX_SEED; default 7).")
    var sandboxSeed: UInt64?

    @Option(
        name: .long,
        help: "Use a sandbox already running (switchyard sandbox) at this URL instead of starting one (env SWITCHYARD_SANDBOX_URL)."
    )
    var sandboxURL: String?

    @Option(
        name: .long,
        help: "The URL HubSpot reaches this host at, for the workflow action (env SWITCHYARD_PUBLIC_URL; default: the host's address)."
    )
    var publicURL: String?

    @Option(
        name: .long,
        help:
            "Seconds the workflow action waits for Zoom before answering BLOCK and completing later (env SWITCHYARD_ACTION_RESPONSE_SECONDS; default 5)."
    )
    var actionResponseSeconds: Double?

    @Flag(
        name: .long,
        help:
            "Label metrics with HubSpot portal ids (env SWITCHYARD_METRICS_TENANT_LABELS=1; default off: series do not grow with tenants)."
    )
    var metricsTenantLabels = false

    /// Resolves flags, environment and defaults into settings.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> HostSettings
    {
        var settings = HostSettings()
        settings.bindAddress = bind ?? environment["SWITCHYARD_BIND"] ?? settings.bindAddress
        if let port = try port
            ?? environment["SWITCHYARD_PORT"].map({ try Self.parse($0, as: Int.self, "SWITCHYARD_PORT") })
        {
            guard (0...65535).contains(port) else {
                throw ValidationError("port must be between 0 and 65535, found \(port)")
            }
            settings.port = port
        }
        settings.tenantsDirectory =
            tenants ?? environment["SWITCHYARD_TENANTS"] ?? settings.tenantsDirectory
        settings.pluginsDirectory = plugins ?? environment["SWITCHYARD_PLUGINS"] ?? settings.pluginsDirectory
        if let setting = state ?? environment["SWITCHYARD_STATE"] {
            try StateSetting.apply(setting, to: &settings, environment: environment)
        }
        if let format = logFormat ?? environment["SWITCHYARD_LOG_FORMAT"] {
            guard let parsed = HostSettings.LogFormat(rawValue: format) else {
                throw ValidationError("log format must be text or json, found '\(format)'")
            }
            settings.logFormat = parsed
        }
        if let level = logLevel ?? environment["SWITCHYARD_LOG_LEVEL"] {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw ValidationError(
                    "log level must be one of trace, debug, info, notice, warning, error, critical; found '\(level)'"
                )
            }
            settings.logLevel = parsed
        }
        if let mode = sandbox ?? environment["SWITCHYARD_SANDBOX"] {
            guard let parsed = HostSettings.SandboxMode(rawValue: mode) else {
                throw ValidationError("sandbox must be auto, on or off; found '\(mode)'")
            }
            settings.sandbox = parsed
        }
        if let seed = try sandboxSeed
            ?? environment["SWITCHYARD_SANDBOX_SEED"].map({
                try Self.parse($0, as: UInt64.self, "SWITCHYARD_SANDBOX_SEED")
            })
        {
            settings.sandboxSeed = seed
        }
        if let url = sandboxURL ?? environment["SWITCHYARD_SANDBOX_URL"] {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ValidationError("sandbox URL must start with http:// or https://, found '\(url)'")
            }
            settings.sandboxURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        settings.operatorToken = environment["SWITCHYARD_OPERATOR_TOKEN"]
        if let seconds = try actionResponseSeconds
            ?? environment["SWITCHYARD_ACTION_RESPONSE_SECONDS"].map({
                try Self.parse($0, as: Double.self, "SWITCHYARD_ACTION_RESPONSE_SECONDS")
            })
        {
            guard (0.1...15).contains(seconds) else {
                throw ValidationError("the action response time must be between 0.1 and 15 seconds (HubSpot waits 20), found \(seconds)")
            }
            settings.workflowActionResponseBudget = .milliseconds(Int64(seconds * 1000))
        }
        settings.replicaID = environment["SWITCHYARD_REPLICA_ID"]
        if let seconds = try environment["SWITCHYARD_LEASE_SECONDS"].map({ try Self.parse($0, as: Double.self, "SWITCHYARD_LEASE_SECONDS") }
        ) {
            guard (1...600).contains(seconds) else { throw ValidationError("the lease length must be 1 to 600 seconds, found \(seconds)") }
            settings.tenantLeaseSeconds = seconds
        }
        settings.metricsTenantLabels = metricsTenantLabels || environment["SWITCHYARD_METRICS_TENANT_LABELS"] == "1"
        if let url = publicURL ?? environment["SWITCHYARD_PUBLIC_URL"] {
            settings.publicURL = try Self.publicURL(url)
        }
        try Self.readInboxRetry(environment, into: &settings)
        return settings
    }

    /// `SWITCHYARD_INBOX_MAX_ATTEMPTS` (1–100) and `SWITCHYARD_INBOX_RETRY_SECONDS` (the first
    /// wait, 0.01–3600; it doubles up to 300 s or itself, whichever is larger).
    static func readInboxRetry(_ environment: [String: String], into settings: inout HostSettings) throws {
        if let attempts = try environment["SWITCHYARD_INBOX_MAX_ATTEMPTS"].map({
            try Self.parse($0, as: Int.self, "SWITCHYARD_INBOX_MAX_ATTEMPTS")
        }) {
            guard (1...100).contains(attempts) else {
                throw ValidationError("SWITCHYARD_INBOX_MAX_ATTEMPTS must be from 1 to 100, found \(attempts)")
            }
            settings.inboxRetry.maxAttempts = attempts
        }
        if let seconds = try environment["SWITCHYARD_INBOX_RETRY_SECONDS"].map({
            try Self.parse($0, as: Double.self, "SWITCHYARD_INBOX_RETRY_SECONDS")
        }) {
            guard (0.01...3600).contains(seconds) else {
                throw ValidationError("SWITCHYARD_INBOX_RETRY_SECONDS must be from 0.01 to 3600, found \(seconds)")
            }
            settings.inboxRetry.baseDelay = .milliseconds(Int64(seconds * 1000))
            settings.inboxRetry.maxDelay = max(.seconds(300), settings.inboxRetry.baseDelay)
        }
    }

    /// A public URL without its trailing slash, or a validation error.
    static func publicURL(_ text: String) throws -> String {
        var url = text
        while url.hasSuffix("/") { url.removeLast() }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host?.isEmpty == false else {
            throw ValidationError("public URL must be an http(s) URL such as https://switchyard.example.com, found '\(text)'")
        }
        return url
    }

    private static func parse<T: LosslessStringConvertible>(
        _ text: String, as type: T.Type, _ name: String
    ) throws -> T {
        guard let value = T(text) else {
            throw ValidationError("\(name) must be a number, found '\(text)'")
        }
        return value
    }
}

/// Sets up swift-log once for the process.
enum LoggingSetup {
    static func bootstrap(format: HostSettings.LogFormat, level: Logger.Level) -> Logger {
        // Messages written for a webhook's work carry its `trace_id` (see RequestTrace).
        LoggingSystem.bootstrap(
            { label, provider in
                switch format {
                case .json:
                    var handler = JSONLogHandler(label: label, level: level)
                    handler.metadataProvider = provider
                    return handler
                case .text:
                    var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
                    handler.logLevel = level
                    return handler
                }
            }, metadataProvider: RequestTrace.metadataProvider)
        var logger = Logger(label: "switchyard")
        logger.logLevel = level
        return logger
    }
}
