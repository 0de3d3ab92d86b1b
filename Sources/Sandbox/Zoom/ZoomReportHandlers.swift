import Foundation
import Hummingbird

/// `GET /past_webinars/{webinarId}/instances`.
struct ZoomInstancesDTO: Encodable {
    struct Instance: Encodable {
        var uuid: String
        var startTime: Date
    }

    var webinars: [Instance]
}

/// `GET /report/webinars/{webinarId}`.
struct ZoomWebinarReportDTO: Encodable {
    struct KeyValue: Encodable {
        var key: String
        var value: String
    }

    var uuid: String
    var id: Int64
    var type: Int
    var topic: String
    var userName: String
    var userEmail: String
    var startTime: Date
    var endTime: Date
    var duration: Int
    var totalMinutes: Int
    var participantsCount: Int
    var dept: String
    var customKeys: [KeyValue]
    var trackingFields: [KeyValue]
}

/// A participant row of the past-webinar and report participant lists.
struct ZoomParticipantDTO: Encodable {
    var id: String
    var userId: String
    var participantUserId: String
    var name: String
    var userEmail: String
    var registrantId: String?
    var joinTime: Date
    var leaveTime: Date
    var duration: Int
    var failover: Bool
    var status: String
    var internalUser: Bool?
    var customerKey: String?

    init(_ row: ZoomParticipantData, includeRegistrantID: Bool, report: Bool) {
        id = row.participantUserID
        userId = row.userID
        participantUserId = row.participantUserID
        name = row.name
        userEmail = row.email
        registrantId = includeRegistrantID ? (row.registrantID ?? "") : nil
        joinTime = row.joinTime
        leaveTime = row.leaveTime
        duration = row.durationSeconds
        failover = false
        status = "in_meeting"
        internalUser = report ? nil : row.internalUser
        customerKey = report ? "" : nil
    }
}

extension ZoomAPI {
    /// `GET /past_webinars/{webinarId}/instances` — numeric id only.
    func pastInstances(_ call: ZoomCall) async throws -> Response {
        let webinar = try requireWebinar(call, includingExpired: true)
        let instances = webinar.instances
            .sorted { $0.startTime < $1.startTime }
            .map { ZoomInstancesDTO.Instance(uuid: $0.uuid, startTime: $0.startTime) }
        return zoomJSONResponse(ZoomInstancesDTO(webinars: instances))
    }

    /// `GET /report/webinars/{webinarId}` — id (latest instance) or UUID: the actual times.
    func webinarReport(_ call: ZoomCall) async throws -> Response {
        let ref = try requireInstance(call, report: true)
        let instance = ref.instance
        let host = store.account(call.accountID)?.users.first { $0.id == ref.webinar.hostID }
        let distinct = Set(instance.participants.map { $0.registrantID ?? $0.name })
        let totalSeconds = instance.participants.reduce(0) { $0 + $1.durationSeconds }
        let body = ZoomWebinarReportDTO(
            uuid: instance.uuid,
            id: ref.webinar.id,
            type: ref.webinar.type,
            topic: ref.webinar.topic,
            userName: host.map { "\($0.firstName) \($0.lastName)" } ?? "",
            userEmail: ref.webinar.hostEmail,
            startTime: instance.startTime,
            endTime: instance.endTime,
            duration: instance.durationMinutes,
            totalMinutes: totalSeconds / 60,
            participantsCount: distinct.count,
            dept: "",
            customKeys: [],
            trackingFields: []
        )
        return zoomJSONResponse(body)
    }

    /// `GET /past_webinars/{webinarId}/participants` — id or (double-encoded) UUID.
    func pastParticipants(_ call: ZoomCall) async throws -> Response {
        try participants(call, report: false, includeRegistrantID: nil)
    }

    /// `GET /report/webinars/{webinarId}/participants` — one row per join/leave session;
    /// `include_fields=registrant_id` adds the registration link.
    func reportParticipants(_ call: ZoomCall) async throws -> Response {
        let include = call.query("include_fields")
        if let include, !include.isEmpty, include != "registrant_id" {
            throw ZoomAPIError.validationFailed(["include_fields"])
        }
        return try participants(call, report: true, includeRegistrantID: include == "registrant_id")
    }

    /// One page of an instance's participant rows; `includeRegistrantID` nil: only where known.
    private func participants(_ call: ZoomCall, report: Bool, includeRegistrantID: Bool?) throws
        -> Response
    {
        let ref = try requireInstance(call, report: report)
        let rows = ref.instance.participants.map {
            ZoomParticipantDTO(
                $0, includeRegistrantID: includeRegistrantID ?? ($0.registrantID != nil), report: report)
        }
        let page = try ZoomPaging.page(
            rows, request: call.request,
            scope: "\(report ? "report" : "past")-participants:\(ref.instance.uuid)", maxPageSize: 300,
            now: call.now)
        return zoomJSONResponse(ZoomListDTO(key: "participants", page: page, includePageNumber: false))
    }

    /// `GET /past_webinars/{webinarId}/absentees` — approved registrants who did not attend.
    func absentees(_ call: ZoomCall) async throws -> Response {
        let ref = try requireInstance(call, report: false)
        guard ref.webinar.registrationEnabled else {
            throw ZoomAPIError(
                .badRequest, code: 3000,
                "This webinar doesn't have registration required: \(ref.instance.uuid).")
        }
        let attended = Set(ref.instance.participants.compactMap(\.registrantID))
        let rows = ref.webinar.registrants
            .filter { $0.status == "approved" && !attended.contains($0.id) }
            .map { ZoomRegistrantDTO($0, webinar: ref.webinar) }
        let page = try ZoomPaging.page(
            rows, request: call.request, scope: "absentees:\(ref.instance.uuid)", maxPageSize: 300,
            now: call.now)
        return zoomJSONResponse(ZoomListDTO(key: "registrants", page: page, includePageNumber: true))
    }

    /// The instance named by a webinar id or instance UUID in the `webinarId` path parameter.
    func requireInstance(_ call: ZoomCall, report: Bool, parameter: String = "webinarId") throws
        -> ZoomInstanceRef
    {
        let raw = call.rawPath(parameter)
        guard let idOrUUID = ZoomPathID.decode(raw), !idOrUUID.isEmpty,
            let ref = store.instance(accountID: call.accountID, idOrUUID: idOrUUID)
        else {
            let shown = raw.removingPercentEncoding ?? raw
            throw report
                ? ZoomAPIError.reportNotFound(shown)
                : ZoomAPIError(.notFound, code: 3001, "Webinar does not exist.")
        }
        if report, call.now.timeIntervalSince(ref.instance.startTime) > 365 * 86_400 {
            throw ZoomAPIError(.badRequest, code: 12702, "Can not access a webinar a year ago.")
        }
        return ref
    }
}
