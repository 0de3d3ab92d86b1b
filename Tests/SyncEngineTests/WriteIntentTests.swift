import Foundation
import HubSpot
import Testing

@testable import SyncEngine

@Suite("Write intents: a participation whose answer was lost is checked, not rewritten")
struct WriteIntentTests {
    static func row(_ email: String, _ state: String, at milliseconds: Int64) throws -> MarketingEventParticipation {
        let json = """
            {"id":"1","createdAt":"2026-11-01T10:00:00Z","properties":{"attendanceState":"\(state)","occurredAt":\(milliseconds)},
             "associations":{"contact":{"contactId":"7","email":"\(email)"},"marketingEvent":{"externalAccountId":"a","externalEventId":"e","marketingEventId":"9","name":"n"}}}
            """
        return try JSONDecoder().decode(MarketingEventParticipation.self, from: Data(json.utf8))
    }

    static func pending(_ email: String, _ state: PlannedParticipation.State, at seconds: TimeInterval) -> PlanExecutor.PendingParticipation
    {
        PlanExecutor.PendingParticipation(
            key: "part:e:\(state.rawValue):\(email)", hash: "h",
            participation: PlannedParticipation(state: state, email: email, interactionAt: Date(timeIntervalSince1970: seconds)))
    }

    @Test("a registration is recorded once the contact takes part at all; absent contacts are written")
    func registrations() throws {
        let recorded = ["ada@example.com": try Self.row("ada@example.com", "ATTENDED", at: 2_000_000)]
        let split = PlanExecutor.split(
            [Self.pending("ada@example.com", .register, at: 1000), Self.pending("bob@example.com", .register, at: 1000)],
            state: .register, recorded: recorded)
        #expect(split.done.map(\.participation.email) == ["ada@example.com"])
        #expect(split.missing.map(\.participation.email) == ["bob@example.com"])
    }

    @Test("an attendance is recorded only when HubSpot's state is attended as of that time or later")
    func attendances() throws {
        let recorded = [
            "ada@example.com": try Self.row("ada@example.com", "ATTENDED", at: 2_000_000),
            "cy@example.com": try Self.row("cy@example.com", "REGISTERED", at: 2_000_000),
            "di@example.com": try Self.row("di@example.com", "ATTENDED", at: 1_000_000),
        ]
        let split = PlanExecutor.split(
            ["ada@example.com", "cy@example.com", "di@example.com"].map { Self.pending($0, .attend, at: 2000) },
            state: .attend, recorded: recorded)
        #expect(split.done.map(\.participation.email) == ["ada@example.com"])
        #expect(split.missing.map(\.participation.email) == ["cy@example.com", "di@example.com"])
    }
}
