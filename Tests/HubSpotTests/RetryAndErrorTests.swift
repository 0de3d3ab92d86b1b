import Foundation
import HubSpot
import Testing

@Suite("Retries and errors")
struct RetryAndErrorTests {
    @Test("500 answers are retried with back-off, then the call succeeds")
    func serverErrorRetried() async throws {
        let clock = ManualClock()
        let server = ScriptedHubSpot(clock: clock) { _, index in
            index < 2
                ? .error(500, category: "INTERNAL_ERROR", message: "oops") : .json(200, ["results": []])
        }
        let groups = try await server.run(
            retryPolicy: HubSpotRetryPolicy(maxAttempts: 4, baseDelay: .seconds(1), random: { 1 })
        ) { client, _ in
            try await client.properties.listGroups()
        }
        #expect(groups.isEmpty)
        let times = server.requests.map(\.receivedAt)
        #expect(times.count == 3)
        #expect(times[1].timeIntervalSince(times[0]) == 1)  // base delay
        #expect(times[2].timeIntervalSince(times[1]) == 2)  // doubled
    }

    @Test("Retries stop after maxAttempts and the error says how many attempts were made")
    func retriesBounded() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { _, _ in
            .error(503, category: "SERVICE_UNAVAILABLE", message: "down")
        }
        let error = await #expect(throws: HubSpotError.self) {
            try await server.run(retryPolicy: HubSpotRetryPolicy(maxAttempts: 3, random: { 0 })) {
                client, _ in
                try await client.properties.listGroups()
            }
        }
        #expect(server.requests.count == 3)
        #expect(error?.status == 503)
        #expect(error?.attempts == 3)
    }

    @Test("A call create is not retried after a 5xx (a retry could duplicate the call)")
    func nonIdempotentNotRetried() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { _, _ in
            .error(500, category: "INTERNAL_ERROR", message: "oops")
        }
        await #expect(throws: HubSpotError.self) {
            try await server.run { client, _ in
                try await client.calls.create(CallInput(timestamp: Date(), contactIds: ["1"]))
            }
        }
        #expect(server.requests.count == 1)
    }

    @Test("400 is not retried; the error carries status, category, message and correlationId")
    func badRequestNotRetried() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { _, _ in
            .error(
                400, category: "VALIDATION_ERROR", message: "Property values were not valid",
                correlationId: "aeb5f871-7f07-4993-9211-075dc63e7cbf")
        }
        let error = await #expect(throws: HubSpotError.self) {
            try await server.run { client, _ in
                try await client.contacts.update(id: "1", properties: ["bogus": "x"])
            }
        }
        #expect(server.requests.count == 1)
        #expect(error?.kind == .http)
        #expect(error?.status == 400)
        #expect(error?.category == "VALIDATION_ERROR")
        #expect(error?.message == "Property values were not valid")
        #expect(error?.correlationId == "aeb5f871-7f07-4993-9211-075dc63e7cbf")
        #expect(error?.operation == "contacts.update")
        #expect(error?.description.contains("What to do") == true)
    }

    @Test("Timeouts are retried, then reported as timeouts")
    func timeoutRetried() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { _, index in
            if index == 0 { try? await Task.sleep(for: .seconds(3)) }
            return .json(200, ["results": []])
        }
        let groups = try await server.run(requestTimeout: .seconds(1)) { client, _ in
            try await client.properties.listGroups()
        }
        #expect(groups.isEmpty)
        #expect(server.requests.count >= 2, "the timed-out first request was retried")
    }

    @Test("Tokens and developer keys never appear in errors, even when HubSpot echoes them")
    func secretsRedacted() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            let echoed = request.header("Authorization") ?? request.queryValues("hapikey").joined()
            return .error(
                401, category: "INVALID_AUTHENTICATION",
                message: "Authentication credentials not valid: \(echoed)")
        }
        let developer = HubSpotDeveloperCredentials(
            appId: "77", developerAPIKey: HubSpotSecret(testDeveloperKey))
        let errors: [HubSpotError] = try await server.run(developerCredentials: developer) {
            client, _ in
            var errors: [HubSpotError] = []
            do { _ = try await client.properties.list() } catch let error as HubSpotError {
                errors.append(error)
            }
            do { _ = try await client.timeline.listTemplates() } catch let error as HubSpotError {
                errors.append(error)
            }
            return errors
        }
        #expect(errors.count == 2)
        #expect(server.requests.first?.header("Authorization") == "Bearer \(testToken)")
        #expect(server.requests.last?.queryValues("hapikey") == [testDeveloperKey])
        #expect(server.requests.last?.header("Authorization") == nil)
        for error in errors {
            let texts = [error.description, error.message, String(reflecting: error), "\(error)"]
            #expect(texts.allSatisfy { !$0.contains(testToken) && !$0.contains(testDeveloperKey) })
            #expect(error.message.contains("‹redacted›"))
            #expect(error.status == 401)
        }
        let secret = HubSpotSecret(testToken)
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(
            !"\(secret)".contains(testToken) && !dumped.contains(testToken)
                && !String(reflecting: secret).contains(testToken))
        #expect(!"\(developer)".contains(testDeveloperKey))
    }

    @Test(
        "Developer-credential calls fail with a typed error when none are configured, without sending")
    func missingDeveloperCredentials() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { _, _ in .json(200, ["results": []]) }
        let error = await #expect(throws: HubSpotError.self) {
            try await server.run { client, _ in try await client.automation.listDefinitions() }
        }
        #expect(error?.kind == .missingDeveloperCredentials)
        #expect(server.requests.isEmpty)
    }

    @Test("An invalid base URL is rejected at construction")
    func invalidBaseURL() throws {
        #expect(throws: HubSpotError.self) {
            try HubSpotClient(
                configuration: .init(
                    baseURL: "api.hubapi.com",
                    credentials: HubSpotPrivateAppCredentials(accessToken: HubSpotSecret("t"))),
                budget: HubSpotRequestBudget(portalId: "1"), httpClient: .shared, logger: .init(label: "t"))
        }
    }
}
