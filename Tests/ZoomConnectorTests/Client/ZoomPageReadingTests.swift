import Foundation
import Testing

@testable import ZoomConnector

/// The registrant and participant pages are read by hand (`ZoomPageReading.swift`); what they
/// read must be what `JSONDecoder` with `.convertFromSnakeCase` reads, and anything else must be
/// left to it.
@Suite("Zoom pages read by hand")
struct ZoomPageReadingTests {
    @Test("Registrant pages: the same fields as JSONDecoder; unknown keys skipped, null as absent")
    func registrants() throws {
        let data = Data(
            """
            {"page_size":300,"total_records":2,"next_page_token":"tok","registrants":[
            {"id":"r1","email":"ada@example.com","first_name":"Zo\\u00eb","last_name":"O\\"Neil","status":"approved",
             "create_time":"2026-01-01T00:00:00Z","join_url":"https://zoom.us/w/1?tk=a/b","custom_questions":[{"title":"x","value":"y"}]},
            {"id":"r2","email":"b@example.com","first_name":null,"status":"approved"}]}
            """.utf8)
        let fast = try #require(ZoomJSON.fastRead(ZoomRegistrantsPage.self, from: data))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let foundation = try decoder.decode(ZoomRegistrantsPage.self, from: data)
        #expect(fast.nextPageToken == foundation.nextPageToken)
        #expect(fast.items.count == 2)
        for (mine, theirs) in zip(fast.items, foundation.items) {
            #expect(mine.id == theirs.id)
            #expect(mine.email == theirs.email)
            #expect(mine.firstName == theirs.firstName)
            #expect(mine.lastName == theirs.lastName)
            #expect(mine.status == theirs.status)
            #expect(mine.createTime == theirs.createTime)
            #expect(mine.joinUrl == theirs.joinUrl)
        }
        #expect(fast.items.first?.lastName == "O\"Neil")
    }

    @Test("Participant pages: the same fields as JSONDecoder")
    func participants() throws {
        let data = Data(
            """
            {"next_page_token":"","participants":[{"id":"p1","user_id":"16778240","participant_user_id":"u1","name":"Ada L",
            "user_email":"","registrant_id":"r1","join_time":"2026-01-01T10:00:00Z","leave_time":"2026-01-01T11:00:00Z",
            "duration":3600,"status":"in_meeting","failover":false}]}
            """.utf8)
        let fast = try #require(ZoomJSON.fastRead(ZoomParticipantsPage.self, from: data))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let foundation = try decoder.decode(ZoomParticipantsPage.self, from: data)
        let (mine, theirs) = (try #require(fast.items.first), try #require(foundation.items.first))
        #expect(fast.nextPageToken == foundation.nextPageToken)
        #expect(
            [
                mine.id, mine.userId, mine.participantUserId, mine.name, mine.userEmail, mine.registrantId, mine.joinTime, mine.leaveTime,
                mine.status,
            ]
                == [
                    theirs.id, theirs.userId, theirs.participantUserId, theirs.name, theirs.userEmail, theirs.registrantId, theirs.joinTime,
                    theirs.leaveTime, theirs.status,
                ])
        #expect(mine.duration == 3600 && theirs.duration == 3600)
    }

    @Test("What the reader does not handle is left to JSONDecoder, which decodes it or names the problem")
    func fallback() throws {
        let fractional = Data(#"{"participants":[{"id":"p1","duration":12.5}]}"#.utf8)
        #expect(ZoomJSON.fastRead(ZoomParticipantsPage.self, from: fractional) == nil)
        let wrongType = Data(#"{"registrants":[{"id":5}]}"#.utf8)
        #expect(ZoomJSON.fastRead(ZoomRegistrantsPage.self, from: wrongType) == nil)
        #expect(throws: (any Error).self) { try ZoomJSON.decode(ZoomRegistrantsPage.self, from: wrongType, operation: "list registrants") }
    }
}
