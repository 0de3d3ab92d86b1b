import ConnectorKit
import Foundation
import Sandbox
import Testing
import ZoomConnector

@Suite("Zoom connector against the simulator: rate limits")
struct SimulatorRateLimitTests {
    @Test("a burst of Medium requests on a Pro account is spaced under the simulator's limit")
    func burstSpaced() async throws {
        try await SimulatorHarness.run { harness in
            let account = "nwEmeaAccount01"  // pro: 20 Medium requests per second
            let host = try #require(try harness.account(account).credentials.hostEmails.first)
            let connector = try harness.connector(account, users: Array(repeating: host, count: 50))
            _ = try await connector.listWebinars()
            let lists = harness.simulator.requestLog.all.filter { $0.path.hasSuffix("/webinars") }
            #expect(lists.count == 50)
            #expect(lists.allSatisfy { $0.status == 200 }, "\(lists.map(\.status).filter { $0 != 200 })")
        }
    }

    @Test("an injected 429 is waited out while another account's requests go through")
    func injected429() async throws {
        try await SimulatorHarness.run { harness in
            let gate = GatedClock()
            let slow = try harness.connector("nwAccount0001", zoomClock: gate.zoomClock)
            let other = try harness.connector("csAccount00001")
            _ = try await slow.listWebinars()  // both hold tokens before the fault
            _ = try await other.listWebinars()
            harness.simulator.faults.update(FaultPlan(rateLimitBurst: 1))
            async let waiting = slow.listWebinars()
            await gate.waitUntilSomeoneSleeps()
            let during = try await other.listWebinars()
            #expect(!during.isEmpty)
            gate.open()
            #expect(try await !waiting.isEmpty)
            let log = harness.simulator.requestLog.all
            #expect(log.filter { $0.status == 429 }.count == 1)
            #expect(gate.gatedSleeps.first.map { $0 >= .seconds(1) } == true)
        }
    }
}
