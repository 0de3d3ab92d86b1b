import Foundation
import Hummingbird
import SwitchyardJSON

/// Webinars, their registration configuration, sessions and attendance.
extension GraphAPI {
    /// The caller's tenant.
    func tenant(_ call: GraphCall) throws(GraphError) -> GraphTenantData {
        guard let tenant = store.tenant(call.tenantID) else { throw .notFound("Tenant") }
        return tenant
    }

    /// The webinar of the path, in the caller's tenant.
    func webinar(_ call: GraphCall) throws(GraphError) -> GraphWebinarData {
        let id = call.path("webinarId")
        guard let webinar = store.webinar(tenantID: call.tenantID, id: id) else {
            throw .notFound("Webinar with id '\(id)'")
        }
        return webinar
    }

    /// The session of the path, in the webinar of the path.
    func session(_ call: GraphCall) throws(GraphError) -> (GraphWebinarData, GraphSessionData) {
        let webinar = try webinar(call)
        let id = call.path("sessionId")
        guard let session = webinar.sessions.first(where: { $0.id == id }) else {
            throw .notFound("Session with id '\(id)'")
        }
        return (webinar, session)
    }

    /// `GET /solutions/virtualEvents/webinars`: every webinar of the tenant.
    func listWebinars(_ call: GraphCall) throws(GraphError) -> Response {
        let tenant = try tenant(call)
        return try page(
            tenant.webinars.map { GraphRendering.webinar($0, tenant: tenant) }, call, "solutions/virtualEvents/webinars")
    }

    /// `GET /solutions/virtualEvents/webinars/{id}`, or the bound function
    /// `getByUserIdAndRole(userId='…',role='organizer|coOrganizer')` that shares its path.
    func getWebinarOrFunction(_ call: GraphCall) throws(GraphError) -> Response {
        let segment = call.path("webinarId")
        if segment.hasPrefix("getByUserIdAndRole(") { return try webinarsByUserAndRole(call, segment: segment) }
        if segment.hasPrefix("getByUserRole(") {
            throw GraphError(
                .forbidden, "Forbidden",
                "getByUserRole needs a signed-in user; application permissions are not supported. Use getByUserIdAndRole.")
        }
        let tenant = try tenant(call)
        var body = try GraphRendering.webinar(webinar(call), tenant: tenant).objectValue
        body["@odata.context"] = call.context("solutions/virtualEvents/webinars/$entity")
        return GraphResponses.json(.object(body))
    }

    private func webinarsByUserAndRole(_ call: GraphCall, segment: String) throws(GraphError) -> Response {
        let arguments = Self.functionArguments(segment)
        guard let userID = arguments["userId"], let role = arguments["role"] else {
            throw .badRequest("The function getByUserIdAndRole needs the parameters userId and role.")
        }
        guard role == "organizer" || role == "coOrganizer" else {
            throw .badRequest("Invalid role '\(role)'. The possible values are: organizer, coOrganizer.")
        }
        let tenant = try tenant(call)
        // Graph takes the user's Entra object id here (not the user principal name).
        guard let user = tenant.users.first(where: { $0.id == userID }) else {
            throw GraphError(.notFound, "NotFound", "User '\(userID)' was not found. getByUserIdAndRole takes the user's object id.")
        }
        // The simulated webinars have no co-organizers.
        let webinars = role == "organizer" ? tenant.webinars.filter { $0.organizerID == user.id } : []
        return try page(
            webinars.map { GraphRendering.webinar($0, tenant: tenant) }, call, "Collection(microsoft.graph.virtualEventWebinar)")
    }

    /// The arguments of an OData function call segment, `name(a='x',b='y')`, unquoted.
    static func functionArguments(_ segment: String) -> [String: String] {
        guard let open = segment.firstIndex(of: "("), segment.hasSuffix(")") else { return [:] }
        let inner = segment[segment.index(after: open)..<segment.index(before: segment.endIndex)]
        var arguments: [String: String] = [:]
        for pair in inner.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            var value = parts[1]
            if value.hasPrefix("'") && value.hasSuffix("'") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            arguments[parts[0]] = value.replacingOccurrences(of: "''", with: "'")
        }
        return arguments
    }

    /// `GET …/webinars/{id}/registrationConfiguration`.
    func registrationConfiguration(_ call: GraphCall) throws(GraphError) -> Response {
        var body = try GraphRendering.registrationConfiguration(webinar(call)).objectValue
        body["@odata.context"] = call.context(
            "solutions/virtualEvents/webinars('\(call.path("webinarId"))')/registrationConfiguration/$entity")
        return GraphResponses.json(.object(body))
    }

    /// `GET …/webinars/{id}/registrationConfiguration/questions`.
    func registrationQuestions(_ call: GraphCall) throws(GraphError) -> Response {
        try page(
            webinar(call).questions.map(GraphRendering.question), call,
            "solutions/virtualEvents/webinars('\(call.path("webinarId"))')/registrationConfiguration/questions")
    }

    /// `GET …/webinars/{id}/sessions`.
    func listSessions(_ call: GraphCall) throws(GraphError) -> Response {
        try page(
            webinar(call).sessions.map(GraphRendering.session), call,
            "solutions/virtualEvents/webinars('\(call.path("webinarId"))')/sessions")
    }

    /// `GET …/webinars/{id}/sessions/{id}`.
    func getSession(_ call: GraphCall) throws(GraphError) -> Response {
        var body = try GraphRendering.session(session(call).1).objectValue
        body["@odata.context"] = call.context("solutions/virtualEvents/webinars('\(call.path("webinarId"))')/sessions/$entity")
        return GraphResponses.json(.object(body))
    }

    /// `GET …/sessions/{id}/attendanceReports`.
    func listAttendanceReports(_ call: GraphCall) throws(GraphError) -> Response {
        try page(
            session(call).1.attendanceReports.map(GraphRendering.attendanceReport), call,
            "solutions/virtualEvents/webinars('\(call.path("webinarId"))')/sessions('\(call.path("sessionId"))')/attendanceReports")
    }

    private func report(_ call: GraphCall) throws(GraphError) -> GraphAttendanceReportData {
        let id = call.path("reportId")
        guard let report = try session(call).1.attendanceReports.first(where: { $0.id == id }) else {
            throw .notFound("Attendance report with id '\(id)'")
        }
        return report
    }

    /// `GET …/attendanceReports/{id}`.
    func getAttendanceReport(_ call: GraphCall) throws(GraphError) -> Response {
        var body = try GraphRendering.attendanceReport(report(call)).objectValue
        body["@odata.context"] = call.context("microsoft.graph.meetingAttendanceReport/$entity")
        return GraphResponses.json(.object(body))
    }

    /// `GET …/attendanceReports/{id}/attendanceRecords`.
    func listAttendanceRecords(_ call: GraphCall) throws(GraphError) -> Response {
        try page(
            report(call).records.map { GraphRendering.attendanceRecord($0, tenantID: call.tenantID) }, call,
            "solutions/virtualEvents/webinars('\(call.path("webinarId"))')/sessions('\(call.path("sessionId"))')/attendanceReports('\(call.path("reportId"))')/attendanceRecords"
        )
    }
}
