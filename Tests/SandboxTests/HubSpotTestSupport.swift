import SwitchyardJSON
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Sandbox
import Synchronization
import Testing

/// The portal most tests use: two business units, a HubSpot user, a contact with a
/// secondary email and a deleted contact.
enum HubSpotFixture {
    static let start = Date(timeIntervalSince1970: 1_750_000_000)
    static let portalID = 4_400_123
    static let token = "pat-na1-northwind"
    static let appID = 1_234_567
    static let developerKey = "dev-key-northwind"
    static let clientSecret = "northwind-app-secret"

    static var seed: HubSpotPortalSeed {
        HubSpotPortalSeed(
            credentials: HubSpotPortalCredentials(
                portalID: portalID, accessToken: token, appID: appID, developerAPIKey: developerKey,
                clientSecret: clientSecret),
            users: [
                .init(
                    id: "501", email: "admin@northwind.example", firstName: "Nora", lastName: "Admin",
                    businessUnitIDs: [0, 3411]),
                .init(
                    id: "502", email: "sales@northwind.example", firstName: "Sam", lastName: "Sales",
                    businessUnitIDs: [0]),
            ],
            businessUnits: [.init(id: 0, name: "Account"), .init(id: 3411, name: "EMEA")],
            contacts: [
                .init(
                    email: "ada@example.com", firstName: "Ada", lastName: "Lovelace",
                    additionalEmails: ["ada.l@old.example"]),
                .init(email: "gone@example.com", firstName: "Gone", lastName: "Away", archived: true),
            ])
    }

    /// Runs `body` against a simulator on an ephemeral port.
    static func withSimulator(
        rateLimits: HubSpotRateLimits = HubSpotRateLimits(),
        clock: ManualClock = ManualClock(HubSpotFixture.start),
        _ body: @Sendable (HubSpotSimulator, HubSpotTestClient) async throws -> Void
    ) async throws {
        let simulator = HubSpotSimulator(portals: [seed], rateLimits: rateLimits, now: { clock.now })
        try await simulator.withRunningServer { port in
            try await body(simulator, HubSpotTestClient(port: port))
        }
    }
}

/// An answer of the simulator, parsed.
struct HubSpotReply: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var json: JSONValue

    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// A minimal HTTP client for the simulator, over real loopback HTTP.
struct HubSpotTestClient: Sendable {
    let port: Int
    var token: String? = HubSpotFixture.token

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> HubSpotReply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 10 << 20)
        let json =
            buffer.readableBytes == 0
            ? JSONValue.null : try JSONValue.parse(Data(buffer.readableBytesView))
        return HubSpotReply(status: Int(response.status.code), headers: response.headers, json: json)
    }

    func get(_ path: String) async throws -> HubSpotReply { try await send(.GET, path) }
    func post(_ path: String, _ json: String) async throws -> HubSpotReply {
        try await send(.POST, path, json: json)
    }

    /// The same client without credentials or with other ones.
    func authorized(_ token: String?) -> HubSpotTestClient {
        var copy = self
        copy.token = token
        return copy
    }
}

extension JSONValue {
    /// Member access by path, e.g. `json["errors", 0, "category"]`.
    subscript(path: Any...) -> JSONValue? {
        var current: JSONValue? = self
        for step in path {
            if let key = step as? String {
                current = current?[key]
            } else if let index = step as? Int {
                let elements = current?.arrayValue ?? []
                current = index < elements.count ? elements[index] : nil
            }
        }
        return current
    }
}
