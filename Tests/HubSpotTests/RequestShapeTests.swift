import Foundation
import HubSpot
import Testing

@Suite("Request shapes required by HubSpot's specs")
struct RequestShapeTests {
    let developer = HubSpotDeveloperCredentials(
        appId: "1234567", developerAPIKey: HubSpotSecret(testDeveloperKey))

    @Test(
        "Timeline events carry their id, template id and tokens; a duplicate id is reported as already existing"
    )
    func timelineEventId() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, index in
            if let missing = ScriptedResponse.missingFields(
                ["eventTemplateId", "id", "tokens"], in: request.json)
            {
                return missing
            }
            if index == 1 { return .error(409, category: "CONFLICT", message: "event already exists") }
            return .json(
                201,
                [
                    "id": request.json["id"] ?? "", "eventTemplateId": "1001", "objectType": "contacts",
                    "objectId": "51", "tokens": [:],
                ])
        }
        let event = TimelineEventInput(
            id: "registration-8812345-51", eventTemplateId: "1001",
            tokens: ["webinarId": "8812345", "webinarName": "Launch"],
            objectId: "51", timestamp: Date(timeIntervalSince1970: 1_767_225_600))
        let outcomes = try await server.run { client, _ in
            [try await client.timeline.createEvent(event), try await client.timeline.createEvent(event)]
        }
        let body = try #require(server.requests.first).json
        #expect(server.requests.first?.path == "/integrators/timeline/v3/events")
        #expect(body["id"] as? String == "registration-8812345-51")
        #expect(body["eventTemplateId"] as? String == "1001")
        #expect(
            body["tokens"] as? [String: String] == ["webinarId": "8812345", "webinarName": "Launch"])
        #expect(body["objectId"] as? String == "51")
        #expect(body["timestamp"] as? String == "2026-01-01T00:00:00.000Z")
        guard case .created(let created) = outcomes[0] else {
            Issue.record("first create not created")
            return
        }
        #expect(created.id == "registration-8812345-51")
        #expect(outcomes[1] == .alreadyExisted(id: "registration-8812345-51"))
    }

    @Test("Batch timeline events each carry their id")
    func timelineBatch() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            for input in request.inputs {
                if let missing = ScriptedResponse.missingFields(
                    ["eventTemplateId", "id", "tokens"], in: input, where: "input")
                {
                    return missing
                }
            }
            return batchAnswer(
                status: 201,
                results: request.inputs.map {
                    ["id": $0["id"] ?? "", "eventTemplateId": "1", "objectType": "contacts", "tokens": [:]]
                })
        }
        let events = (0..<3).map {
            TimelineEventInput(
                id: "e\($0)", eventTemplateId: "1", tokens: [:], email: "p\($0)@example.com")
        }
        let result = try await server.run { client, _ in try await client.timeline.createEvents(events)
        }
        #expect(server.requests.first?.inputs.compactMap { $0["id"] as? String } == ["e0", "e1", "e2"])
        #expect(result.results.count == 3)
    }

    @Test("Callback completion sends outputFields and typedOutputs")
    func callbackCompletion() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            let object =
                request.path.hasSuffix("/callbacks/complete") ? (request.inputs.first ?? [:]) : request.json
            if let missing = ScriptedResponse.missingFields(["outputFields", "typedOutputs"], in: object) {
                return missing
            }
            return ScriptedResponse(status: 204)
        }
        let completion = WorkflowCallbackCompletion(
            callbackId: "cb-1", state: .failContinue,
            outputs: ["errorMessage": "Webinar host cannot register for the webinar"])
        let batch = try await server.run { client, _ in
            try await client.automation.completeCallback(completion)
            return try await client.automation.completeCallbacks([completion])
        }
        let single = try #require(server.requests.first)
        #expect(single.path == "/automation/v4/actions/callbacks/cb-1/complete")
        #expect(
            single.json["outputFields"] as? [String: String] == [
                "hs_execution_state": "FAIL_CONTINUE",
                "errorMessage": "Webinar host cannot register for the webinar",
            ])
        #expect(single.json["typedOutputs"] as? [String: String] == [:])
        #expect(single.json["callbackId"] == nil)
        #expect(server.requests.last?.inputs.first?["callbackId"] as? String == "cb-1")
        #expect(batch.results == ["cb-1"])
    }

    @Test("Calls are created with properties and a call-to-contact association")
    func callCreate() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            if let missing = ScriptedResponse.missingFields(
                ["associations", "properties"], in: request.json)
            {
                return missing
            }
            return .json(201, contactJSON(id: "900", email: ""))
        }
        let call = CallInput(
            timestamp: Date(timeIntervalSince1970: 1_767_225_600), title: "Launch webinar",
            body: "Transcript…",
            recordingURL: "https://zoom.us/rec/abc", duration: .seconds(3600), contactIds: ["51"])
        let created = try await server.run { client, _ in try await client.calls.create(call) }
        let body = try #require(server.requests.first).json
        let properties = try #require(body["properties"] as? [String: String])
        #expect(properties["hs_call_recording_url"] == "https://zoom.us/rec/abc")
        #expect(properties["hs_call_duration"] == "3600000")
        #expect(properties["hs_call_body"] == "Transcript…")
        #expect(properties["hs_timestamp"] == "2026-01-01T00:00:00.000Z")
        let association = try #require((body["associations"] as? [[String: Any]])?.first)
        #expect((association["to"] as? [String: String])?["id"] == "51")
        let type = try #require((association["types"] as? [[String: Any]])?.first)
        #expect(type["associationCategory"] as? String == "HUBSPOT_DEFINED")
        #expect(type["associationTypeId"] as? Int == 194)
        #expect(created.id == "900")
    }

    @Test("Users are read page by page until paging ends")
    func usersPaging() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            let user: (String) -> [String: Any] = { id in
                [
                    "id": id, "archived": false,
                    "properties": ["hs_email": "\(id)@northwind.example", "hs_internal_user_id": "u\(id)"],
                ]
            }
            if request.queryValues("after").isEmpty {
                return .json(
                    200,
                    ["results": [user("1"), user("2")], "paging": ["next": ["after": "2", "link": "x"]]])
            }
            return .json(200, ["results": [user("3")]])
        }
        let users = try await server.run { client, _ in try await client.users.list() }
        #expect(
            users.map(\.email) == ["1@northwind.example", "2@northwind.example", "3@northwind.example"])
        #expect(users.map(\.userId) == ["u1", "u2", "u3"])
        #expect(server.requests.map(\.path) == ["/crm/v3/objects/users", "/crm/v3/objects/users"])
        #expect(server.requests.last?.queryValues("after") == ["2"])
        #expect(server.requests.first?.queryValues("properties").contains("hs_email") == true)
    }

    @Test("Ensuring properties creates only what is missing and treats 409 as existing")
    func ensureProperties() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            switch (request.method, request.path) {
            case ("GET", "/crm/v3/properties/contacts/groups"): return .json(200, ["results": []])
            case ("POST", "/crm/v3/properties/contacts/groups"):
                return ScriptedResponse.missingFields(["label", "name"], in: request.json)
                    ?? .json(201, ["name": "zoom", "label": "Zoom", "displayOrder": -1, "archived": false])
            case ("GET", "/crm/v3/properties/contacts"):
                return .json(
                    200,
                    [
                        "results": [
                            [
                                "name": "zoom_total_registrations", "label": "x", "type": "number",
                                "fieldType": "number", "groupName": "zoom", "description": "", "options": [],
                            ]
                        ]
                    ])
            case ("POST", "/crm/v3/properties/contacts"):
                if let missing = ScriptedResponse.missingFields(
                    ["fieldType", "groupName", "label", "name", "type"], in: request.json)
                {
                    return missing
                }
                return .error(409, category: "OBJECT_ALREADY_EXISTS", message: "Property already exists")
            default: return .error(404, category: "OBJECT_NOT_FOUND", message: "unexpected")
            }
        }
        let definitions = ["zoom_total_registrations", "zoom_total_attended"].map {
            PropertyDefinition(
                name: $0, label: $0, type: "number", fieldType: "number", groupName: "zoom")
        }
        let report = try await server.run { client, _ in
            try await client.properties.ensure(
                group: PropertyGroupDefinition(name: "zoom", label: "Zoom"), properties: definitions)
        }
        #expect(
            report
                == PropertyEnsureReport(
                    groupCreated: true, created: [],
                    existing: ["zoom_total_registrations", "zoom_total_attended"]))
        #expect(
            server.requests.filter { $0.method == "POST" && $0.path == "/crm/v3/properties/contacts" }
                .count == 1)
    }

    @Test("Templates and action definitions use the app's developer key, not the portal token")
    func developerEndpoints() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { request, _ in
            if request.path.hasPrefix("/integrators") {
                if request.method == "GET" { return .json(200, ["results": []]) }
                if let missing = ScriptedResponse.missingFields(
                    ["name", "objectType", "tokens"], in: request.json)
                {
                    return missing
                }
                return .json(
                    201,
                    [
                        "id": "1001", "name": "Registration", "objectType": "contacts",
                        "tokens": request.json["tokens"] ?? [],
                    ])
            }
            let required = [
                "actionUrl", "functions", "inputFields", "labels", "objectTypes", "published",
            ]
            if let missing = ScriptedResponse.missingFields(required, in: request.json) { return missing }
            return .json(
                201,
                [
                    "id": "a1", "revisionId": "1", "actionUrl": "https://x.example/actions",
                    "published": false, "functions": [], "inputFields": [], "labels": [:],
                    "objectTypes": ["CONTACT"],
                ])
        }
        let (template, action) = try await server.run(developerCredentials: developer) { client, _ in
            let template = try await client.timeline.ensureTemplate(
                TimelineEventTemplateDefinition(
                    name: "Registration", headerTemplate: "Registered for {{webinarName}}",
                    tokens: [
                        TimelineEventTemplateToken(name: "webinarName", label: "Webinar", type: "string")
                    ]))
            let action = try await client.automation.createDefinition(
                WorkflowActionDefinition(
                    actionUrl: "https://x.example/actions", published: false,
                    inputFields: [WorkflowActionInputField(name: "webinarId", isRequired: true)],
                    outputFields: [WorkflowActionOutputField(name: "errorMessage")],
                    labels: ["en": WorkflowActionLabels(actionName: "Add contact to Zoom webinar")]))
            return (template, action)
        }
        #expect(template.id == "1001")
        #expect(action.id == "a1")
        let requests = server.requests
        #expect(
            requests.map(\.path) == [
                "/integrators/timeline/v3/1234567/event-templates",
                "/integrators/timeline/v3/1234567/event-templates", "/automation/v4/actions/1234567",
            ])
        #expect(
            requests.allSatisfy {
                $0.queryValues("hapikey") == [testDeveloperKey] && $0.header("Authorization") == nil
            })
        let token = try #require((requests[1].json["tokens"] as? [[String: Any]])?.first)
        #expect(token["options"] as? [Any] != nil)
        let output = try #require(
            ((requests[2].json["outputFields"] as? [[String: Any]])?.first?["typeDefinition"])
                as? [String: Any])
        for field in ["name", "type", "options", "externalOptions", "useChirp", "schema"] {
            #expect(output[field] != nil, "outputFields typeDefinition lacks \(field)")
        }
    }

    @Test("Business units are read for a user id")
    func businessUnits() async throws {
        let server = ScriptedHubSpot(clock: ManualClock()) { _, _ in
            .json(200, ["results": [["id": "0", "name": "Account"], ["id": "3411", "name": "EMEA"]]])
        }
        let units = try await server.run { client, _ in
            try await client.users.businessUnits(ofUser: "u1")
        }
        #expect(server.requests.first?.path == "/business-units/v3/business-units/user/u1")
        #expect(
            units == [
                HubSpotBusinessUnit(id: "0", name: "Account"),
                HubSpotBusinessUnit(id: "3411", name: "EMEA"),
            ])
    }

}
