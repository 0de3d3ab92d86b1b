import Foundation
import Sandbox
import Testing

@Suite("HubSpot simulator: auth and contacts")
struct HubSpotContactsTests {
    @Test func missingOrWrongTokenIsRefusedWithHubSpotsBody() async throws {
        try await HubSpotFixture.withSimulator { _, client in
            for anonymous in [client.authorized(nil), client.authorized("pat-na1-wrong")] {
                let reply = try await anonymous.get("/crm/v3/objects/contacts")
                #expect(reply.status == 401)
                #expect(reply.json["status"] == "error")
                #expect(reply.json["category"] == "INVALID_AUTHENTICATION")
                #expect(reply.json["correlationId"]?.stringValue?.isEmpty == false)
            }
        }
    }

    @Test func developerEndpointsRefuseThePortalToken() async throws {
        try await HubSpotFixture.withSimulator { _, client in
            let withToken = try await client.get(
                "/integrators/timeline/v3/\(HubSpotFixture.appID)/event-templates")
            #expect(withToken.status == 403)
            #expect(withToken.json["category"] == "MISSING_SCOPES")
            let wrongKey = try await client.authorized(nil).get(
                "/automation/v4/actions/\(HubSpotFixture.appID)?hapikey=not-the-key")
            #expect(wrongKey.status == 401)
            let rightKey = try await client.authorized(nil).get(
                "/automation/v4/actions/\(HubSpotFixture.appID)?hapikey=\(HubSpotFixture.developerKey)")
            #expect(rightKey.status == 200)
        }
    }

