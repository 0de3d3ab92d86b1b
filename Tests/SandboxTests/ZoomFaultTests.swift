import Foundation
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import Sandbox
import Testing

@Suite("Zoom injected faults and inspection")
struct ZoomFaultTests {
  let scenario = zoomTestScenario()

  @Test("an injected 429 burst and 5xx answer in Zoom's shapes and are logged with their fault")
  func injectedFaults() async throws {
    let account = scenario.zoomAccounts[0]
    try await withZoomSandbox(
      accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
    ) { zoom in
      let token = try await zoom.bearer(for: account.credentials)
      zoom.simulator.faults.update(FaultPlan(rateLimitBurst: 1))
      let limited = try await zoom.get("/v2/report/webinars/123/participants", token: token)
      #expect(limited.status == 429)
      #expect(limited.json["code"] as? Int == 429)
      #expect(limited.headers["x-ratelimit-category"] == "Heavy")
      #expect(limited.headers["x-ratelimit-type"] == "QPS")
      #expect(limited.headers["x-ratelimit-remaining"] == "0")

      zoom.simulator.faults.update(FaultPlan(serverErrorRate: 1))
      let failed = try await zoom.get("/v2/users", token: token)
      #expect(failed.status == 500)
      #expect(failed.json["code"] as? Int == 500)
      zoom.simulator.faults.update(.none)
      #expect(try await zoom.get("/v2/users", token: token).status == 200)

      let log = zoom.simulator.requestLog.all.filter { $0.path.hasPrefix("/v2/") }
      #expect(log.map(\.injectedFault) == ["rate_limited", "server_error", nil])
      #expect(log.map(\.status) == [429, 500, 200])
      let inspected = try await zoom.send(.GET, "/_sandbox/zoom/counters")
      #expect((inspected.json["byStatus"] as? [String: Int])?["429"] == 1)
    }
  }

  @Test("a dropped webhook is never sent; the state dump shows the account's data")
  func droppedWebhookAndStateDump() async throws {
    let scenarioAccounts = scenario.zoomAccounts
    let receiver = WebhookReceiver(secret: scenarioAccounts[0].credentials.webhookSecretToken)
    let questionID = scenario.tenants[0].notableWebinars["requiredQuestion"]
    let webinar = try #require(
      scenarioAccounts[0].webinars.first {
        $0.startTime > zoomTestReferenceDate && $0.id != questionID
      })
    try await receiver.application().test(.live) { receiverClient in
      var accounts = scenarioAccounts
      accounts[0].credentials.webhookURL =
        "http://127.0.0.1:\(try #require(receiverClient.port))/zoom"
      let configuration = ZoomSimulatorConfiguration(
        now: { zoomTestReferenceDate }, faults: FaultPlan(dropWebhookRate: 1))
      try await withZoomSandbox(accounts: accounts, configuration: configuration) { zoom in
        let registrant = try await zoom.simulator.registerThroughZoom(
          webinarID: webinar.id, email: "dropped@example.com", firstName: "Dropped",
          lastName: "Hook")
        await zoom.simulator.webhooksSettled()
        #expect(zoom.simulator.webhookDeliveries.map(\.outcome) == ["dropped"])

        let dump = try await zoom.send(
          .GET, "/_sandbox/zoom/accounts/\(scenarioAccounts[0].credentials.accountID)")
        #expect(dump.status == 200)
        #expect(dump.text.contains(registrant.id))
      }
    }
    #expect(receiver.received.isEmpty)
  }
}
