import Foundation
import Logging
import Store

/// How the host runs: where it listens, where tenants and state live, how it logs.
///
/// Read from command-line flags and `SWITCHYARD_*` environment variables (flags win);
/// see ``HostSettings/environmentKeys``.
public struct HostSettings: Sendable, Hashable {
    /// Log line format.
    public enum LogFormat: String, Sendable, Hashable, CaseIterable {
        /// Human-readable lines.
        case text
        /// One JSON object per line.
        case json
    }

    /// Whether to start the built-in simulators of the sources' and HubSpot's APIs.
    public enum SandboxMode: String, Sendable, Hashable, CaseIterable {
        /// Start them when a tenant's `api_base` is `sandbox`.
        case auto
        /// Always start them.
        case on
        /// Never start them (tenants using `sandbox` then fail to load).
        case off
    }

    /// Address to bind, e.g. `127.0.0.1` or `0.0.0.0`.
    public var bindAddress: String
    /// Port to listen on (0: any free port).
    public var port: Int
    /// Directory of tenant YAML files.
    public var tenantsDirectory: String
    /// Directory of connector plugins: one folder per connector with a `connector.json`
    /// manifest (see `Plugins/connector-protocol.md`). A missing directory means no plugins.
    public var pluginsDirectory: String = "Plugins"
    /// How plugin connector processes are supervised (restart backoff, shutdown grace).
    public var pluginSupervision = PluginSupervisionPolicy()
    /// SQLite state file (nil: in memory); unused when ``postgresState`` is set.
    public var statePath: String?
    /// The PostgreSQL database to keep the state in instead of the SQLite file, so several
    /// replicas can share it (the state setting `postgres://user@host:port/db`).
    public var postgresState: PostgresStateLocation?
    /// This replica's id among the replicas of one PostgreSQL state (default: host name and pid).
    public var replicaID: String?
    /// How long a replica's tenant leases last without renewal, in seconds: a replica that dies
    /// loses its tenants to the others within this time plus a third of it.
    public var tenantLeaseSeconds: Double = 10
    /// Log format.
    public var logFormat: LogFormat
    /// Minimum log level.
    public var logLevel: Logger.Level
    /// Sandbox mode.
    public var sandbox: SandboxMode
    /// Seed of the sandbox scenario.
    public var sandboxSeed: UInt64
    /// Origin of a sandbox already running (`switchyard sandbox`), e.g. `http://127.0.0.1:8090`,
    /// used for `sandbox` tenants instead of starting one in-process.
    public var sandboxURL: String?
    /// Port of the embedded sandbox (0: any free port).
    public var sandboxPort: Int = 0
    /// Whether recent webinars are reconciled at start and periodically.
    public var reconcile: Bool = true
    /// Whether webhook events are applied from what they carry (``WebhookApplication``); false
    /// syncs every webhook's webinar from a fresh snapshot, as before incremental webhooks
    /// (kept for the benchmark's baseline column only).
    public var incrementalWebhooks: Bool = true
    /// How often the tenants directory is checked for changes where the OS's file
    /// notifications (inotify) are unavailable; with them, changes are seen at once.
    public var reloadPollInterval: Duration
    /// Bearer token of the operator (all tenants) for the admin API, if any.
    public var operatorToken: String?
    /// The URL HubSpot reaches this host at (e.g. `https://switchyard.example.com`), used in
    /// the workflow action's `actionUrl` and for the URL its signatures cover; nil: the host's
    /// own address (`http://bind:port`).
    public var publicURL: String?
    /// How the state store writes webhook deliveries: durable group commit by default
    /// (benchmarks select the old one-transaction-per-webhook path to compare).
    public var stateIngest: SQLiteIngestOptions = .durable
    /// How long a workflow-action request waits for the source before HubSpot is answered `BLOCK` and
    /// the result is sent later through a callback completion.
    public var workflowActionResponseBudget: Duration = .seconds(5)
    /// How a webhook whose sync failed on a transient error is retried before it becomes a dead letter.
    public var inboxRetry: InboxRetryPolicy = .standard
    /// Whether metrics carry HubSpot portal ids (`account` label of the budget gauges); off by
    /// default so the number of series does not grow with the tenants.
    public var metricsTenantLabels = false

    /// Creates settings; the defaults are the embedded demo setup.
    public init(
        bindAddress: String = "127.0.0.1",
        port: Int = 8080,
        tenantsDirectory: String = "tenants",
        statePath: String? = ".switchyard/state.sqlite",
        logFormat: LogFormat = .text,
        logLevel: Logger.Level = .info,
        sandbox: SandboxMode = .auto,
        sandboxSeed: UInt64 = 7,
        reloadPollInterval: Duration = .seconds(5),
        operatorToken: String? = nil
    ) {
        self.bindAddress = bindAddress
        self.port = port
        self.tenantsDirectory = tenantsDirectory
        self.statePath = statePath
        self.logFormat = logFormat
        self.logLevel = logLevel
        self.sandbox = sandbox
        self.sandboxSeed = sandboxSeed
        self.reloadPollInterval = reloadPollInterval
        self.operatorToken = operatorToken
    }

    /// The environment variables read, by setting.
    public static let environmentKeys: [(key: String, meaning: String)] = [
        ("SWITCHYARD_BIND", "address to bind (default 127.0.0.1)"),
        ("SWITCHYARD_PORT", "port (default 8080)"),
        ("SWITCHYARD_TENANTS", "tenants directory (default tenants)"),
        ("SWITCHYARD_PLUGINS", "connector plugins directory, one folder with a connector.json per connector (default Plugins)"),
        (
            "SWITCHYARD_STATE",
            "SQLite state file (default .switchyard/state.sqlite; ':memory:' keeps it in memory), or postgres://user@host:port/db"
        ),
        ("SWITCHYARD_REPLICA_ID", "this replica's id among the replicas of one PostgreSQL state (default: host name and pid)"),
        ("SWITCHYARD_LEASE_SECONDS", "tenant lease length of a replica on PostgreSQL, in seconds (default 10)"),
        ("SWITCHYARD_STATE_PASSWORD", "PostgreSQL password as a secret reference (${env:NAME} or ${file:secrets/NAME}); else PGPASSWORD"),
        ("SWITCHYARD_LOG_FORMAT", "text or json (default text)"),
        ("SWITCHYARD_LOG_LEVEL", "trace, debug, info, notice, warning, error, critical (default info)"),
        ("SWITCHYARD_SANDBOX", "auto, on or off (default auto)"),
        ("SWITCHYARD_SANDBOX_SEED", "seed of the sandbox scenario (default 7)"),
        ("SWITCHYARD_SANDBOX_URL", "use the sandbox already running at this URL instead of starting one"),
        ("SWITCHYARD_ACTION_RESPONSE_SECONDS", "seconds a workflow action waits for its source before answering BLOCK (default 5)"),
        ("SWITCHYARD_OPERATOR_TOKEN", "bearer token of the operator for the admin API"),
        ("SWITCHYARD_PUBLIC_URL", "the URL HubSpot reaches the host at (default: the host's own address)"),
        ("SWITCHYARD_INBOX_MAX_ATTEMPTS", "attempts of a webhook whose sync fails transiently before it is a dead letter (default 10)"),
        ("SWITCHYARD_INBOX_RETRY_SECONDS", "wait after a webhook's first failed attempt, doubling up to 300 s (default 1)"),
    ]
}
