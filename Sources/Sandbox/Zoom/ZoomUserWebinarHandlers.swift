import Foundation
import Hummingbird

/// An item of `GET /users`.
struct ZoomUserDTO: Encodable {
    var id: String
    var firstName: String
    var lastName: String
    var displayName: String
    var email: String
    var type: Int
    var pmi: Int64
    var timezone: String
    var verified: Int
    var dept: String
    var createdAt: Date
    var userCreatedAt: Date
    var lastLoginTime: Date
    var language: String
    var status: String
    var roleId: String

    init(_ user: ZoomUserData, isOwner: Bool) {
        id = user.id
        firstName = user.firstName
        lastName = user.lastName
        displayName = "\(user.firstName) \(user.lastName)"
        email = user.email
        type = user.type
        pmi = user.pmi
        timezone = user.timezone
        verified = 1
        dept = ""
        createdAt = user.createdAt
        userCreatedAt = user.createdAt
        lastLoginTime = user.createdAt
        language = "en-US"
        status = "active"
        roleId = isOwner ? "0" : "2"
    }
}

extension ZoomAPI {
    /// `GET /users` — status filter (only active users exist here), paging up to 2000.
    func listUsers(_ call: ZoomCall) async throws -> Response {
        let status = call.query("status") ?? "active"
        guard ["active", "inactive", "pending"].contains(status) else {
            throw ZoomAPIError.validationFailed(["status"])
        }
        let users = store.account(call.accountID)?.users ?? []
        let listed = status == "active" ? users : []
        let owner = users.first?.id
        let dtos = listed.map { ZoomUserDTO($0, isOwner: $0.id == owner) }
        let page = try ZoomPaging.page(
            dtos, request: call.request, scope: "users:\(status)", maxPageSize: 2000, now: call.now)
        return zoomJSONResponse(ZoomListDTO(key: "users", page: page, includePageNumber: true))
    }

    /// `GET /users/{userId}/webinars` — `userId` is an id, an email or `me` (the account owner).
    func listWebinars(_ call: ZoomCall) async throws -> Response {
        let (account, user) = try requireUser(call) { "User does not exist: \($0)." }
        let type = call.query("type") ?? "scheduled"
        guard type == "scheduled" || type == "upcoming" else {
            throw ZoomAPIError.validationFailed(["type"])
        }
        let webinars = account.webinars
            .filter { $0.hostID == user.id }
            .filter {
                type == "upcoming"
                    ? Self.isUpcoming($0, now: call.now) : Self.isUnexpired($0, now: call.now)
            }
            .sorted { ($0.startTime, $0.id) < ($1.startTime, $1.id) }
            .map(ZoomWebinarSummaryDTO.init)
        let page = try ZoomPaging.page(
            webinars, request: call.request, scope: "webinars:\(user.id):\(type)", maxPageSize: 300,
            now: call.now)
        return zoomJSONResponse(ZoomListDTO(key: "webinars", page: page, includePageNumber: false))
    }

    /// `GET /webinars/{webinarId}`.
    func getWebinar(_ call: ZoomCall) async throws -> Response {
        let webinar = try requireWebinar(call)
        let host = store.account(call.accountID)?.users.first { $0.id == webinar.hostID }
        let hostName = host.map { "\($0.firstName) \($0.lastName)" } ?? ""
        return zoomJSONResponse(ZoomWebinarDTO(webinar, hostName: hostName))
    }

    /// The webinar named by the numeric `webinarId` path parameter, in the caller's account.
    /// An expired webinar (30 days after it ran) no longer exists for the webinar operations;
    /// only its past instances and reports remain (`includingExpired`).
    func requireWebinar(_ call: ZoomCall, includingExpired: Bool = false) throws -> ZoomWebinarData {
        let id = try ZoomPathID.numericWebinarID(call.rawPath("webinarId"))
        guard let webinar = store.webinar(accountID: call.accountID, id: id),
            includingExpired || Self.isUnexpired(webinar, now: call.now)
        else {
            throw ZoomAPIError.webinarNotFound(String(id))
        }
        return webinar
    }

    /// The account and the user the `userId` path parameter names (an id, an email or `me`);
    /// 404 code 1001 worded by `message` when there is none.
    func requireUser(_ call: ZoomCall, message: (String) -> String) throws -> (ZoomAccountData, ZoomUserData) {
        guard let userID = call.rawPath("userId").removingPercentEncoding,
            let account = store.account(call.accountID),
            let user = Self.user(userID, in: account)
        else {
            throw ZoomAPIError(.notFound, code: 1001, message(call.rawPath("userId").removingPercentEncoding ?? ""))
        }
        return (account, user)
    }

    static func user(_ idOrEmail: String, in account: ZoomAccountData) -> ZoomUserData? {
        if idOrEmail == "me" { return account.users.first }
        return account.users.first {
            $0.id == idOrEmail || $0.email.lowercased() == idOrEmail.lowercased()
        }
    }

    /// The end of the last (or only) session of a webinar.
    static func scheduledEnd(_ webinar: ZoomWebinarData) -> Date {
        if let last = webinar.occurrences.last {
            return last.startTime.addingTimeInterval(TimeInterval(last.durationMinutes * 60))
        }
        return webinar.startTime.addingTimeInterval(TimeInterval(webinar.durationMinutes * 60))
    }

    /// Upcoming or live.
    static func isUpcoming(_ webinar: ZoomWebinarData, now: Date) -> Bool {
        webinar.type == 6 || scheduledEnd(webinar) > now
    }

    /// Not expired: Zoom keeps a non-recurring webinar's id for 30 days after it ran.
    static func isUnexpired(_ webinar: ZoomWebinarData, now: Date) -> Bool {
        webinar.type == 6 || scheduledEnd(webinar).addingTimeInterval(30 * 86_400) > now
    }
}
