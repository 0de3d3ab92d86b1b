import ConnectorKit
import Foundation
import Hummingbird
import Testing
import ZoomConnector

@Suite("Zoom register action")
struct ZoomRegisterActionTests {
    private func register(
        _ webinarID: String, email: String = "ada@example.com", lastName: String? = "Lovelace",
        zoom: ScriptedZoom = ScriptedZoom()
    ) async throws -> ActionResult {
        let router = zoom.router()
        FakeZoomAccount.addRoutes(to: router, zoom: zoom)
        var inputs = ["webinar_id": webinarID, "first_name": "Ada", "email": email]
        inputs["last_name"] = lastName
        let request = ActionRequest(action: "register_contact", inputs: inputs)
        return try await ScriptedZoom.serve(router) { port in
            try await ZoomTestConfig.connector(port: port).perform(request)
        }
    }

    private func posts(_ zoom: ScriptedZoom) -> [ScriptedZoom.Received] {
        zoom.apiRequests.filter { $0.method == "POST" }
    }

    @Test("registering returns the registrant id and join URL; a dashed id is normalized")
    func success() async throws {
        let zoom = ScriptedZoom()
        let result = try await register("812-3456-7890", zoom: zoom)
        #expect(result.outputs["registrant_id"] == "new-reg-1")
        #expect(result.outputs["join_url"] == "https://zoom.us/w/81234567890?tk=new")
        #expect(result.message == "Registered ada@example.com for 'Launch' (812 3456 7890).")
        let post = try #require(posts(zoom).first)
        #expect(post.path == "/v2/webinars/81234567890/registrants")
        let body = try JSONDecoder().decode([String: String].self, from: Data(post.body.utf8))
        #expect(body == ["email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"])
        #expect(
            zoom.apiRequests.contains { $0.path == "/v2/webinars/81234567890/registrants/questions" })
    }

    @Test("an id typed with spaces works too")
    func spacedID() async throws {
        let result = try await register("812 3456 7890")
        #expect(result.outputs["registrant_id"] == "new-reg-1")
    }

    @Test(
        "anything that is not a webinar id is invalid input, and Zoom is not called",
        arguments: ["", "abc", "12345", "812 3456 7890 1234", "81234567890x", "0123456789"])
    func invalidID(_ typed: String) async throws {
        // Port 9 (discard) has no server: any request would fail as unavailable, not invalid input.
        let connector = try ZoomTestConfig.connector(port: 9)
        let error = await #expect(throws: ConnectorError.self) {
            try await connector.perform(
                ActionRequest(
                    action: "register_contact",
                    inputs: ["webinar_id": typed, "first_name": "Ada", "email": "ada@example.com"]))
        }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains("webinar ID") == true)
    }

    @Test(
        "the host and the connected Zoom user cannot register, and nothing is posted",
        arguments: ["host@example.com", "OWNER@example.com"])
    func hostRefused(_ email: String) async throws {
        let zoom = ScriptedZoom()
        let error = await #expect(throws: ConnectorError.self) {
            try await self.register(FakeZoomAccount.webinarID, email: email, zoom: zoom)
        }
        #expect(error?.message == "Webinar host cannot register for the webinar")
        #expect(error?.kind == .rejected)
        #expect(posts(zoom).isEmpty)
    }

    @Test("Zoom's own 3027 refusal gets the same message")
    func zoomHostRefusal() async throws {
        let error = await #expect(throws: ConnectorError.self) {
            try await self.register(FakeZoomAccount.webinarID, email: "alt-host@example.com")
        }
        #expect(error?.message == "Webinar host cannot register for the webinar")
        #expect(error?.sourceCode == 3027)
    }

    @Test("required fields other than first name, last name and email fail the action by name")
    func extraRequiredQuestions() async throws {
        let zoom = ScriptedZoom()
        let error = await #expect(throws: ConnectorError.self) {
            try await self.register(FakeZoomAccount.extraQuestionsID, zoom: zoom)
        }
        #expect(error?.kind == .rejected)
        let message = error?.message ?? ""
        #expect(message.contains("Organization") && message.contains("'Company size'"))
        #expect(!message.contains("Phone") && !message.contains("Anything else"))
        #expect(!message.contains("Last Name"), "last name is given, so it is not a problem")
        #expect(posts(zoom).isEmpty)

        let noLastName = await #expect(throws: ConnectorError.self) {
            try await self.register(FakeZoomAccount.extraQuestionsID, lastName: nil)
        }
        #expect(noLastName?.message.contains("Last Name") == true)
    }

    @Test("Zoom's refusals map to clear messages")
    func zoomErrors() async throws {
        let over = await #expect(throws: ConnectorError.self) {
            try await self.register(FakeZoomAccount.overID)
        }
        #expect(over?.message.contains("is over") == true)
        #expect(over?.sourceCode == 3038)

        let missing = await #expect(throws: ConnectorError.self) {
            try await self.register("89999999999")
        }
        #expect(missing?.kind == .notFound)
        #expect(missing?.message.contains("899 9999 9999") == true)

        let closed = await #expect(throws: ConnectorError.self) {
            try await self.register(FakeZoomAccount.noRegistrationID)
        }
        #expect(closed?.kind == .rejected)
        #expect(closed?.message.contains("Registration required") == true)

        let events = await #expect(throws: ConnectorError.self) {
            try await self.register(FakeZoomAccount.zoomEventsID)
        }
        #expect(events?.kind == .unsupported)
    }

    @Test("a bad email or a missing first name is invalid input")
    func invalidPerson() async throws {
        let connector = try ZoomTestConfig.connector(port: 9)  // no server: nothing may be sent
        for inputs in [
            ["webinar_id": FakeZoomAccount.webinarID, "first_name": "Ada", "email": "not-an-email"],
            ["webinar_id": FakeZoomAccount.webinarID, "first_name": " ", "email": "ada@example.com"],
        ] {
            let error = await #expect(throws: ConnectorError.self) {
                try await connector.perform(ActionRequest(action: "register_contact", inputs: inputs))
            }
            #expect(error?.kind == .invalidInput)
        }
    }
}

@Suite("Zoom webinar ids as typed")
struct ZoomWebinarIDTypingTests {
    @Test("-81234567890 is not a webinar id; 812-3456-7890 is")
    func signRefused() {
        #expect(ZoomWebinarID("-81234567890") == nil)
        #expect(ZoomWebinarID("812 3456 7890-") == nil)
        #expect(ZoomWebinarID("812-3456-7890")?.digits == "81234567890")
    }
}
