import ConnectorKit
import Foundation
import Logging

/// The `register_contact` action: registers a person for a webinar with first name, last
/// name and email — the only registration fields the integration supports.
struct ZoomRegisterAction: Sendable {
    /// The exact message for registering the webinar's host or the connected Zoom user.
    static let hostCannotRegister = "Webinar host cannot register for the webinar"

    /// Labels of Zoom's standard registration fields (the spec's `x-enum-descriptions`).
    static let fieldLabels: [String: String] = [
        "last_name": "Last Name", "address": "Address", "city": "City", "country": "Country/Region",
        "zip": "Zip/Postal Code", "state": "State/Province", "phone": "Phone", "industry": "Industry",
        "org": "Organization", "job_title": "Job Title",
        "purchasing_time_frame": "Purchasing Time Frame",
        "role_in_purchase_process": "Role in Purchase Process",
        "no_of_employees": "Number of Employees", "comments": "Questions & Comments",
    ]

    let api: ZoomAPIClient
    let connectedUser: ZoomConnectedUser
    let zoomEvents: ZoomEventsDirectory
    let logger: Logger

    /// The validated inputs.
    struct Inputs: Sendable {
        var webinarID: ZoomWebinarID
        var firstName: String
        var lastName: String?
        var email: String

        init(_ inputs: [String: String]) throws {
            func value(_ name: String) -> String? {
                inputs[name]?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            }
            guard let typed = value("webinar_id") else {
                throw ConnectorError(.invalidInput, "A webinar ID is required (e.g. 812 3456 7890).")
            }
            guard let id = ZoomWebinarID(typed) else {
                throw ConnectorError(
                    .invalidInput,
                    "'\(typed)' is not a Zoom webinar ID: a webinar ID has 9 to 12 digits, e.g. 812 3456 7890 (spaces and dashes are ignored)."
                )
            }
            guard let email = value("email") else {
                throw ConnectorError(.invalidInput, "An email address is required to register.")
            }
            guard EmailAddress.isValid(email) else {
                throw ConnectorError(.invalidInput, "'\(email)' is not a valid email address.")
            }
            guard let firstName = value("first_name") else {
                throw ConnectorError(
                    .invalidInput, "A first name is required to register \(email) (Zoom requires it).")
            }
            webinarID = id
            self.firstName = firstName
            lastName = value("last_name")
            self.email = email
        }
    }

    /// Registers the person; returns `registrant_id` and `join_url`.
    func perform(_ inputs: [String: String]) async throws -> ActionResult {
        let input = try Inputs(inputs)
        let id = input.webinarID
        let webinar: ZoomWebinarDTO
        do {
            webinar = try await api.webinar(id)
        } catch let error as ConnectorError {
            throw explain(error, id: id)
        }
        if ZoomRecords.isZoomEvents(joinURL: webinar.joinUrl, registrationURL: webinar.registrationUrl) {
            throw ConnectorError(
                .unsupported,
                "Webinar \(id.displayForm) belongs to Zoom Events; registering for Zoom Events webinars is not supported."
            )
        }
        if let session = await zoomEvents.sessions(api: api)?[id.digits] {
            throw ConnectorError(
                .unsupported,
                "Webinar \(id.displayForm) is the session '\(session.sessionName)' of the Zoom Event '\(session.eventName)'; registering for Zoom Events webinars is not supported."
            )
        }
        if webinar.settings?.approvalType == 2 {
            throw ConnectorError(
                .rejected,
                "Webinar \(id.displayForm) does not take registrations; turn on 'Registration required' for it in Zoom."
            )
        }
        try await refuseHost(input.email, webinar: webinar)
        try await requireOnlySupportedFields(id, lastName: input.lastName)
        let created: ZoomRegistrationDTO
        do {
            created = try await api.register(
                ZoomRegistrationInput(
                    email: input.email, firstName: input.firstName, lastName: input.lastName),
                for: id)
        } catch let error as ConnectorError {
            throw explain(error, id: id)
        }
        guard let registrantID = created.registrantId, let joinURL = created.joinUrl else {
            throw ConnectorError(
                .malformedData,
                "Zoom registered \(input.email) but did not return a registrant id and join URL.")
        }
        let topic = created.topic ?? webinar.topic ?? ""
        return ActionResult(
            outputs: [
                "registrant_id": registrantID, "join_url": joinURL,
                "webinar_url": webinar.registrationUrl.flatMap { $0.isEmpty ? nil : $0 } ?? webinar.joinUrl ?? joinURL,
            ],
            message: "Registered \(input.email) for '\(topic)' (\(id.displayForm)).")
    }

