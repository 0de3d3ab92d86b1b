import Foundation
import NIOHTTP1
import Sandbox
import Testing

@Suite("Zoom webinar registrants")
struct ZoomRegistrantTests {
  let scenario = zoomTestScenario()

  /// The primary account of the first tenant and one of its upcoming webinars without extra questions.
  var upcoming: (account: ZoomAccountData, webinar: ZoomWebinarData) {
    get throws {
      let tenant = scenario.tenants[0]
      let account = tenant.zoomAccounts[0]
      let webinar = try #require(
        account.webinars.first {
          $0.startTime > zoomTestReferenceDate && !$0.isZoomEvents
            && $0.id != tenant.notableWebinars["requiredQuestion"]
        })
      return (account, webinar)
    }
  }

  @Test("registering answers 201 with the registrant id and join URL, and lists the registrant")
  func register() async throws {
    let (account, webinar) = try upcoming
    try await withZoomSandbox(
      accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
    ) {
      zoom in
      let token = try await zoom.bearer(for: account.credentials)
      let answer = try await zoom.sendJSON(
        .POST, "/v2/webinars/\(webinar.id)/registrants", token: token,
        [
          "email": "new.person@example.com", "first_name": "New", "last_name": "Person",
          "id": webinar.id,
        ])
      #expect(answer.status == 201)
      #expect(answer.json["id"] as? Int == Int(webinar.id))
      #expect(answer.json["topic"] as? String == webinar.topic)
      let registrantID = try #require(answer.json["registrant_id"] as? String)
      #expect((answer.json["join_url"] as? String)?.contains("\(webinar.id)") == true)

      let again = try await zoom.sendJSON(
        .POST, "/v2/webinars/\(webinar.id)/registrants", token: token,
        ["email": "New.Person@example.com", "first_name": "New"])
      #expect(again.json["registrant_id"] as? String == registrantID)

      let list = try await zoom.get(
        "/v2/webinars/\(webinar.id)/registrants?page_size=300", token: token)
      let emails =
        (list.json["registrants"] as? [[String: Any]])?.compactMap { $0["email"] as? String } ?? []
      #expect(emails.filter { $0 == "new.person@example.com" }.count == 1)
    }
  }

  @Test(
    "Zoom's registration errors: host 3027, missing first_name 300, required question 300, bad id 300"
  )
  func registrationErrors() async throws {
    let (account, webinar) = try upcoming
    let questionID = try #require(scenario.tenants[0].notableWebinars["requiredQuestion"])
    try await withZoomSandbox(
      accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
    ) {
      zoom in
      let token = try await zoom.bearer(for: account.credentials)
      let path = "/v2/webinars/\(webinar.id)/registrants"
      let host = try await zoom.sendJSON(
        .POST, path, token: token, ["email": webinar.hostEmail, "first_name": "Host"])
      #expect(host.status == 400)
      #expect(host.json["code"] as? Int == 3027)
      #expect(host.json["message"] as? String == "Host cannot register.")

      let noName = try await zoom.sendJSON(.POST, path, token: token, ["email": "a.b@example.com"])
      #expect(noName.status == 400)
      #expect(noName.json["code"] as? Int == 300)
      let fields = (noName.json["errors"] as? [[String: Any]])?.compactMap {
        $0["field"] as? String
      }
      #expect(fields == ["first_name"])

      let wrongType = try await zoom.sendJSON(
        .POST, path, token: token, ["email": "a.b@example.com", "first_name": 5])
      #expect(wrongType.status == 400)
      #expect(wrongType.json["code"] as? Int == 300)

      let question = try await zoom.sendJSON(
        .POST, "/v2/webinars/\(questionID)/registrants", token: token,
        ["email": "c.d@example.com", "first_name": "C", "last_name": "D"])
      #expect(question.status == 400)
      #expect(question.json["code"] as? Int == 300)
      let missing = (question.json["errors"] as? [[String: Any]])?.compactMap {
        $0["field"] as? String
      }
      #expect(missing == ["org", "custom_questions"])
      let questions = try await zoom.get(
        "/v2/webinars/\(questionID)/registrants/questions", token: token)
      #expect(
        (questions.json["custom_questions"] as? [[String: Any]])?.first?["required"] as? Bool
          == true)

      let nonNumeric = try await zoom.sendJSON(
        .POST, "/v2/webinars/abc/registrants", token: token,
        ["email": "e.f@example.com", "first_name": "E"])
      #expect(nonNumeric.status == 400)
      #expect(nonNumeric.json["code"] as? Int == 300)
      #expect(nonNumeric.json["message"] as? String == "Invalid webinar ID.")

      let unknown = try await zoom.sendJSON(
        .POST, "/v2/webinars/12345678901/registrants", token: token,
        ["email": "e.f@example.com", "first_name": "E"])
      #expect(unknown.status == 404)
      #expect(unknown.json["code"] as? Int == 3001)

      let past = try #require(account.webinars.first { !$0.instances.isEmpty && !$0.isZoomEvents })
      let over = try await zoom.sendJSON(
        .POST, "/v2/webinars/\(past.id)/registrants", token: token,
        ["email": "g.h@example.com", "first_name": "G"])
      #expect(over.json["code"] as? Int == 3038)
    }
  }

  @Test("cancelling a registration moves it to the denied list")
  func cancelRegistration() async throws {
    let (account, webinar) = try upcoming
    let registrant = try #require(webinar.registrants.first)
    try await withZoomSandbox(
      accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
    ) {
      zoom in
      let token = try await zoom.bearer(for: account.credentials)
      let answer = try await zoom.sendJSON(
        .PUT, "/v2/webinars/\(webinar.id)/registrants/status", token: token,
        ["action": "cancel", "registrants": [["id": registrant.id, "email": registrant.email]]])
      #expect(answer.status == 204)
      let denied = try await zoom.get(
        "/v2/webinars/\(webinar.id)/registrants?status=denied", token: token)
      let ids = (denied.json["registrants"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
      #expect(ids == [registrant.id])
      let invalid = try await zoom.sendJSON(
        .PUT, "/v2/webinars/\(webinar.id)/registrants/status", token: token, ["action": "remove"])
      #expect(invalid.status == 400)
      #expect(
        zoom.simulator.accountData(account.credentials.accountID)?.webinars.first {
          $0.id == webinar.id
        }?
        .registrants.first?.cancelled == true)
    }
  }

  @Test(
    "the webinar shows its registration settings and Zoom Events webinars show as Zoom shows them")
  func webinarDetails() async throws {
    let (account, webinar) = try upcoming
    let eventsID = try #require(scenario.tenants[0].notableWebinars["zoomEvents"])
    try await withZoomSandbox(
      accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
    ) {
      zoom in
      let token = try await zoom.bearer(for: account.credentials)
      let answer = try await zoom.get("/v2/webinars/\(webinar.id)", token: token)
      let settings = try #require(answer.json["settings"] as? [String: Any])
      #expect(settings["approval_type"] as? Int == 0)
      #expect(answer.json["host_email"] as? String == webinar.hostEmail)
      #expect(
        (answer.json["registration_url"] as? String)?.hasPrefix("https://zoom.us/webinar/register/")
          == true)
      let events = try await zoom.get("/v2/webinars/\(eventsID)", token: token)
      #expect(events.json["creation_source"] as? String == "other")
      #expect((events.json["join_url"] as? String)?.hasPrefix("https://events.zoom.us/") == true)
      let upcoming = try await zoom.get(
        "/v2/users/\(webinar.hostEmail)/webinars?type=upcoming", token: token)
      let upcomingIDs =
        (upcoming.json["webinars"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
      #expect(upcomingIDs.contains(Int(webinar.id)))
      let expected = account.webinars.filter {
        $0.hostEmail == webinar.hostEmail && $0.startTime > zoomTestReferenceDate
      }
      #expect(Set(upcomingIDs) == Set(expected.map { Int($0.id) }))
      let mine = try await zoom.get("/v2/users/me/webinars", token: token)
      let myIDs = (mine.json["webinars"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
      #expect(myIDs.contains(Int(eventsID)))
    }
  }
}
