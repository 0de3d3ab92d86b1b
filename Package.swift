// swift-tools-version: 6.1
import PackageDescription

/// Switchyard: a multi-tenant, plugin-based integration host.
///
/// Dependencies point one way:
/// `ConnectorKit` ← `Plugins/*` and `SyncEngine`; `SyncEngine` ← `Host` ← `Composition` ← `switchyard`.
/// A connector never imports the host, the store or HubSpot; the sync engine and the host
/// never import a connector or the simulators (`Sandbox`). `Composition` is the composition
/// root: it names the built-in connectors and starts the sandbox for `switchyard serve`.
let package = Package(
    name: "Switchyard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchyard", targets: ["switchyard"]),
        .executable(name: "switchyard-zoom", targets: ["switchyard-zoom"]),
        .executable(name: "switchyard-teams", targets: ["switchyard-teams"]),
        .library(name: "ConnectorKit", targets: ["ConnectorKit"]),
        .library(name: "Sandbox", targets: ["Sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // MARK: Seams
        .target(
            name: "ConnectorKit",
            dependencies: [
                "SwitchyardJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // MARK: Configuration and state
        .target(
            name: "TenantConfig",
            dependencies: [
                "ConnectorKit",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Store",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "SwitchyardJSON"),
        // MARK: HubSpot and the rules
        .target(
            name: "HubSpot",
            dependencies: [
                "SwitchyardJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SyncEngine",
            dependencies: [
                "ConnectorKit",
                "TenantConfig",
                "Store",
                "HubSpot",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // MARK: Simulated APIs
        .target(
            name: "Sandbox",
            dependencies: [
                "SwitchyardJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // MARK: Connectors
        .target(
            name: "ZoomConnector",
            dependencies: [
                "ConnectorKit",
                "SwitchyardJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Plugins/Zoom",
            exclude: ["Executable"]
        ),
        // The Zoom connector as its own process (connector protocol over stdio); its manifest
        // `Plugins/Zoom/Executable/connector.json` lets a host use it instead of the built-in one.
        .executableTarget(
            name: "switchyard-zoom",
            dependencies: ["ConnectorKit", "ZoomConnector"],
            path: "Plugins/Zoom/Executable",
            exclude: ["connector.json"]
        ),
        .target(
            name: "TeamsConnector",
            dependencies: [
                "ConnectorKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Plugins/Teams",
            exclude: ["Executable", "connector.json"]
        ),
        // The Microsoft Teams connector, only as its own process: the host finds it through
        // `Plugins/Teams/connector.json` (nothing in the host names it).
        .executableTarget(
            name: "switchyard-teams",
            dependencies: ["ConnectorKit", "TeamsConnector"],
            path: "Plugins/Teams/Executable"
        ),
        // MARK: Runtime
        .target(
            name: "Host",
            dependencies: [
                "ConnectorKit",
                "TenantConfig",
                "Store",
                "HubSpot",
                "SyncEngine",
                "SwitchyardJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // MARK: Composition root
        .target(
            name: "Composition",
            dependencies: [
                "ConnectorKit",
                "Host",
                "Sandbox",
                "TenantConfig",
                "ZoomConnector",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "switchyard",
            dependencies: [
                "Composition",
                "ConnectorKit",
                "Host",
                "Store",
                "SyncEngine",
                "TenantConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // MARK: Benchmarks
        .executableTarget(
            name: "switchyard-bench",
            dependencies: [
                "Composition", "Host", "Sandbox", "Store", "SyncEngine", "TenantConfig",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Benchmarks/SyncRequests"
        ),
        // MARK: Tests
        .testTarget(name: "ConnectorKitTests", dependencies: ["ConnectorKit"]),
        .testTarget(name: "TenantConfigTests", dependencies: ["ConnectorKit", "TenantConfig", "ZoomConnector"]),
        // Starts (or finds) the PostgreSQL server the tests of both store backends use.
        .target(
            name: "PostgresTestSupport",
            dependencies: ["Store", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/PostgresTestSupport"),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "PostgresTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        .testTarget(
            name: "HubSpotTests",
            dependencies: [
                "HubSpot",
                "Sandbox",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SyncEngineTests", dependencies: ["ConnectorKit", "HubSpot", "Store", "SyncEngine", "TenantConfig"]),
        .testTarget(
            name: "SandboxTests",
            dependencies: [
                "Sandbox",
                "SwitchyardJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ZoomConnectorTests",
            dependencies: [
                "ConnectorKit",
                "ZoomConnector",
                "Sandbox",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "TeamsConnectorTests",
            dependencies: [
                "ConnectorKit",
                "TeamsConnector",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "HostTests",
            dependencies: [
                "Composition",
                "ConnectorKit",
                "Host",
                "HubSpot",
                "Store",
                "SyncEngine",
                "Sandbox",
                "SwitchyardJSON",
                "switchyard",
                "switchyard-zoom",
                "switchyard-teams",
                "PostgresTestSupport",
                "ZoomConnector",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Fixtures"]
        ),
    ]
)
