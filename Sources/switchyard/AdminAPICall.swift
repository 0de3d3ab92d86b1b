import ArgumentParser
import AsyncHTTPClient
import Composition
import Foundation
import NIOCore
import TenantConfig

/// Calls a running host's admin API for a command (`sync`, `inbox`): the token is `--token`,
/// else `$SWITCHYARD_OPERATOR_TOKEN`, else the tenant's own `admin.token` from its tenant file.
struct AdminAPICall {
    /// The host's origin, e.g. `http://127.0.0.1:8080`.
    var host: String
    /// The bearer token.
    var bearer: String

    /// Resolves the token; prints what to do and fails when there is none.
    init(host: String, token: String?, tenants: String, tenant: String) throws {
        self.host = host
        if let token {
            bearer = token
        } else if let token = ProcessInfo.processInfo.environment["SWITCHYARD_OPERATOR_TOKEN"], !token.isEmpty {
            bearer = token
        } else if let secret = (try? TenantLoader(registry: BuiltInConnectors.registry).loadDirectory(tenants))?.tenants
            .first(where: { $0.id == tenant })?.adminToken
        {
            bearer = secret.reveal()
        } else {
            printError("switchyard: no token; pass --token, set SWITCHYARD_OPERATOR_TOKEN, or configure admin.token in the tenant file")
            throw ExitCode.failure
        }
    }

    /// Sends a request and decodes the JSON answer; prints the host's error and fails on a non-2xx answer.
    func call<T: Decodable>(_ client: HTTPClient, _ method: String, _ path: String) async throws -> T {
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
}
