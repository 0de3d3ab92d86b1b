import Crypto
import Foundation

/// Webhook bodies in the exact shapes of Meetings-webhooks.json, and Zoom's signing.
enum WebhookFixtures {
    static let secret = "webhook-secret-value"
    static let account = "acct-1"

    /// `x-zm-signature` for `body` at `timestamp`, computed as Zoom documents it.
    static func signature(_ body: Data, timestamp: Int, secret: String = secret) -> String {
        var message = Data("v0:\(timestamp):".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(
            for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "v0=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Signed headers for a delivery at `date`.
    static func headers(_ body: Data, at date: Date, secret: String = secret) -> [String: String] {
        let timestamp = Int(date.timeIntervalSince1970)
        return [
            "X-Zm-Signature": signature(body, timestamp: timestamp, secret: secret),
            "X-Zm-Request-Timestamp": String(timestamp),
            "Content-Type": "application/json",
        ]
    }

    static func body(_ text: String) -> Data { Data(text.utf8) }

    static let registrationObject = #"""
        "uuid":"4444AAAiAAAAAiAiAiiAii==","id":81234567890,"host_id":"x1yCzABCDEfg23HiJKl4mN","topic":"Launch","type":5,"start_time":"2026-04-01T16:00:00Z","duration":60,"timezone":"UTC"
        """#

    static func registration(_ event: String, status: String? = "approved", joinURL: Bool = true)
        -> Data
    {
        let statusField = status.map { #","status":"\#($0)""# } ?? ""
        let join = joinURL ? #","join_url":"https://zoom.us/w/81234567890?tk=abc""# : ""
        return body(
            #"{"event":"\#(event)","event_ts":1775059200000,"payload":{"account_id":"acct-1","operator":"host@example.com","operator_id":"x1yCzABCDEfg23HiJKl4mN","object":{\#(registrationObject),"registrant":{"id":"reg-1","first_name":"Ada","last_name":"Lovelace","email":"ada@example.com"\#(statusField)\#(join)}}}}"#
        )
    }

    static let created = body(
        #"{"event":"webinar.created","event_ts":1775059200000,"payload":{"account_id":"acct-1","operator":"host@example.com","operator_id":"x1yCzABCDEfg23HiJKl4mN","operation":"single","object":{"uuid":"4444AAAiAAAAAiAiAiiAii==","id":81234567890,"host_id":"x1yCzABCDEfg23HiJKl4mN","topic":"Launch","type":5,"start_time":"2026-04-01T16:00:00Z","duration":60,"timezone":"UTC","join_url":"https://zoom.us/w/81234567890","password":"","creation_source":"web_portal","settings":{"use_pmi":false,"alternative_hosts":""}}}}"#
    )

    static let updated = body(
        #"{"event":"webinar.updated","event_ts":1775059200000,"payload":{"account_id":"acct-1","operator":"host@example.com","operator_id":"x1yCzABCDEfg23HiJKl4mN","scope":"single","object":{"id":81234567890,"topic":"Launch v2"},"time_stamp":1775059200000,"old_object":{"id":81234567890,"topic":"Launch"}}}"#
    )

    static func deleted(occurrence: Bool = false) -> Data {
        let occurrences =
            occurrence
            ? #","occurrences":[{"occurrence_id":"1648194360000","start_time":"2026-04-01T16:00:00Z","duration":60,"status":"deleted"}]"#
            : ""
        return body(
            #"{"event":"webinar.deleted","event_ts":1775059200000,"payload":{"account_id":"acct-1","operator":"host@example.com","operator_id":"x1yCzABCDEfg23HiJKl4mN","operation":"single","object":{"uuid":"4444AAAiAAAAAiAiAiiAii==","id":81234567890,"host_id":"x1yCzABCDEfg23HiJKl4mN","topic":"Launch","type":5,"start_time":"2026-04-01T16:00:00Z","duration":60,"timezone":"UTC"\#(occurrences)}}}"#
        )
    }

    /// `webinar.started` / `webinar.ended`: `id` is a string in these events.
    static func lifecycle(_ event: String) -> Data {
        let end =
            event == "webinar.ended"
            ? #","end_time":"2026-04-01T17:02:00Z","practice_session":false"# : ""
        return body(
            #"{"event":"\#(event)","event_ts":1775059200000,"payload":{"account_id":"acct-1","object":{"id":"81234567890","uuid":"/AbC//dEf==","host_id":"x1yCzABCDEfg23HiJKl4mN","topic":"Launch","type":5,"start_time":"2026-04-01T16:00:00Z","timezone":"UTC","duration":60\#(end)}}}"#
        )
    }

    /// `webinar.participant_joined` / `_left`: `id` is a string; guests have an empty email.
    static func participant(_ event: String, email: String) -> Data {
        let time =
            event == "webinar.participant_joined"
            ? #""join_time":"2026-04-01T16:01:00Z""#
            : #""leave_time":"2026-04-01T16:41:00Z","leave_reason":"left""#
        return body(
            #"{"event":"\#(event)","event_ts":1775059200000,"payload":{"account_id":"acct-1","object":{"id":"81234567890","uuid":"4444AAAiAAAAAiAiAiiAii==","host_id":"x1yCzABCDEfg23HiJKl4mN","topic":"Launch","type":5,"start_time":"2026-04-01T16:00:00Z","timezone":"UTC","duration":60,"participant":{"user_id":"16778240","user_name":"Ada","id":"","email":"\#(email)","registrant_id":"reg-1","participant_user_id":"",\#(time)}}}}"#
        )
    }

    static func recording(_ event: String, type: Int = 5, fileStatus: String = "completed") -> Data {
        let file =
            event == "recording.transcript_completed"
            ? #"{"id":"f-2","meeting_id":"4444AAAiAAAAAiAiAiiAii==","recording_start":"2026-04-01T16:00:00Z","recording_end":"2026-04-01T17:00:00Z","file_type":"TRANSCRIPT","file_size":1200,"file_extension":"VTT","download_url":"https://zoom.us/rec/download/f-2","status":"\#(fileStatus)","recording_type":"audio_transcript"}"#
            : #"{"id":"f-1","meeting_id":"4444AAAiAAAAAiAiAiiAii==","recording_start":"2026-04-01T16:00:00Z","recording_end":"2026-04-01T17:00:00Z","file_type":"MP4","file_size":7220,"file_extension":"MP4","play_url":"https://zoom.us/rec/play/f-1","download_url":"https://zoom.us/rec/download/f-1","status":"\#(fileStatus)","recording_type":"shared_screen_with_speaker_view"}"#
        return body(
            #"{"event":"\#(event)","event_ts":1775059200000,"download_token":"dl-token","payload":{"account_id":"acct-1","object":{"id":81234567890,"uuid":"4444AAAiAAAAAiAiAiiAii==","host_id":"x1yCzABCDEfg23HiJKl4mN","account_id":"acct-1","topic":"Launch","type":\#(type),"start_time":"2026-04-01T16:00:00Z","password":"","timezone":"UTC","host_email":"host@example.com","duration":60,"share_url":"https://zoom.us/rec/share/abc","total_size":7220,"recording_count":1,"recording_files":[\#(file)]}}}"#
        )
    }

    static let urlValidation = body(
        #"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}"#
    )
}
