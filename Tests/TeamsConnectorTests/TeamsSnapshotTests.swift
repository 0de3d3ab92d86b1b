import ConnectorKit
import Foundation
import Testing

@testable import TeamsConnector

@Suite("Teams connector: listing and snapshots from canned Graph answers")
struct TeamsSnapshotTests {
    @Test("lists the organizer's published webinars with the organizer as host")
    func listing() async throws {
        let teams = try TeamsTest.connector(CannedGraph.graph())
        let webinars = try await teams.listWebinars()
        #expect(webinars.map(\.id) == [CannedGraph.webinarID])
        let webinar = try #require(webinars.first)
        #expect(webinar.topic == "The Impact of Tech on Our Lives")
        #expect(webinar.hostEmail == "events@northwind.example")
        #expect(webinar.durationMinutes == 60)
        #expect(webinar.startTime == Date(timeIntervalSince1970: 1_795_186_800))
        #expect(teams.hostPolicies.map(\.email) == ["events@northwind.example"])
    }

    @Test("a snapshot: registrations over two pages, cancellations, attendance with every interval, recording and transcript")
    func snapshot() async throws {
        let graph = CannedGraph.graph()
        let snapshot = try await TeamsTest.connector(graph).snapshot(webinarID: CannedGraph.webinarID)
        #expect(snapshot.webinar.registrationURL == "https://events.teams.microsoft.com/event/reg-1")
        #expect(snapshot.webinar.joinURL == CannedGraph.joinURL)
        #expect(snapshot.registrations.map(\.email) == ["ada@contoso.example", "Alan@Contoso.example"])
        #expect(snapshot.registrations.map(\.status) == [.approved, .pending])
        #expect(snapshot.registrations.first?.firstName == "Ada")
        #expect(snapshot.cancellations.map(\.email) == ["grace@contoso.example"])
        #expect(snapshot.instances.map(\.uuid) == ["report-1"])
        #expect(snapshot.instances.first?.durationSeconds == 3600)

        let ada = try #require(snapshot.attendance.first { $0.email == "ada@contoso.example" })
        #expect(ada.sessions.count == 2)
        #expect(ada.totalSeconds == 2400)
        #expect(ada.percentOfWebinar == 66.7)
        #expect(ada.emailSource == .participant)
        let alan = try #require(snapshot.attendance.first { $0.email == "alan@contoso.example" })
        #expect(alan.emailSource == .registrant)
        #expect(alan.registrantID == "reg-alan")
        #expect(alan.percentOfWebinar == 50)
        #expect(snapshot.unmatchedParticipants.map(\.name) == ["Guest 42"])

        let recording = try #require(snapshot.recording)
        #expect(recording.state == .completed)
        #expect(recording.shareURL == "https://events.teams.microsoft.com/event/vod-1")
        #expect(snapshot.transcript?.webVTT == CannedGraph.vtt)
        #expect(snapshot.problems.isEmpty)
        #expect(graph.tokenRequests == 1, "one token serves every request until shortly before it expires")
    }

    @Test("a draft webinar is unsupported; an unknown id says so")
    func draftAndUnknown() async throws {
        let graph = CannedGraph.graph()
        graph.json(
            "GET /solutions/virtualEvents/webinars/draft-1@a1a56d21",
            #"{"id":"draft-1@a1a56d21","status":"draft","displayName":"Not yet","isRegistrationRequired":true}"#)
        graph.json("GET /solutions/virtualEvents/webinars/draft-1@a1a56d21/sessions", #"{"value":[]}"#)
        let teams = try TeamsTest.connector(graph)
        let draft = try await teams.snapshot(webinarID: "draft-1@a1a56d21")
        guard case .unsupported = draft.webinar.support else {
            Issue.record("a draft must be unsupported")
            return
        }
        #expect(draft.registrations.isEmpty)
        await #expect(throws: ConnectorError.self) { try await teams.snapshot(webinarID: "missing@x") }
        do {
            _ = try await teams.snapshot(webinarID: "missing@x")
        } catch let error as ConnectorError {
            #expect(error.kind == .notFound)
            #expect(error.message.contains("There is no webinar missing@x in the connected Microsoft Teams tenant"))
        }
    }

    @Test("Graph dates: seven fractional digits, offsets, and zone-less times in a named zone")
    func dates() {
        #expect(GraphDate.parse("2026-11-01T10:00:00.1234567Z")?.timeIntervalSince1970 == 1_793_527_200.1234567)
        #expect(GraphDate.parse("2026-11-01T12:00:00+02:00") == Date(timeIntervalSince1970: 1_793_527_200))
        #expect(GraphDate.parse("2026-11-01T10:00:00.0000000", zone: "UTC") == Date(timeIntervalSince1970: 1_793_527_200))
        #expect(GraphDate.parse("2026-11-01T11:00:00", zone: "Europe/Berlin") == Date(timeIntervalSince1970: 1_793_527_200))
        #expect(GraphDate.parse("not a date") == nil)
    }
}
