import ConnectorKit
import Foundation
import Sandbox
import Testing
import ZoomConnector

@Suite("Zoom connector against the simulator: past webinars from the usage reports")
struct PastWebinarListingTests {
    static let account = "nwAccount0001"

    @Test("finds expired webinars within Zoom's six months, not older ones, with sizes and request forecasts")
    func pastWebinars() async throws {
        try await SimulatorHarness.run { harness in
            let zoom = try harness.connector(Self.account)
            let listed = Set(try await zoom.listWebinars().map(\.id))
            let archived = try (0..<3).map { String(try harness.notable("archived\($0)")) }
            #expect(!listed.contains(archived[0]) && !listed.contains(archived[1]), "expired webinars are not listed")

            let year = SimulatorHarness.referenceDate - 365 * 86_400
            let past = try await zoom.listPastWebinars(since: year)
            let found = Set(past.webinars.map(\.webinar.id))
            #expect(found.contains(archived[0]) && found.contains(archived[1]))
            #expect(!found.contains(archived[2]), "200 days ago is beyond Zoom's six months of reports")
            let retained = try #require(past.retainedSince)
            #expect(retained > year && retained < SimulatorHarness.referenceDate - 180 * 86_400)
            #expect(past.notes.contains { $0.contains("6 months") && $0.contains("moved") })

            // Every held webinar of the account's hosts since then, listed ones included.
            let data = try harness.account(Self.account)
            let held = data.webinars.filter { $0.instances.contains { $0.startTime >= retained } }
            #expect(found == Set(held.map { String($0.id) }))
            let expired = try #require(past.webinars.first { $0.webinar.id == archived[0] })
            let source = try #require(data.webinars.first { String($0.id) == archived[0] })
            #expect(expired.sessions == 1)
            #expect(expired.participants == Set(source.instances[0].participants.map { $0.registrantID ?? $0.name }).count)
            #expect(expired.snapshotRequests["Heavy"] == 3, "report, one participant page, and the report that replaces the details")
            #expect(expired.snapshotRequests["Light"] == 4)
            // Seven month-long windows for each of the two hosts, one page each.
            #expect(past.listingRequests["Heavy"] == 2 * 7)
            #expect(past.rateLimits.contains { $0.category == "Heavy" && $0.perDay == 60_000 && $0.perSecond == 40 })

            // The forecast is what a snapshot of the expired webinar really costs.
            let before = harness.simulator.requestLog.all.count
            let snapshot = try await zoom.snapshot(webinarID: archived[0])
            #expect(!snapshot.attendance.isEmpty)
            let sent = harness.simulator.requestLog.all.dropFirst(before).filter { $0.path.hasPrefix("/v2/") }
            #expect(sent.count <= expired.snapshotRequests.values.reduce(0, +) + 2, "\(sent.map(\.path))")

            let recent = try await zoom.listPastWebinars(since: SimulatorHarness.referenceDate - 30 * 86_400)
            #expect(!recent.webinars.contains { archived.contains($0.webinar.id) })
        }
    }
}
