import Foundation
import Hummingbird

/// A scripted Zoom account with a past webinar (two instances, multi-session attendance,
/// guests, a recording with a transcript), a Zoom Events webinar and webinars that exercise
/// the register action. Answers follow the shapes of the official spec.
enum FakeZoomAccount {
    static let webinarID = "81234567890"
    static let zoomEventsID = "81200000002"
    static let noRegistrationID = "81300000003"
    static let extraQuestionsID = "81400000004"
    static let overID = "81500000005"
    /// Held, then expired: Zoom no longer lists it, but its reports remain.
    static let expiredID = "81600000006"
    /// Begins with `/` and contains `//`: must be double-encoded.
    static let firstInstance = "/first//uuid=="
    /// Contains a single `/`: encoded once, as the spec says.
    static let secondInstance = "plain/UUID+x=="
    static let transcript =
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nHost: Welcome to the launch.\n"

    static func webinar(
        _ id: String, topic: String, join: String, registration: String?, approval: Int
    )
        -> String
    {
        let registrationURL = registration.map { #","registration_url":"\#($0)""# } ?? ""
        return
            #"{"uuid":"cur+uuid==","id":\#(id),"host_id":"HOST1","host_email":"host@example.com","topic":"\#(topic)","type":5,"start_time":"2026-03-08T16:00:00Z","duration":60,"timezone":"UTC","created_at":"2026-02-01T10:00:00Z","join_url":"\#(join)"\#(registrationURL),"creation_source":"web_portal","settings":{"approval_type":\#(approval),"auto_recording":"cloud","alternative_hosts":"alt-host@example.com"}}"#
    }

    static func registrant(_ id: String, _ email: String, _ first: String, _ status: String) -> String {
        #"{"id":"\#(id)","email":"\#(email)","first_name":"\#(first)","last_name":"Test","status":"\#(status)","create_time":"2026-02-20T09:00:00Z","join_url":"https://zoom.us/w/81234567890?tk=\#(id)"}"#
    }

    static func row(
        _ name: String, _ email: String, _ registrant: String, _ join: String, _ leave: String,
        status: String = "in_meeting"
    ) -> String {
        #"{"id":"","user_id":"1\#(abs(name.hashValue % 1000))","participant_user_id":"","name":"\#(name)","user_email":"\#(email)","registrant_id":"\#(registrant)","join_time":"2026-03-0\#(join)Z","leave_time":"2026-03-0\#(leave)Z","duration":0,"failover":false,"status":"\#(status)"}"#
    }

    /// Participant rows per instance UUID (`duration` 0: the merger must use the times).
    static let participantRows: [String: [String]] = [
        firstInstance: [
            row("Host", "host@example.com", "", "1T16:00:00", "1T17:00:00"),
            row("Ada", "ada@example.com", "reg-ada", "1T16:00:00", "1T16:20:00"),
            row("Ada", "ada@example.com", "reg-ada", "1T16:10:00", "1T16:30:00"),
            row("Ada", "ada@example.com", "reg-ada", "1T16:45:00", "1T17:00:00"),
            row("Carol", "", "reg-carol", "1T16:05:00", "1T16:35:00"),
            row("Mystery Guest", "", "", "1T16:00:00", "1T16:10:00"),
            row("Mystery Guest", "", "", "1T16:20:00", "1T16:30:00"),
            row("Stranger", "", "reg-zzz", "1T16:00:00", "1T16:05:00"),
            row(
                "Bob", "bob@example.com", "reg-bob", "1T15:50:00", "1T16:00:00", status: "in_waiting_room"),
        ],
        secondInstance: [
            row("Bob", "bob@example.com", "reg-bob", "8T16:00:00", "8T16:30:00"),
            row("Ada", "ada@example.com", "reg-ada", "8T15:58:00", "8T16:40:00"),
        ],
    ]

    /// Adds the account's API routes to `router` (served under `/v2`, downloads under `/rec`).
    static func addRoutes(to router: Router<BasicRequestContext>, zoom: ScriptedZoom) {
        router.get("/v2/users/me") { request, _ -> Response in
            zoom.record(request)
            return ScriptedZoom.json(#"{"id":"OWNER1","email":"owner@example.com","role_id":"0"}"#)
        }
        router.get("/v2/webinars/{webinarId}") { request, context -> Response in
            zoom.record(request)
            switch context.parameters.get("webinarId") ?? "" {
            case webinarID, extraQuestionsID, overID:
                let id = context.parameters.get("webinarId") ?? ""
                return ScriptedZoom.json(
                    webinar(
                        id, topic: "Launch", join: "https://zoom.us/w/\(id)",
                        registration: "https://zoom.us/webinar/register/WN_abc", approval: 0))
            case zoomEventsID:
                return ScriptedZoom.json(
                    webinar(
                        zoomEventsID, topic: "Summit", join: "https://events.zoom.us/ejl/AbC",
                        registration: "https://events.zoom.us/ev/XyZ", approval: 0))
            case noRegistrationID:
                return ScriptedZoom.json(
                    webinar(
                        noRegistrationID, topic: "Open", join: "https://zoom.us/w/\(noRegistrationID)",
                        registration: nil, approval: 2))
            default:
                return ScriptedZoom.zoomError(
                    3001, "Webinar does not exist: \(context.parameters.get("webinarId") ?? "").",
                    status: .notFound)
            }
        }
        router.get("/v2/webinars/{webinarId}/registrants") { request, _ -> Response in
            zoom.record(request)
            let query = request.uri.queryParameters
            switch (
                query["status"].map(String.init) ?? "approved", query["next_page_token"].map(String.init)
            ) {
            case ("approved", nil):
                return ScriptedZoom.json(
                    #"{"next_page_token":"more","page_size":300,"registrants":[\#(registrant("reg-ada", "ada@example.com", "Ada", "approved")),\#(registrant("reg-bob", "bob@example.com", "Bob", "approved"))]}"#
                )
            case ("approved", "more"):
                return ScriptedZoom.json(
                    #"{"next_page_token":"","registrants":[\#(registrant("reg-carol", "carol@example.com", "Carol", "approved"))]}"#
                )
            case ("pending", _):
                return ScriptedZoom.json(
                    #"{"registrants":[\#(registrant("reg-dan", "dan@example.com", "Dan", "pending"))]}"#)
            default:
                return ScriptedZoom.json(
                    #"{"registrants":[\#(registrant("reg-eve", "eve@example.com", "Eve", "denied"))]}"#)
            }
        }
        router.get("/v2/webinars/{webinarId}/registrants/questions") { request, context -> Response in
            zoom.record(request)
            if context.parameters.get("webinarId") == extraQuestionsID {
                return ScriptedZoom.json(
                    #"{"questions":[{"field_name":"last_name","required":true},{"field_name":"org","required":true},{"field_name":"phone","required":false}],"custom_questions":[{"title":"Company size","type":"single_dropdown","required":true,"answers":["1-50","51+"]},{"title":"Anything else?","type":"short","required":false}]}"#
                )
            }
            return ScriptedZoom.json(
                #"{"questions":[{"field_name":"last_name","required":false}],"custom_questions":[]}"#)
        }
        router.post("/v2/webinars/{webinarId}/registrants") { request, context -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 16))
            zoom.record(request, body: body)
            let id = context.parameters.get("webinarId") ?? ""
            if body.contains("alt-host@example.com") {
                return ScriptedZoom.zoomError(3027, "Host cannot register.", status: .badRequest)
            }
            if id == overID {
                return ScriptedZoom.zoomError(
                    3038, "Webinar is over, you cannot register now.", status: .badRequest)
            }
            return ScriptedZoom.json(
                #"{"id":\#(id),"registrant_id":"new-reg-1","join_url":"https://zoom.us/w/\#(id)?tk=new","topic":"Launch","start_time":"2026-04-01T16:00:00Z"}"#,
                status: .created)
        }
        router.get("/v2/past_webinars/{webinarId}/instances") { request, context -> Response in
            zoom.record(request)
            guard [webinarID, expiredID].contains(context.parameters.get("webinarId") ?? "") else {
                return ScriptedZoom.zoomError(3001, "Webinar does not exist.", status: .notFound)
            }
            return ScriptedZoom.json(
                #"{"webinars":[{"uuid":"\#(secondInstance)","start_time":"2026-03-08T16:00:00Z"},{"uuid":"\#(firstInstance)","start_time":"2026-03-01T16:00:00Z"}]}"#
            )
        }
        router.get("/v2/report/webinars/{uuid}") { request, context -> Response in
            zoom.record(request)
            switch decodedUUID(context.parameters.get("uuid")) {
            case firstInstance:
                return ScriptedZoom.json(
                    #"{"uuid":"\#(firstInstance)","id":81234567890,"topic":"Launch","user_email":"host@example.com","start_time":"2026-03-01T16:00:00Z","end_time":"2026-03-01T17:00:00Z","duration":60}"#
                )
            case secondInstance:
                return ScriptedZoom.json(
                    #"{"uuid":"\#(secondInstance)","id":81234567890,"topic":"Launch","start_time":"2026-03-08T16:00:00Z","end_time":"2026-03-08T16:30:00Z","duration":30}"#
                )
            default:
                return ScriptedZoom.zoomError(3001, "Webinar not found or has expired", status: .notFound)
            }
        }
        router.get("/v2/report/webinars/{uuid}/participants") { request, context -> Response in
            zoom.record(request)
            guard request.uri.queryParameters["include_fields"] == "registrant_id",
                let rows = participantRows[decodedUUID(context.parameters.get("uuid")) ?? ""]
            else {
                return ScriptedZoom.zoomError(3001, "Webinar not found or has expired", status: .notFound)
            }
            return ScriptedZoom.json(
                #"{"next_page_token":"","participants":[\#(rows.joined(separator: ","))]}"#)
        }
        router.get("/v2/meetings/{uuid}/recordings") { request, context -> Response in
            zoom.record(request)
            guard decodedUUID(context.parameters.get("uuid")) == secondInstance else {
                return ScriptedZoom.zoomError(
                    3301, "There is no recording for this meeting.", status: .notFound)
            }
            let base = "http://127.0.0.1:\(request.head.authority?.split(separator: ":").last ?? "0")"
            return ScriptedZoom.json(
                #"{"uuid":"\#(secondInstance)","id":81234567890,"topic":"Launch","type":"5","start_time":"2026-03-08T16:00:00Z","duration":30,"share_url":"https://zoom.us/rec/share/launch","recording_files":[{"id":"f-1","file_type":"MP4","file_extension":"MP4","file_size":7220.0,"play_url":"https://zoom.us/rec/play/f-1","download_url":"\#(base)/rec/download/f-1","status":"completed","recording_type":"shared_screen_with_speaker_view"},{"id":"f-2","file_type":"TRANSCRIPT","file_extension":"VTT","file_size":120,"download_url":"\#(base)/rec/download/f-2","status":"completed","recording_type":"audio_transcript"}]}"#
            )
        }
        router.get("/rec/download/{file}") { request, _ -> Response in
            zoom.record(request)
            guard request.headers[.authorization]?.hasPrefix("Bearer token-") == true else {
                return ScriptedZoom.zoomError(124, "Invalid access token.", status: .unauthorized)
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: transcript)))
        }
    }

    /// A path segment decoded as the spec describes Zoom's gateway: a double-encoded value is
    /// decoded twice; a single-encoded one that begins with `/` or contains `//` is mangled (not
    /// found); any other single-encoded value, even with one `/` inside, is fine.
    static func decodedUUID(_ raw: String?) -> String? {
        guard let once = raw?.removingPercentEncoding else { return nil }
        if once.contains("%") { return once.removingPercentEncoding }
        return once.hasPrefix("/") || once.contains("//") ? nil : once
    }
}
