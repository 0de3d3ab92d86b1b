import Foundation

/// State changes shared by the API and the control routes; each one sends the change
/// notifications of the subscriptions that cover it.
struct GraphActions: Sendable {
    let store: GraphStore
    let configuration: GraphSimulatorConfiguration
    let notifier: GraphNotifier

    /// Registers someone for a webinar, as `POST …/registrations` does.
    func register(tenantID: String, webinarID: String, input: GraphRegistrationInput) throws(GraphError)
        -> GraphRegistrationData
    {
        let now = configuration.now()
        guard let tenant = store.tenant(tenantID), let webinar = tenant.webinars.first(where: { $0.id == webinarID }) else {
            throw .notFound("Webinar with id '\(webinarID)'")
        }
        guard webinar.status != "canceled" else { throw .badRequest("The webinar '\(webinarID)' was canceled.") }
        guard webinar.endDateTime > now else {
            throw .badRequest("Registration for the webinar '\(webinarID)' is closed: the webinar has ended.")
        }
        let email = input.email.lowercased()
        if let organizer = tenant.users.first(where: { $0.id == webinar.organizerID }), organizer.mail.lowercased() == email {
            throw .badRequest("The organizer of the webinar cannot register for it (\(input.email)).")
        }
        if webinar.registrations.contains(where: { $0.status == "registered" && $0.email?.lowercased() == email }) {
            throw GraphError(.conflict, "Conflict", "\(input.email) is already registered for the webinar '\(webinarID)'.")
        }
        for answer in input.answers where !webinar.questions.contains(where: { $0.id == answer.questionId }) {
            throw .badRequest("The registration question '\(answer.questionId ?? "")' does not exist in this webinar.")
        }
        for question in webinar.questions where question.isRequired {
            guard input.answers.contains(where: { GraphRegistrationInput.answers($0, question) }) else {
                throw .badRequest(
                    "The registration question '\(question.displayName)' (id \(question.id)) is required and was not answered.")
            }
        }
        let answers = input.answers.map { answer in
            var named = answer
            named.displayName = webinar.questions.first { $0.id == answer.questionId }?.displayName
            return named
        }
        let created = store.updateWebinar(tenantID: tenantID, id: webinarID) { webinar, generator in
            let registration = GraphRegistrationData(
                id: GraphIdentifiers.guid(using: &generator), firstName: input.firstName, lastName: input.lastName,
                email: input.email, status: "registered", registrationDateTime: now, cancelationDateTime: nil,
                preferredTimezone: input.preferredTimezone, preferredLanguage: input.preferredLanguage, userId: nil,
                registrationQuestionAnswers: answers)
            webinar.registrations.append(registration)
            return registration
        }
        guard let created else { throw .notFound("Webinar with id '\(webinarID)'") }
        notifier.changed(
            tenantID: tenantID, webinarID: webinarID, collection: "registrations", changeType: "created",
            resourceID: created.id, odataType: "virtualEventRegistration")
        return created
    }

    /// Cancels a registration, as `POST …/registrations/{id}/cancel` does.
    func cancel(tenantID: String, webinarID: String, registrationID: String) throws(GraphError) {
        let now = configuration.now()
        let outcome: Bool?? = store.updateWebinar(tenantID: tenantID, id: webinarID) { webinar, _ in
            guard let index = webinar.registrations.firstIndex(where: { $0.id == registrationID }) else { return nil }
            guard webinar.registrations[index].status != "canceled" else { return false }
            webinar.registrations[index].status = "canceled"
            webinar.registrations[index].cancelationDateTime = now
            return true
        }
        guard let found = outcome else { throw .notFound("Webinar with id '\(webinarID)'") }
        guard let changed = found else { throw .notFound("Registration with id '\(registrationID)'") }
        guard changed else { throw .badRequest("The registration '\(registrationID)' is already canceled.") }
        notifier.changed(
            tenantID: tenantID, webinarID: webinarID, collection: "registrations", changeType: "updated",
            resourceID: registrationID, odataType: "virtualEventRegistration")
    }

