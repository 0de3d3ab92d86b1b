import ConnectorKit
import Foundation
import Testing

@testable import TeamsConnector

@Suite("Teams connector: register_contact")
struct TeamsRegisterActionTests {
    static func inputs(email: String = "new@contoso.example", webinar: String = CannedGraph.webinarID) -> ActionRequest {
        ActionRequest(
            action: "register_contact", inputs: ["webinar_id": webinar, "first_name": "New", "last_name": "Person", "email": email])
    }

    static func graph(questions: String = #"{"value":[]}"#) -> FakeGraph {
        let graph = CannedGraph.graph()
        graph.json("GET \(CannedGraph.path)/registrationConfiguration/questions", questions)
        graph.on("POST \(CannedGraph.path)/registrations") { request in
            #expect(request.headers.contains { $0.0 == "Content-Type" && $0.1 == "application/json" })
            return .init(status: 201, body: Data(#"{"id":"reg-new","email":"new@contoso.example","status":"registered"}"#.utf8))
        }
        return graph
    }

    static func failure(_ graph: FakeGraph, _ request: ActionRequest, now: Date = Date(timeIntervalSince1970: 1_795_000_000)) async throws
        -> ConnectorError?
    {
        do {
            _ = try await TeamsTest.connector(graph, now: { now }).perform(request)
            return nil
        } catch let error as ConnectorError {
            return error
        }
    }

    @Test("registers first name, last name and email, and answers the registration id and URLs")
    func registers() async throws {
        let graph = Self.graph()
        let result = try await TeamsTest.connector(graph, now: { Date(timeIntervalSince1970: 1_795_000_000) }).perform(Self.inputs())
        #expect(result.outputs["registrant_id"] == "reg-new")
        #expect(result.outputs["webinar_url"] == "https://events.teams.microsoft.com/event/reg-1")
        #expect(result.message == "Registered new@contoso.example for 'The Impact of Tech on Our Lives' (\(CannedGraph.webinarID)).")
        let body = try #require(graph.requests("POST \(CannedGraph.path)/registrations").first?.body)
        let sent = try #require(try JSONSerialization.jsonObject(with: body) as? [String: String])
        #expect(sent == ["firstName": "New", "lastName": "Person", "email": "new@contoso.example"])
    }

    @Test("required questions, the organizer, a past webinar and a bad id are refused clearly; nobody is registered")
    func refusals() async throws {
        let questions = """
            {"value":[{"@odata.type":"#microsoft.graph.virtualEventRegistrationCustomQuestion","id":"q1",
              "displayName":"Company size","isRequired":true,"answerInputType":"text"},
             {"@odata.type":"#microsoft.graph.virtualEventRegistrationPredefinedQuestion","id":"q2",
              "displayName":"Job title","isRequired":false,"label":"jobTitle"}]}
            """
        let graph = Self.graph(questions: questions)
        let asked = try await Self.failure(graph, Self.inputs())
        #expect(asked?.kind == .rejected)
        #expect(asked?.message.contains("requires registration questions this action cannot answer: 'Company size'") == true)
        let organizer = try await Self.failure(Self.graph(), Self.inputs(email: "Events@Northwind.example"))
        #expect(organizer?.message == "The webinar's organizer cannot register for the webinar")
        let over = try await Self.failure(Self.graph(), Self.inputs(), now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(over?.message.contains("is over") == true)
        let bad = try await Self.failure(Self.graph(), Self.inputs(webinar: "12/../x"))
        #expect(bad?.kind == .invalidInput)
        let missing = try await Self.failure(Self.graph(), Self.inputs(webinar: "nope@x"))
        #expect(missing?.message == "There is no webinar nope@x in the connected Microsoft Teams tenant; check the webinar ID.")
        #expect(graph.requests("POST /solutions").isEmpty)
    }
}
