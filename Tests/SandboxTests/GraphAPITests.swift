import Foundation
import Sandbox
import Testing

/// The Graph simulator's token endpoint, bearer check, OData paging, errors and throttling.
@Suite struct GraphAPITests {
    static let webinars = "/v1.0/solutions/virtualEvents/webinars"

    @Test func clientCredentialsIssueABearerTokenAndAWrongSecretIsAnAADSTSError() async throws {
        try await withGraphSandbox { graph in
            let good = try await graph.token()
            #expect(good.status == 200)
            #expect(good.json["token_type"] as? String == "Bearer")
            #expect(good.json["expires_in"] as? Int == 3599)
            #expect((good.json["access_token"] as? String)?.isEmpty == false)

            let wrong = try await graph.token(secret: "not-the-secret")
            #expect(wrong.status == 401)
            #expect(wrong.json["error"] as? String == "invalid_client")
            #expect((wrong.json["error_description"] as? String)?.hasPrefix("AADSTS7000215:") == true)
            #expect(wrong.json["error_codes"] as? [Int] == [7_000_215])
            #expect(wrong.json["trace_id"] is String && wrong.json["correlation_id"] is String)

            let badScope = try await graph.token(scope: "User.Read")
            #expect(badScope.status == 400)
            #expect(badScope.json["error"] as? String == "invalid_scope")
        }
    }

    @Test func graphRoutesNeedAnUnexpiredBearerTokenAndAnswerGraphErrorBodies() async throws {
        let clock = ManualClock()
        try await withGraphSandbox(configuration: GraphSimulatorConfiguration(now: { clock.now })) { graph in
            let missing = try await graph.send(.GET, Self.webinars, headers: [("client-request-id", "my-request-7")])
            #expect(missing.status == 401)
            let error = try #require(missing.json["error"] as? [String: Any])
            #expect(error["code"] as? String == "InvalidAuthenticationToken")
            let inner = try #require(error["innerError"] as? [String: Any])
            #expect(inner["client-request-id"] as? String == "my-request-7")
            #expect((inner["request-id"] as? String)?.count == 36)
            #expect(inner["date"] as? String == "2026-03-02T00:00:00Z")

            let token = try await graph.bearer()
            #expect(try await graph.get(Self.webinars, token: token).status == 200)
            clock.advance(seconds: 3600)
            let expired = try await graph.get(Self.webinars, token: token)
            #expect(expired.status == 401)
            #expect((expired.json["error"] as? [String: Any])?["message"] as? String == "Lifetime validation failed, the token is expired.")

            let unknown = try await graph.get(Self.webinars + "/nope@tenant", token: try await graph.bearer())
            #expect(unknown.status == 404)
            #expect((unknown.json["error"] as? [String: Any])?["code"] as? String == "NotFound")
        }
    }

