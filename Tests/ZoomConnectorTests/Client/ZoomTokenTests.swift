import ConnectorKit
import Foundation
import Hummingbird
import Testing
import ZoomConnector

@Suite("Zoom OAuth tokens")
struct ZoomTokenTests {
    /// A router answering `GET /v2/users/{userId}/webinars` with an empty list, for token-bearing calls.
    private static func emptyWebinars(_ zoom: ScriptedZoom) -> Router<BasicRequestContext> {
        let router = zoom.router()
        router.get("/v2/users/{userId}/webinars") { request, _ -> Response in
            zoom.record(request)
            return ScriptedZoom.json(#"{"page_count":1,"page_size":300,"total_records":0,"webinars":[]}"#)
        }
        return router
    }

    @Test("many concurrent calls share one token request, sent with Basic auth and the account id")
    func oneTokenForConcurrentCalls() async throws {
        let zoom = ScriptedZoom()
        try await ScriptedZoom.serve(Self.emptyWebinars(zoom)) { port in
            let connector = try ZoomTestConfig.connector(port: port, users: ["host@example.com"])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask { _ = try await connector.listWebinars() }
                }
                try await group.waitForAll()
            }
        }
        #expect(zoom.tokensIssued == 1)
        let tokenRequest = try #require(zoom.received.first { $0.path == "/oauth/token" })
        #expect(tokenRequest.method == "POST")
        #expect(tokenRequest.query["grant_type"] == "account_credentials")
        #expect(tokenRequest.query["account_id"] == "acct-1")
        let basic = Data("client-1:client-secret-value".utf8).base64EncodedString()
        #expect(tokenRequest.authorization == "Basic \(basic)")
        #expect(zoom.apiRequests.count == 20)
        #expect(zoom.apiRequests.allSatisfy { $0.authorization == "Bearer token-1" })
    }

    @Test("a token is renewed shortly before it expires, not after")
    func renewedBeforeExpiry() async throws {
        let zoom = ScriptedZoom(tokenLifetime: 3600)
        let wall = WallClock()
        try await ScriptedZoom.serve(Self.emptyWebinars(zoom)) { port in
            let connector = try ZoomTestConfig.connector(
                port: port, users: ["host@example.com"], now: { wall.now })
            _ = try await connector.listWebinars()
            wall.advance(seconds: 3000)  // 10 minutes left: still used
            _ = try await connector.listWebinars()
            wall.advance(seconds: 400)  // 200 s left: inside the renewal margin
            _ = try await connector.listWebinars()
        }
        #expect(zoom.tokensIssued == 2)
        #expect(
            zoom.apiRequests.map(\.authorization) == [
                "Bearer token-1", "Bearer token-1", "Bearer token-2",
            ])
    }

    @Test("a 401 with code 124 renews the token once and retries; a second 401 is an error")
    func renewedOnInvalidToken() async throws {
        let zoom = ScriptedZoom()
        let router = zoom.router()
        router.get("/v2/users/{userId}/webinars") { request, _ -> Response in
            zoom.record(request)
            if request.headers[.authorization] == "Bearer token-1" {
                return ScriptedZoom.zoomError(124, "Invalid access token.", status: .unauthorized)
            }
            if request.uri.path.contains("revoked") {
                return ScriptedZoom.zoomError(124, "Invalid access token.", status: .unauthorized)
            }
            return ScriptedZoom.json(#"{"page_count":1,"webinars":[]}"#)
        }
        try await ScriptedZoom.serve(router) { port in
            let connector = try ZoomTestConfig.connector(port: port, users: ["host@example.com"])
            #expect(try await connector.listWebinars().isEmpty)
            #expect(zoom.tokensIssued == 2)

            let revoked = try ZoomTestConfig.connector(port: port, users: ["revoked@example.com"])
            let error = await #expect(throws: ConnectorError.self) { try await revoked.listWebinars() }
            #expect(error?.kind == .unauthorized)
            #expect(error?.sourceCode == 124)
        }
        // The second connector fetched its own token (3) and renewed it exactly once (4).
        #expect(zoom.tokensIssued == 4)
        #expect(zoom.apiRequests.filter { $0.path.contains("revoked") }.count == 2)
    }

    @Test("refused credentials are an unauthorized error that does not show the secret")
    func refusedCredentials() async throws {
        let zoom = ScriptedZoom()
        try await ScriptedZoom.serve(Self.emptyWebinars(zoom)) { port in
            let connector = try ZoomTestConfig.connector(
                port: port, clientSecret: "wrong-secret-value", users: ["host@example.com"])
            let error = await #expect(throws: ConnectorError.self) { try await connector.listWebinars() }
            #expect(error?.kind == .unauthorized)
            #expect(error?.message.contains("invalid_client") == true)
            #expect(error?.description.contains("wrong-secret-value") == false)
        }
        #expect(zoom.apiRequests.isEmpty)
    }
}
