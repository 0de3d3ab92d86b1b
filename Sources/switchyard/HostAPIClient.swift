import AsyncHTTPClient
import ArgumentParser
import Composition
import Foundation
import Host
import NIOCore
import TenantConfig

/// The admin API of a running host, as the CLI's `sync` and `backfill` use it: failures are
/// printed as messages and end the command with exit code 1.
struct HostAPIClient {
    /// The host, e.g. `http://127.0.0.1:8080`.
    let host: String
    /// The bearer token.
    let bearer: String
    let client: HTTPClient

    /// The token: `--token`, `$SWITCHYARD_OPERATOR_TOKEN`, or the tenant's admin token from its file.
    static func token(_ token: String?, tenant: String, tenantsDirectory: String) throws -> String {
        if let token { return token }
        if let token = ProcessInfo.processInfo.environment["SWITCHYARD_OPERATOR_TOKEN"], !token.isEmpty { return token }
        let load = try? TenantLoader(registry: BuiltInConnectors.registry).loadDirectory(tenantsDirectory)
        if let secret = load?.tenants.first(where: { $0.id == tenant })?.adminToken { return secret.reveal() }
        printError("switchyard: no token; pass --token, set SWITCHYARD_OPERATOR_TOKEN, or configure admin.token in the tenant file")
        throw ExitCode.failure
    }

    /// Sends a request and decodes the JSON answer.
    func call<T: Decodable>(_ method: String, _ path: String) async throws -> T {
        var request = HTTPClientRequest(url: host + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(600))
        } catch {
            printError("switchyard: cannot reach the host at \(host): \(error); is `switchyard serve` running?")
            throw ExitCode.failure
        }
        let body = try await response.body.collect(upTo: 64 << 20)
        guard (200..<300).contains(response.status.code) else {
            printError("switchyard: the host answered \(response.status.code): \(String(buffer: body))")
            throw ExitCode.failure
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: body)
    }

    /// Reads a run again and again until it is finished; `seen` hears of every reading.
    func follow(_ run: SyncRun, tenant: String, seen: (SyncRun) async throws -> Void = { _ in }) async throws -> SyncRun {
        var run = run
        try await seen(run)
        while !run.state.isFinished {
            try await Task.sleep(for: .milliseconds(250))
            run = try await call("GET", "/api/v1/tenants/\(tenant)/sync-runs/\(run.id)")
            try await seen(run)
        }
        return run
    }
}
