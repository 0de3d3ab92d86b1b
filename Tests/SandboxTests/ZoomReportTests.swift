import Foundation
import Sandbox
import Testing

@Suite("Zoom past webinars and reports")
struct ZoomReportTests {
  let scenario = zoomTestScenario()

  var showcase: (account: ZoomAccountData, webinar: ZoomWebinarData) {
    get throws {
      let tenant = scenario.tenants[0]
      let id = try #require(tenant.notablePeople.first { $0.role == .unmatchedGuest }?.webinarID)
      let account = try #require(tenant.zoomAccounts.first { $0.webinars.contains { $0.id == id } })
      return (account, try #require(account.webinars.first { $0.id == id }))
    }
  }

  @Test("report participants: guests have an empty email, registrant_id links them, people rejoin")
  func reportParticipants() async throws {
    let (account, webinar) = try showcase
    try await withZoomSandbox(
      accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
    ) {
      zoom in
      let token = try await zoom.bearer(for: account.credentials)
      let answer = try await zoom.get(
        "/v2/report/webinars/\(webinar.id)/participants?include_fields=registrant_id&page_size=300",
        token: token)
      #expect(answer.status == 200)
      let rows = try #require(answer.json["participants"] as? [[String: Any]])
      #expect(rows.count == webinar.instances[0].participants.count)
      let guests = rows.filter { ($0["user_email"] as? String) == "" }
      #expect(guests.contains { ($0["registrant_id"] as? String).map { !$0.isEmpty } == true })
      #expect(guests.contains { ($0["registrant_id"] as? String) == "" })
      let perRegistrant = Dictionary(
        grouping: rows.compactMap { $0["registrant_id"] as? String }.filter { !$0.isEmpty }
      ) { $0 }
      #expect(perRegistrant.values.contains { $0.count > 1 })
      for row in rows {
        let join = try #require(
          (row["join_time"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
        let leave = try #require(
          (row["leave_time"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
        #expect(row["duration"] as? Int == Int(leave.timeIntervalSince(join)))
      }

      let plain = try await zoom.get("/v2/report/webinars/\(webinar.id)/participants", token: token)
      let plainRows = try #require(plain.json["participants"] as? [[String: Any]])
      #expect(plainRows.allSatisfy { $0["registrant_id"] == nil })
    }
  }

  @Test("the webinar report gives the actual start, end and duration of the instance")
  func webinarReport() async throws {
    let (account, webinar) = try showcase
    let instance = webinar.instances[0]
    try await withZoomSandbox(
      accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
    ) {
      zoom in
      let token = try await zoom.bearer(for: account.credentials)
      let answer = try await zoom.get("/v2/report/webinars/\(webinar.id)", token: token)
      #expect(answer.status == 200)
      #expect(answer.headers["x-ratelimit-category"] == "Heavy")
      #expect(answer.json["uuid"] as? String == instance.uuid)
      #expect(answer.json["start_time"] as? String == instance.startTime.formatted(.iso8601))
      #expect(answer.json["end_time"] as? String == instance.endTime.formatted(.iso8601))
      #expect(answer.json["duration"] as? Int == instance.durationMinutes)

      let instances = try await zoom.get("/v2/past_webinars/\(webinar.id)/instances", token: token)
      let uuids = (instances.json["webinars"] as? [[String: Any]])?.compactMap {
        $0["uuid"] as? String
      }
      #expect(uuids == [instance.uuid])
    }
  }

  @Test("a UUID with slashes works double-encoded and is not found single-encoded")
  func uuidEncoding() async throws {
    let tenant = scenario.tenants[0]
    for key in ["slashUUID", "doubleSlashUUID"] {
      let id = try #require(tenant.notableWebinars[key])
      let account = try #require(tenant.zoomAccounts.first { $0.webinars.contains { $0.id == id } })
      let uuid = try #require(account.webinars.first { $0.id == id }?.instances.first?.uuid)
      #expect(uuid.hasPrefix("/") || uuid.contains("//"))
      try await withZoomSandbox(
        accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
      ) {
        zoom in
        let token = try await zoom.bearer(for: account.credentials)
        let twice = percentEncoded(percentEncoded(uuid))
        let good = try await zoom.get("/v2/past_webinars/\(twice)/participants", token: token)
        #expect(good.status == 200)
        #expect((good.json["participants"] as? [[String: Any]])?.isEmpty == false)
        #expect(
          try await zoom.get("/v2/report/webinars/\(twice)", token: token).json["uuid"] as? String
            == uuid)

        let once = percentEncoded(uuid)
        let bad = try await zoom.get("/v2/past_webinars/\(once)/participants", token: token)
        #expect(bad.status == 404)
        #expect(bad.json["code"] as? Int == 3001)
      }
    }
  }

  @Test("instances take the numeric id only; absentees are approved registrants who did not attend")
  func instancesAndAbsentees() async throws {
    let (account, webinar) = try showcase
    try await withZoomSandbox(
      accounts: scenario.zoomAccounts, configuration: .init(now: { zoomTestReferenceDate })
    ) {
      zoom in
      let token = try await zoom.bearer(for: account.credentials)
      let byUUID = try await zoom.get(
        "/v2/past_webinars/\(percentEncoded(percentEncoded(webinar.instances[0].uuid)))/instances",
        token: token)
      #expect(byUUID.status == 400)
      #expect(byUUID.json["message"] as? String == "Invalid webinar ID.")

      let absentees = try await zoom.get(
        "/v2/past_webinars/\(webinar.id)/absentees?page_size=300", token: token)
      #expect(absentees.status == 200)
      let attended = Set(webinar.instances[0].participants.compactMap(\.registrantID))
      let expected = webinar.registrants.filter {
        $0.status == "approved" && !attended.contains($0.id)
      }.map(\.id)
      let ids = (absentees.json["registrants"] as? [[String: Any]])?.compactMap {
        $0["id"] as? String
      }
      #expect(ids == expected)
    }
  }
}