    /// Fails with ``hostCannotRegister`` for the webinar's host and the connected Zoom user.
    private func refuseHost(_ email: String, webinar: ZoomWebinarDTO) async throws {
        let normalized = EmailAddress.normalized(email)
        var hosts = [webinar.hostEmail].compactMap { $0 }
        if let connected = await connectedUser.email(using: api, logger: logger) {
            hosts.append(connected)
        }
        if hosts.map(EmailAddress.normalized).contains(normalized) {
            throw ConnectorError(
                .rejected, Self.hostCannotRegister, sourceCode: ZoomErrorCode.hostCannotRegister)
        }
    }

    /// Reads the registration questions and fails, naming them, when a field other than first
    /// name, last name and email is required (or last name is required but not given).
    private func requireOnlySupportedFields(_ id: ZoomWebinarID, lastName: String?) async throws {
        let questions: ZoomQuestionsDTO
        do {
            questions = try await api.registrationQuestions(id)
        } catch let error as ConnectorError {
            throw explain(error, id: id)
        }
        var unsupported: [String] = []
        for question in questions.questions ?? [] where question.required == true {
            guard let field = question.fieldName else { continue }
            if field == "last_name" && lastName != nil { continue }
            unsupported.append(Self.fieldLabels[field] ?? field)
        }
        for question in questions.customQuestions ?? [] where question.required == true {
            unsupported.append("'\(question.title ?? "untitled question")'")
        }
        guard unsupported.isEmpty else {
            throw ConnectorError(
                .rejected,
                "Webinar \(id.displayForm) requires registration fields this action cannot fill: "
                    + unsupported.joined(separator: ", ")
                    + ". Only first name, last name and email are supported; make the other fields optional in Zoom's registration settings. Nobody was registered."
            )
        }
    }

    /// Zoom's refusals in words a workflow user understands.
    private func explain(_ error: ConnectorError, id: ZoomWebinarID) -> ConnectorError {
        var explained = error
        switch (error.kind, error.sourceCode) {
        case (_, ZoomErrorCode.hostCannotRegister?):
            explained.message = Self.hostCannotRegister
        case (_, ZoomErrorCode.webinarOver?):
            explained.message =
                "Webinar \(id.displayForm) is over; Zoom no longer accepts registrations for it."
        case (.notFound, _):
            explained.message =
                "There is no webinar \(id.displayForm) in the connected Zoom account; check the webinar ID."
        default:
            break
        }
        return explained
    }
}

/// The email of the connected Zoom user (`GET /users/me`), read once per connector.
actor ZoomConnectedUser {
    private var cached: String??

    /// The email, or nil when Zoom does not say (the host check then relies on Zoom's 3027).
    func email(using api: ZoomAPIClient, logger: Logger) async -> String? {
        if let cached { return cached }
        do {
            let email = try await api.connectedUser().email
            cached = .some(email)
            return email
        } catch {
            logger.debug("Could not read the connected Zoom user", metadata: ["error": "\(error)"])
            if let error = error as? ConnectorError, !error.isRetryable { cached = .some(nil) }
            return nil
        }
    }
}

extension String {
    /// Nil for an empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
