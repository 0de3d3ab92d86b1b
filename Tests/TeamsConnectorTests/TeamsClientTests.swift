import ConnectorKit
import Foundation
import Synchronization
import Testing

@testable import TeamsConnector

@Suite("Teams connector: Graph client behaviour")
struct TeamsClientTests {
    @Test("429 and 503 with Retry-After are waited out as Graph says, then the request succeeds")
    func throttling() async throws {
        let graph = CannedGraph.graph()
        let pacing = VirtualPacing()
        graph.on(
            "GET \(CannedGraph.path)",
            { _ in
                .init(
                    status: 429, headers: [("Retry-After", "7")],
                    body: Data(#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#.utf8))
            },
            { _ in .init(status: 503, headers: [("Retry-After", "3")], body: Data()) },
            { _ in .init(status: 200, body: Data(CannedGraph.webinar.utf8)) })
        let snapshot = try await TeamsTest.connector(graph, pacing: pacing).snapshot(webinarID: CannedGraph.webinarID)
        #expect(snapshot.webinar.id == CannedGraph.webinarID)
        #expect(graph.requests("GET \(CannedGraph.path)").filter { $0.url.hasSuffix("f143") }.count == 3)
        #expect(pacing.waits.contains(.seconds(7)))
        #expect(pacing.waits.contains(.seconds(3)))
    }

    @Test("a Retry-After longer than a minute fails the request as rate limited, with the wait")
    func longThrottle() async throws {
        let graph = CannedGraph.graph()
        graph.on("GET \(CannedGraph.path)") { _ in .init(status: 429, headers: [("Retry-After", "900")]) }
        do {
            _ = try await TeamsTest.connector(graph).snapshot(webinarID: CannedGraph.webinarID)
            Issue.record("expected rate_limited")
        } catch let error as ConnectorError {
            #expect(error.kind == .rateLimited)
            #expect(error.retryAfterSeconds == 900)
        }
    }

    @Test("a refused token is renewed once; an expired one is renewed before use")
    func tokens() async throws {
        let graph = CannedGraph.graph()
        graph.on(
            "GET \(CannedGraph.path)",
            { _ in .init(status: 401, body: Data(#"{"error":{"code":"InvalidAuthenticationToken","message":"expired"}}"#.utf8)) },
            { _ in .init(status: 200, body: Data(CannedGraph.webinar.utf8)) })
        let clock = TestDate()
        let teams = try TeamsTest.connector(graph, now: { clock.now })
        _ = try await teams.snapshot(webinarID: CannedGraph.webinarID)
        #expect(graph.tokenRequests == 2)
        clock.advance(3_400)
        _ = try await teams.listWebinars()
        #expect(graph.tokenRequests == 3, "a token with less than five minutes left is renewed")
        #expect(graph.requests.allSatisfy { !$0.url.contains("client-secret-value") })
    }

    @Test("requests are paced by the per-instance budget")
    func budget() async throws {
        let graph = CannedGraph.graph()
        let pacing = VirtualPacing()
        let teams = try TeamsTest.connector(graph, pacing: pacing)
        for _ in 0..<5 { _ = try await teams.listWebinars() }
        // 10 a second with a burst of 2: the later requests wait about a tenth of a second each.
        #expect(pacing.waits.count >= 2)
        #expect(pacing.waits.allSatisfy { $0 <= .milliseconds(100) })
    }

    @Test("a nextLink to another host is not followed")
    func foreignNextLink() async throws {
        let graph = CannedGraph.graph()
        graph.json(
            "GET \(CannedGraph.path)/registrations",
            #"{"value":[],"@odata.nextLink":"https://evil.example/v1.0/steal?$skiptoken=1"}"#)
        do {
            _ = try await TeamsTest.connector(graph).snapshot(webinarID: CannedGraph.webinarID)
            Issue.record("expected an error")
        } catch let error as ConnectorError {
            #expect(error.kind == .malformedData)
        }
        #expect(!graph.requests.contains { $0.url.contains("evil.example") })
    }
}

/// A wall clock the test moves.
final class TestDate: Sendable {
    private let date = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
    var now: Date { date.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { date.withLock { $0 += seconds } }
}