    @Test func batchUpsertCreatesAndUpdatesByEmail() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let reply = try await client.post(
                "/crm/v3/objects/contacts/batch/upsert",
                """
                {"inputs":[
                  {"id":"grace@example.com","idProperty":"email","properties":{"firstname":"Grace","lastname":"Hopper"}},
                  {"id":"ADA@example.com","idProperty":"email","properties":{"lastname":"King"}}
                ]}
                """)
            #expect(reply.status == 200)
            #expect(reply.json["status"] == "COMPLETE")
            let results = reply.json["results"]?.arrayValue ?? []
            #expect(results.map { $0["new"] } == [true, false])
            let portal = try #require(simulator.snapshot(portalID: HubSpotFixture.portalID))
            #expect(portal.contact(email: "grace@example.com")?.properties["firstname"] == "Grace")
            #expect(portal.contact(email: "ada@example.com")?.properties["lastname"] == "King")
            #expect(portal.contacts.count == 2)
        }
    }

    @Test func batchUpsertAnswers207ForTheInvalidItemOnly() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let reply = try await client.post(
                "/crm/v3/objects/contacts/batch/upsert",
                """
                {"inputs":[
                  {"id":"not-an-email","idProperty":"email","properties":{"firstname":"X"}},
                  {"id":"lin@example.com","idProperty":"email","properties":{"favourite_colour":"blue"}},
                  {"id":"ok@example.com","idProperty":"email","properties":{"firstname":"Ok"}}
                ]}
                """)
            #expect(reply.status == 207)
            #expect(reply.json["numErrors"] == 2)
            let errors = reply.json["errors"]?.arrayValue ?? []
            #expect(errors.map { $0["category"] } == ["VALIDATION_ERROR", "VALIDATION_ERROR"])
            #expect(errors[0]["errors", 0, "code"] == "INVALID_EMAIL")
            #expect(errors[1]["errors", 0, "code"] == "PROPERTY_DOESNT_EXIST")
            #expect(errors[1]["message"]?.stringValue?.contains("PROPERTY_DOESNT_EXIST") == true)
            #expect(reply.json["results"]?.arrayValue.count == 1)
            let portal = try #require(simulator.snapshot(portalID: HubSpotFixture.portalID))
            #expect(portal.contact(email: "ok@example.com") != nil)
            #expect(portal.contact(email: "lin@example.com") == nil)
        }
    }

    @Test func batchOfMoreThan100InputsIsRefused() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let inputs = (0...100).map {
                #"{"id":"p\#($0)@example.com","idProperty":"email","properties":{}}"#
            }
            let reply = try await client.post(
                "/crm/v3/objects/contacts/batch/upsert", #"{"inputs":[\#(inputs.joined(separator: ","))]}"#)
            #expect(reply.status == 400)
            #expect(reply.json["category"] == "VALIDATION_ERROR")
            #expect(simulator.snapshot(portalID: HubSpotFixture.portalID)?.contacts.count == 1)
        }
    }

    @Test func upsertBySecondaryEmailUpdatesTheOwnerWithoutChangingItsPrimaryEmail() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let reply = try await client.post(
                "/crm/v3/objects/contacts/batch/upsert",
                #"{"inputs":[{"id":"ada.l@old.example","idProperty":"email","properties":{"email":"ada.l@old.example","jobtitle":"Countess"}}]}"#
            )
            #expect(reply.status == 200)
            #expect(reply.json["results", 0, "new"] == false)
            let portal = try #require(simulator.snapshot(portalID: HubSpotFixture.portalID))
            #expect(portal.contacts.count == 1)
            #expect(portal.contacts.first?.email == "ada@example.com")
            #expect(portal.contacts.first?.properties["jobtitle"] == "Countess")
        }
    }

    @Test func batchReadSeesDeletedContactsOnlyWithArchivedTrue() async throws {
        try await HubSpotFixture.withSimulator { _, client in
            let body = """
                {"idProperty":"email","inputs":[{"id":"gone@example.com"}],"properties":["email"],"propertiesWithHistory":[]}
                """
            let active = try await client.post("/crm/v3/objects/contacts/batch/read", body)
            #expect(active.status == 207)
            #expect(active.json["errors", 0, "category"] == "OBJECT_NOT_FOUND")
            #expect(active.json["errors", 0, "context", "ids"] == ["gone@example.com"])
            let archived = try await client.post(
                "/crm/v3/objects/contacts/batch/read?archived=true", body)
            #expect(archived.status == 200)
            #expect(archived.json["results", 0, "archived"] == true)
            #expect(archived.json["results", 0, "properties", "email"] == "gone@example.com")
        }
    }

    @Test func requestMissingASpecRequiredFieldFailsLikeHubSpot() async throws {
        try await HubSpotFixture.withSimulator { _, client in
            let read = try await client.post(
                "/crm/v3/objects/contacts/batch/read",
                #"{"idProperty":"email","inputs":[{"id":"ada@example.com"}],"properties":[]}"#)
            #expect(read.status == 400)
            #expect(read.json["category"] == "VALIDATION_ERROR")
            #expect(
                read.json["message"]?.stringValue?.contains("BatchReadInputSimplePublicObjectId") == true)
            #expect(read.json["errors", 0, "in"] == "propertiesWithHistory")
            let search = try await client.post(
                "/crm/v3/objects/contacts/search", #"{"filterGroups":[]}"#)
            #expect(search.status == 400)
            #expect(
                search.json["message"]?.stringValue?.hasSuffix("[after, limit, properties, sorts]") == true)
            let wrongType = try await client.post(
                "/crm/v3/objects/contacts/batch/upsert",
                #"{"inputs":[{"id":{"email":"x@example.com"},"properties":{}}]}"#)
            #expect(wrongType.status == 400)
            #expect(wrongType.json["errors", 0, "code"] == "INVALID_TYPE")
            #expect(wrongType.json["errors", 0, "in"] == "inputs[0].id")
        }
    }

    @Test func unknownOrReadOnlyPropertyIsRefused() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let id = try #require(
                simulator.snapshot(portalID: HubSpotFixture.portalID)?.contacts.first?.id)
            let unknown = try await client.send(
                .PATCH, "/crm/v3/objects/contacts/\(id)", json: #"{"properties":{"shoe_size":"9"}}"#)
            #expect(unknown.status == 400)
            #expect(unknown.json["category"] == "VALIDATION_ERROR")
            #expect(unknown.json["errors", 0, "code"] == "PROPERTY_DOESNT_EXIST")
            let readOnly = try await client.send(
                .PATCH, "/crm/v3/objects/contacts/\(id)",
                json: #"{"properties":{"hs_additional_emails":"x@example.com"}}"#)
            #expect(readOnly.json["errors", 0, "code"] == "READ_ONLY_VALUE")
            let units = try await client.send(
                .PATCH, "/crm/v3/objects/contacts/\(id)",
                json: #"{"properties":{"hs_all_assigned_business_unit_ids":"0;3411"}}"#)
            #expect(units.status == 200)
            #expect(units.json["properties", "hs_object_id"] == .string(id))
            let badUnit = try await client.send(
                .PATCH, "/crm/v3/objects/contacts/\(id)",
                json: #"{"properties":{"hs_all_assigned_business_unit_ids":"0;99"}}"#)
            #expect(badUnit.json["errors", 0, "code"] == "INVALID_OPTION")
        }
    }

    @Test func searchFindsAContactBySecondaryEmail() async throws {
        try await HubSpotFixture.withSimulator { _, client in
            for (property, op) in [("hs_additional_emails", "CONTAINS_TOKEN"), ("email", "EQ")] {
                let reply = try await client.post(
                    "/crm/v3/objects/contacts/search",
                    """
                    {"filterGroups":[{"filters":[{"propertyName":"\(property)","operator":"\(op)","value":"ada.l@old.example"}]}],
                     "properties":["email","hs_additional_emails"],"limit":10,"after":"","sorts":[]}
                    """)
                #expect(reply.status == 200)
                #expect(reply.json["total"] == 1)
                #expect(reply.json["results", 0, "properties", "email"] == "ada@example.com")
                #expect(reply.header("X-HubSpot-RateLimit-Max") == nil)
            }
        }
    }

    @Test func deleteArchivesAndGDPRDeleteRemovesForGood() async throws {
        try await HubSpotFixture.withSimulator { simulator, client in
            let id = try #require(
                simulator.snapshot(portalID: HubSpotFixture.portalID)?.contact(email: "ada@example.com")?.id
            )
            #expect(try await client.send(.DELETE, "/crm/v3/objects/contacts/\(id)").status == 204)
            #expect(try await client.get("/crm/v3/objects/contacts/\(id)").status == 404)
            let archived = try await client.get("/crm/v3/objects/contacts/\(id)?archived=true")
            #expect(archived.json["archived"] == true)
            let gdpr = try await client.post(
                "/crm/v3/objects/contacts/gdpr-delete",
                #"{"objectId":"gone@example.com","idProperty":"email"}"#)
            #expect(gdpr.status == 204)
            let portal = try #require(simulator.snapshot(portalID: HubSpotFixture.portalID))
            #expect(portal.archivedContacts.map(\.email) == ["ada@example.com"])
            #expect(portal.gdprDeletedEmails == ["gone@example.com"])
        }
    }
}
