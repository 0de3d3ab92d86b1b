import ConnectorKit
import Foundation
import Sandbox
import Testing
import ZoomConnector

@Suite("Zoom connector against the simulator: the register action")
struct SimulatorActionTests {
    static let account = "nwAccount0001"

    /// An upcoming webinar of the account that asks only for the supported fields.
    private func openWebinar(_ harness: SimulatorHarness) throws -> ZoomWebinarData {
        let data = try harness.account(Self.account)
        let webinar = data.webinars.first {
            $0.startTime > SimulatorHarness.referenceDate && !$0.isZoomEvents && $0.registrationEnabled
                && !$0.questions.contains { $0.required && $0.fieldName != "last_name" }
                && !$0.customQuestions.contains(where: \.required)
        }
        return try #require(webinar)
    }

    private func register(_ id: String, email: String, _ connector: ZoomConnector) async throws
        -> ActionResult
    {
        try await connector.perform(
            ActionRequest(
                action: "register_contact",
                inputs: ["webinar_id": id, "first_name": "Grace", "last_name": "Hopper", "email": email]))
    }

    @Test("a contact registered with a dashed id appears in Zoom with the returned id and URL")
    func registers() async throws {
        try await SimulatorHarness.run { harness in
            let webinar = try openWebinar(harness)
            let digits = String(webinar.id)
            let dashed = "\(digits.prefix(3))-\(digits.dropFirst(3).prefix(4))-\(digits.dropFirst(7))"
            let result = try await register(
                dashed, email: "grace@example.org", try harness.connector(Self.account))
            let stored = try harness.account(Self.account).webinars.first { $0.id == webinar.id }?
                .registrants.first { $0.email == "grace@example.org" }
            let registrant = try #require(stored)
            #expect(result.outputs["registrant_id"] == registrant.id)
            #expect(result.outputs["join_url"]?.contains(registrant.id.prefix(4)) == false)  // opaque token
            #expect(result.outputs["join_url"]?.hasPrefix("https://zoom.us/w/\(webinar.id)") == true)
            #expect(result.outputs["webinar_url"]?.hasPrefix("https://zoom.us/webinar/register/WN_") == true)
            #expect(registrant.firstName == "Grace" && registrant.lastName == "Hopper")
        }
    }

    @Test("the webinar's host cannot register, and no registrant is added")
    func hostRefused() async throws {
        try await SimulatorHarness.run { harness in
            let webinar = try openWebinar(harness)
            let before = webinar.registrants.count
            let error = await #expect(throws: ConnectorError.self) {
                try await register(
                    String(webinar.id), email: webinar.hostEmail.uppercased(),
                    try harness.connector(Self.account))
            }
            #expect(error?.message == "Webinar host cannot register for the webinar")
            let after = try harness.account(Self.account).webinars.first { $0.id == webinar.id }
            #expect(after?.registrants.count == before)
        }
    }

    @Test("a webinar requiring other fields fails naming them, and no registrant is added")
    func requiredQuestion() async throws {
        try await SimulatorHarness.run { harness in
            let id = try harness.notable("requiredQuestion")
            let webinar = try #require(try harness.account(Self.account).webinars.first { $0.id == id })
            let error = await #expect(throws: ConnectorError.self) {
                try await register(
                    String(id), email: "grace@example.org", try harness.connector(Self.account))
            }
            let message = error?.message ?? ""
            #expect(message.contains("Organization"))
            for question in webinar.customQuestions where question.required {
                #expect(message.contains(question.title))
            }
            let posts = harness.simulator.requestLog.all.filter {
                $0.method == "POST" && $0.path.hasSuffix("/registrants")
            }
            #expect(posts.isEmpty)
        }
    }
}