    @Test func collectionsPageWithTopAndSkipTokenUntilNoNextLink() async throws {
        try await withGraphSandbox { graph in
            let token = try await graph.bearer()
            let showcase = try #require(graph.tenant.webinars.first { $0.id == graph.tenant.notableWebinars["showcase"] })
            let path = "\(Self.webinars)/\(showcase.id)/registrations"
            let first = try await graph.get(path + "?$top=3", token: token)
            #expect(
                first.json["@odata.context"] as? String
                    == "\(graph.base)/v1.0/$metadata#solutions/virtualEvents/webinars('\(showcase.id)')/registrations")
            #expect((first.json["value"] as? [Any])?.count == 3)
            let next = try #require(first.json["@odata.nextLink"] as? String)
            #expect(next.hasPrefix("\(graph.base)\(path)?$top=3&$skiptoken="))

            let (items, pages) = try await graph.all(path + "?%24top=3", token: token)
            #expect(items.compactMap { $0["id"] as? String } == showcase.registrations.map(\.id))
            #expect(pages == (showcase.registrations.count + 2) / 3)
            let (whole, onePage) = try await graph.all(path, token: token)
            #expect(whole.count == showcase.registrations.count && onePage == 1)

            #expect(try await graph.get(path + "?$skiptoken=forged", token: token).status == 400)
            #expect(try await graph.get(path + "?$top=0", token: token).status == 400)
        }
    }

    @Test func organizerWebinarsComeFromGetByUserIdAndRole() async throws {
        try await withGraphSandbox { graph in
            let token = try await graph.bearer()
            let organizer = try #require(graph.tenant.users.first)
            let function = "getByUserIdAndRole(userId='\(organizer.id)',role='organizer')"
            let answer = try await graph.get("\(Self.webinars)/\(function)", token: token)
            #expect(answer.status == 200, "\(answer.text)")
            let ids = (answer.json["value"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == graph.tenant.webinars.filter { $0.organizerID == organizer.id }.map(\.id))
            let encoded = try await graph.get(
                "\(Self.webinars)/getByUserIdAndRole(userId=%27\(organizer.id)%27,role=%27coOrganizer%27)", token: token)
            #expect((encoded.json["value"] as? [Any])?.isEmpty == true)
            let byMail = try await graph.get(
                "\(Self.webinars)/getByUserIdAndRole(userId='\(organizer.mail)',role='organizer')", token: token)
            #expect(byMail.status == 404)
            #expect(try await graph.get("\(Self.webinars)/getByUserRole(role='organizer')", token: token).status == 403)
        }
    }

    @Test func attendanceRecordsCarrySeveralIntervalsAndRegistrationIDs() async throws {
        try await withGraphSandbox { graph in
            let token = try await graph.bearer()
            let showcase = try #require(graph.tenant.webinars.first { $0.id == graph.tenant.notableWebinars["showcase"] })
            let session = try #require(showcase.sessions.first)
            let report = try #require(session.attendanceReports.first)
            let path = "\(Self.webinars)/\(showcase.id)/sessions/\(session.id)/attendanceReports/\(report.id)/attendanceRecords"
            let (records, _) = try await graph.all(path, token: token)
            #expect(records.count == report.records.count)
            for record in records {
                let intervals = record["attendanceIntervals"] as? [[String: Any]] ?? []
                let durations = intervals.compactMap { $0["durationInSeconds"] as? Int }
                #expect(record["totalAttendanceInSeconds"] as? Int == durations.reduce(0, +))
                #expect(intervals.allSatisfy { $0["joinDateTime"] is String && $0["leaveDateTime"] is String })
            }
            #expect(records.contains { $0["emailAddress"] is NSNull && $0["registrationId"] is String })
            #expect(records.contains { $0["emailAddress"] is NSNull && $0["registrationId"] is NSNull })
            #expect(records.contains { ($0["attendanceIntervals"] as? [Any])?.count ?? 0 > 1 })

            // The session's online meeting has an id of its own, found by the session's join URL.
            let organizer = showcase.organizerID
            #expect(try await graph.get("/v1.0/users/\(organizer)/onlineMeetings", token: token).status == 400)
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let filter = "JoinWebUrl eq '\(session.joinWebUrl)'".addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            let found = try await graph.get("/v1.0/users/\(organizer)/onlineMeetings?$filter=\(filter)", token: token)
            let meetings = found.json["value"] as? [[String: Any]] ?? []
            #expect(meetings.map { $0["id"] as? String } == [session.onlineMeetingID])
            #expect(session.onlineMeetingID != session.id)
            #expect(try await graph.get("/v1.0/users/\(organizer)/onlineMeetings/\(session.id)/recordings", token: token).status == 404)
            let meeting = session.onlineMeetingID
            let recordings = try await graph.get("/v1.0/users/\(organizer)/onlineMeetings/\(meeting)/recordings", token: token)
            let recording = try #require((recordings.json["value"] as? [[String: Any]])?.first)
            let url = try #require(recording["recordingContentUrl"] as? String)
            #expect(try await graph.get(String(url.dropFirst(graph.base.count)), token: token).headers["content-type"] == "video/mp4")
            let transcripts = try await graph.get("/v1.0/users/\(organizer)/onlineMeetings/\(meeting)/transcripts", token: token)
            let transcript = try #require((transcripts.json["value"] as? [[String: Any]])?.first)
            let vtt = try await graph.get(
                String((transcript["transcriptContentUrl"] as? String ?? "").dropFirst(graph.base.count)), token: token)
            #expect(vtt.text.hasPrefix("WEBVTT"))
        }
    }

    @Test func throttlingAnswers429WithRetryAfterUntilTheWindowEnds() async throws {
        let clock = ManualClock()
        let configuration = GraphSimulatorConfiguration(
            now: { clock.now }, throttling: GraphThrottlingLimits(requestsPerWindow: 2, windowSeconds: 10))
        try await withGraphSandbox(configuration: configuration) { graph in
            let token = try await graph.bearer()
            clock.advance(seconds: 4)
            #expect(try await graph.get(Self.webinars, token: token).status == 200)
            #expect(try await graph.get(Self.webinars, token: token).status == 200)
            let throttled = try await graph.get(Self.webinars, token: token)
            #expect(throttled.status == 429)
            #expect(throttled.headers["retry-after"] == "6")
            #expect((throttled.json["error"] as? [String: Any])?["code"] as? String == "TooManyRequests")
            clock.advance(seconds: 6)
            #expect(try await graph.get(Self.webinars, token: token).status == 200)

            graph.simulator.faults.update(FaultPlan(serverErrorRate: 1))
            let unavailable = try await graph.get(Self.webinars, token: token)
            #expect(unavailable.status == 503)
            #expect(unavailable.headers["retry-after"] == "1")
            #expect((unavailable.json["error"] as? [String: Any])?["code"] as? String == "serviceNotAvailable")
            graph.simulator.faults.update(FaultPlan(rateLimitBurst: 1))
            #expect(try await graph.get(Self.webinars, token: token).status == 429)
            #expect(try await graph.get(Self.webinars, token: token).status == 200)
        }
    }
}