    /// Ends a session now: every registered person attended (one interval each, the first one
    /// leaving and rejoining), and a new attendance report is published. Notifies the session
    /// (`updated`) and the webinar's attendance reports (`created`).
    func endSession(tenantID: String, webinarID: String, sessionID: String) throws(GraphError) -> GraphAttendanceReportData {
        let now = configuration.now()
        let report: GraphAttendanceReportData?? = store.updateWebinar(tenantID: tenantID, id: webinarID) { webinar, generator in
            guard let index = webinar.sessions.firstIndex(where: { $0.id == sessionID }) else { return nil }
            let start = min(webinar.sessions[index].startDateTime, now.addingTimeInterval(-3600))
            webinar.sessions[index].endDateTime = now
            let attendees = webinar.registrations.filter { $0.status == "registered" }
            let records = attendees.enumerated().map { offset, registration in
                let join = start.addingTimeInterval(TimeInterval(60 * (offset % 10)))
                var intervals = [GraphAttendanceIntervalData(joinDateTime: join, leaveDateTime: now)]
                if offset == 0 {
                    let middle = join.addingTimeInterval(now.timeIntervalSince(join) / 2)
                    intervals = [
                        GraphAttendanceIntervalData(joinDateTime: join, leaveDateTime: middle),
                        GraphAttendanceIntervalData(joinDateTime: middle.addingTimeInterval(120), leaveDateTime: now),
                    ]
                }
                return GraphAttendanceRecordData(
                    id: GraphIdentifiers.guid(using: &generator), emailAddress: registration.email,
                    displayName: "\(registration.firstName ?? "") \(registration.lastName ?? "")", role: "Attendee",
                    registrationId: registration.id, intervals: intervals)
            }
            let report = GraphAttendanceReportData(
                id: GraphIdentifiers.guid(using: &generator), meetingStartDateTime: start, meetingEndDateTime: now,
                records: records)
            webinar.sessions[index].attendanceReports.append(report)
            return report
        }
        guard let found = report else { throw .notFound("Webinar with id '\(webinarID)'") }
        guard let created = found else { throw .notFound("Session with id '\(sessionID)'") }
        notifier.changed(
            tenantID: tenantID, webinarID: webinarID, collection: "sessions", changeType: "updated", resourceID: sessionID,
            odataType: "virtualEventSession")
        notifier.changed(
            tenantID: tenantID, webinarID: webinarID, collection: "getAttendanceReports", changeType: "created",
            resourceID: created.id, odataType: "meetingAttendanceReport")
        return created
    }

    /// Adds a session to a webinar (a rerun of it, an hour long, a day after its last session)
    /// and notifies the webinar's sessions (`created`).
    func addSession(tenantID: String, webinarID: String) throws(GraphError) -> GraphSessionData {
        let added: GraphSessionData? = store.updateWebinar(tenantID: tenantID, id: webinarID) { webinar, generator in
            let start = (webinar.sessions.map(\.endDateTime).max() ?? webinar.endDateTime).addingTimeInterval(86_400)
            let thread = GraphIdentifiers.threadID(using: &generator)
            let session = GraphSessionData(
                id: GraphIdentifiers.sessionID(threadID: thread),
                onlineMeetingID: GraphIdentifiers.onlineMeetingID(organizerID: webinar.organizerID, threadID: thread),
                subject: "\(webinar.displayName) (session \(webinar.sessions.count + 1))",
                joinWebUrl: "https://teams.microsoft.com/l/meetup-join/\(GraphIdentifiers.base64URL(Data(thread.utf8)))/0",
                startDateTime: start, endDateTime: start.addingTimeInterval(3600), attendanceReports: [], recordings: [],
                transcripts: [])
            webinar.sessions.append(session)
            webinar.endDateTime = max(webinar.endDateTime, session.endDateTime)
            return session
        }
        guard let added else { throw .notFound("Webinar with id '\(webinarID)'") }
        notifier.changed(
            tenantID: tenantID, webinarID: webinarID, collection: "sessions", changeType: "created", resourceID: added.id,
            odataType: "virtualEventSession")
        return added
    }
}
