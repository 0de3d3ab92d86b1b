import ConnectorKit
import Foundation

/// `register_contact`: registers a person (first name, last name, email) for a Teams webinar,
/// with the same rules as the Zoom action: a webinar that does not take registrations, is over
/// or canceled, asks required questions this action cannot answer, or whose organizer is the
/// person, is refused with a sentence saying so, and nobody is registered.
struct TeamsRegisterAction: Sendable {
    static let organizerCannotRegister = "The webinar's organizer cannot register for the webinar"

    let api: GraphClient
    let organizers: OrganizerDirectory
    let now: @Sendable () -> Date

    struct Inputs {
        var webinarID: String
        var firstName: String
        var lastName: String
        var email: String

        init(_ inputs: [String: String]) throws {
            func value(_ name: String) -> String? { inputs[name]?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty }
            guard let id = value("webinar_id") else {
                throw ConnectorError(.invalidInput, "A webinar ID is required (the Teams webinar's id as Microsoft Graph shows it).")
            }
            guard TeamsConfigSpec.webinarIDs.accepts(id), id.count <= 256 else {
                throw ConnectorError(
                    .invalidInput,
                    "'\(id)' is not a Teams webinar ID: it has letters, digits, '-', '_', '.' and '@' only, e.g. f4b39f1c-…@a1a56d21-….")
            }
            guard let email = value("email") else { throw ConnectorError(.invalidInput, "An email address is required to register.") }
            guard EmailAddress.isValid(email) else { throw ConnectorError(.invalidInput, "'\(email)' is not a valid email address.") }
            guard let firstName = value("first_name") else {
                throw ConnectorError(.invalidInput, "A first name is required to register \(email) (Teams requires it).")
            }
            guard let lastName = value("last_name") else {
                throw ConnectorError(.invalidInput, "A last name is required to register \(email) (Teams requires it).")
            }
            (webinarID, self.firstName, self.lastName, self.email) = (id, firstName, lastName, email)
        }
    }

    func perform(_ inputs: [String: String]) async throws -> ActionResult {
        let input = try Inputs(inputs)
        let id = input.webinarID
        let webinar = try await explained(id) { try await api.webinar(id) }
        if webinar.status == "canceled" {
            throw ConnectorError(
                .rejected, "Webinar '\(webinar.displayName ?? id)' is canceled; Teams no longer takes registrations for it.")
        }
        if webinar.isRegistrationRequired == false {
            throw ConnectorError(
                .rejected, "Webinar '\(webinar.displayName ?? id)' does not take registrations; turn on registration for it in Teams.")
        }
        if let end = GraphDate.parse(webinar.endDateTime), end < now() {
            throw ConnectorError(.rejected, "Webinar '\(webinar.displayName ?? id)' is over; Teams no longer accepts registrations for it.")
        }
        let organizer = try await organizers.organizer(of: webinar, api: api)
        if let organizer, EmailAddress.normalized(organizer.email) == EmailAddress.normalized(input.email) {
            throw ConnectorError(.rejected, Self.organizerCannotRegister)
        }
        let required = try await explained(id) { try await api.registrationQuestions(id) }.filter { $0.isRequired == true }
        guard required.isEmpty else {
            let names = required.map { "'\($0.displayName ?? $0.label ?? "untitled question")'" }
            throw ConnectorError(
                .rejected,
                "Webinar '\(webinar.displayName ?? id)' requires registration questions this action cannot answer: "
                    + names.joined(separator: ", ")
                    + ". Only first name, last name and email are supported; make the other questions optional in Teams. Nobody was registered."
            )
        }
        let created = try await explained(id) {
            try await api.register(
                GraphRegistrationInput(firstName: input.firstName, lastName: input.lastName, email: input.email), for: id)
        }
        let registrationURL = (try? await api.registrationConfiguration(id))?.registrationWebUrl?.nilIfEmpty
        let sessions = (try? await api.sessions(id)) ?? []
        let webinarURL = registrationURL ?? sessions.first?.joinWebUrl ?? ""
        return ActionResult(
            outputs: ["registrant_id": created.id, "join_url": sessions.first?.joinWebUrl ?? webinarURL, "webinar_url": webinarURL],
            message: "Registered \(input.email) for '\(webinar.displayName ?? id)' (\(id)).")
    }

    /// Runs a Graph call, turning "not found" into a sentence about the webinar id.
    private func explained<T>(_ id: String, _ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch var error as ConnectorError where error.kind == .notFound {
            error.message = "There is no webinar \(id) in the connected Microsoft Teams tenant; check the webinar ID."
            throw error
        }
    }
}
