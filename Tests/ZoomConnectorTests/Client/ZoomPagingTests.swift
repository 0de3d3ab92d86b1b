import ConnectorKit
import Foundation
import Hummingbird
import Testing
import ZoomConnector

@Suite("Zoom paging")
struct ZoomPagingTests {
    @Test("users page by next_page_token and webinars by page_number, 300 a page, each page once")
    func pagesOnce() async throws {
        let zoom = ScriptedZoom()
        let router = zoom.router()
        // Three pages of users, linked by tokens that contain characters needing encoding.
        let userPages = [
            "": (
                #"[{"id":"u1","email":"one@example.com"},{"id":"u2","email":"two@example.com"}]"#, "p2+/="
            ),
            "p2+/=": (#"[{"id":"u3","email":"three@example.com"}]"#, "p3"),
            "p3": (#"[{"id":"u4","email":"four@example.com"}]"#, ""),
        ]
        router.get("/v2/users") { request, _ -> Response in
            zoom.record(request)
            let token = request.uri.queryParameters["next_page_token"].map(String.init) ?? ""
            guard let (users, next) = userPages[token] else {
                return ScriptedZoom.zoomError(
                    300, "The next page token is invalid or expired.", status: .badRequest)
            }
            return ScriptedZoom.json(#"{"next_page_token":"\#(next)","page_size":300,"users":\#(users)}"#)
        }
        // two@example.com has two pages of webinars.
        router.get("/v2/users/{userId}/webinars") { request, context -> Response in
            zoom.record(request)
            let user = context.parameters.get("userId") ?? ""
            let page = Int(request.uri.queryParameters["page_number"].map(String.init) ?? "1") ?? 1
            guard user == "two%40example.com" || user == "two@example.com" else {
                return ScriptedZoom.json(#"{"page_count":0,"webinars":[]}"#)
            }
            let id = 81_000_000_000 + page
            return ScriptedZoom.json(
                #"{"page_count":2,"page_number":\#(page),"webinars":[{"id":\#(id),"uuid":"u\#(page)==","host_id":"u2","topic":"Part \#(page)","type":5,"start_time":"2026-04-0\#(page)T10:00:00Z","duration":60,"join_url":"https://zoom.us/w/\#(id)"}]}"#
            )
        }
        let webinars = try await ScriptedZoom.serve(router) { port in
            try await ZoomTestConfig.connector(port: port).listWebinars()
        }
        #expect(webinars.map(\.id) == ["81000000001", "81000000002"])
        #expect(webinars.map(\.hostEmail) == ["two@example.com", "two@example.com"])
        let userRequests = zoom.apiRequests.filter { $0.path == "/v2/users" }
        #expect(userRequests.map { $0.query["next_page_token"] } == [nil, "p2+/=", "p3"])
        #expect(
            userRequests.allSatisfy { $0.query["page_size"] == "300" && $0.query["status"] == "active" })
        let twoRequests = zoom.apiRequests.filter { $0.path.contains("two") }
        #expect(twoRequests.map { $0.query["page_number"] } == ["1", "2"])
        #expect(
            twoRequests.allSatisfy { $0.query["page_size"] == "300" && $0.query["type"] == "scheduled" })
        #expect(twoRequests.allSatisfy { $0.query["next_page_token"] == nil })
    }
}
