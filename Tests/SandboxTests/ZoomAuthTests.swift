import Foundation
import NIOHTTP1
import Sandbox
import Testing

@Suite("Zoom Server-to-Server OAuth")
struct ZoomAuthTests {
    let scenario = zoomTestScenario()

    @Test("a token from valid credentials authorizes API calls of its account")
    func validCredentials() async throws {
        let clock = ManualClock()
        let accounts = scenario.zoomAccounts
        try await withZoomSandbox(accounts: accounts, configuration: .init(now: { clock.now })) {
            zoom in
            let answer = try await zoom.token(for: accounts[0].credentials)
            #expect(answer.status == 200)
            #expect(answer.json["token_type"] as? String == "bearer")
            #expect(answer.json["expires_in"] as? Int == 3600)
            let token = try #require(answer.json["access_token"] as? String)
            let users = try await zoom.get("/v2/users", token: token)
            #expect(users.status == 200)
            let emails = (users.json["users"] as? [[String: Any]])?.compactMap { $0["email"] as? String }
            #expect(emails == accounts[0].credentials.hostEmails)
        }
    }

    @Test("form-encoded parameters work like query parameters (as zoomus sends them)")
    func formEncodedParameters() async throws {
        let account = scenario.zoomAccounts[0].credentials
        try await withZoomSandbox(accounts: scenario.zoomAccounts, configuration: .init()) { zoom in
            let basic = Data("\(account.clientID):\(account.clientSecret)".utf8).base64EncodedString()
            let answer = try await zoom.send(
                .POST, "/oauth/token",
                headers: [
                    ("Authorization", "Basic \(basic)"),
                    ("Content-Type", "application/x-www-form-urlencoded"),
                ],
                body: Data("grant_type=account_credentials&account_id=\(account.accountID)".utf8))
            #expect(answer.status == 200)
            #expect(answer.json["access_token"] is String)
        }
    }

    @Test("a wrong secret or a foreign account id is refused with Zoom's OAuth error body")
    func wrongCredentials() async throws {
        let accounts = scenario.zoomAccounts
        try await withZoomSandbox(accounts: accounts, configuration: .init()) { zoom in
            let wrong = try await zoom.token(for: accounts[0].credentials, secret: "not-the-secret")
            #expect(wrong.status == 400)
            #expect(wrong.json["error"] as? String == "invalid_client")
            #expect(wrong.json["reason"] as? String == "Invalid client_id or client_secret")
            #expect(wrong.json["access_token"] == nil)

            var foreign = accounts[0].credentials
            foreign.accountID = accounts[1].credentials.accountID
            let mismatch = try await zoom.token(for: foreign)
            #expect(mismatch.status == 400)
            #expect(mismatch.json["error"] as? String == "invalid_request")
        }
    }

    @Test("an expired or missing token answers 401 with code 124")
    func expiredToken() async throws {
        let clock = ManualClock()
        let accounts = scenario.zoomAccounts
        try await withZoomSandbox(accounts: accounts, configuration: .init(now: { clock.now })) {
            zoom in
            let token = try await zoom.bearer(for: accounts[0].credentials)
            clock.advance(seconds: 3599)
            #expect(try await zoom.get("/v2/users", token: token).status == 200)
            clock.advance(seconds: 2)
            let expired = try await zoom.get("/v2/users", token: token)
            #expect(expired.status == 401)
            #expect(expired.json["code"] as? Int == 124)
            #expect(expired.json["message"] as? String == "Access token is expired.")

            let missing = try await zoom.send(.GET, "/v2/users")
            #expect(missing.status == 401)
            #expect(missing.json["message"] as? String == "Invalid access token.")
        }
    }

    @Test("a token of one account cannot reach another account's webinars or users")
    func otherAccount() async throws {
        let accounts = scenario.zoomAccounts
        // The scenario's clock: Zoom answers 3001 for a webinar 30 days after it ran.
        try await withZoomSandbox(accounts: accounts, configuration: .init(now: { zoomTestReferenceDate })) { zoom in
            let otherToken = try await zoom.bearer(for: accounts[1].credentials)
            let webinarID = try #require(accounts[0].webinars.first?.id)
            let webinar = try await zoom.get("/v2/webinars/\(webinarID)", token: otherToken)
            #expect(webinar.status == 404)
            #expect(webinar.json["code"] as? Int == 3001)
            let host = accounts[0].credentials.hostEmails[0]
            let list = try await zoom.get("/v2/users/\(host)/webinars", token: otherToken)
            #expect(list.status == 404)
            #expect(list.json["code"] as? Int == 1001)
            let ownToken = try await zoom.bearer(for: accounts[0].credentials)
            #expect(try await zoom.get("/v2/webinars/\(webinarID)", token: ownToken).status == 200)
        }
    }
}
