import Foundation
import Hummingbird
import SwitchyardJSON

/// Registrations of a webinar: list, get, create (app-only registration) and cancel.
extension GraphAPI {
    private func registrationsFragment(_ call: GraphCall) -> String {
        "solutions/virtualEvents/webinars('\(call.path("webinarId"))')/registrations"
    }

    /// `GET …/webinars/{id}/registrations`.
    func listRegistrations(_ call: GraphCall) throws(GraphError) -> Response {
        try page(webinar(call).registrations.map(GraphRendering.registration), call, registrationsFragment(call))
    }

    /// `GET …/webinars/{id}/registrations/{id}`.
    func getRegistration(_ call: GraphCall) throws(GraphError) -> Response {
        let id = call.path("registrationId")
        guard let registration = try webinar(call).registrations.first(where: { $0.id == id }) else {
            throw .notFound("Registration with id '\(id)'")
        }
        var body = GraphRendering.registration(registration).objectValue
        body["@odata.context"] = call.context(registrationsFragment(call) + "/$entity")
        return GraphResponses.json(.object(body))
    }

    /// `POST …/webinars/{id}/registrations`: `201` with the registration.
    func createRegistration(_ call: GraphCall) async throws(GraphError) -> Response {
        let input = try GraphRegistrationInput(call.jsonBody())
        let registration = try actions.register(
            tenantID: call.tenantID, webinarID: call.path("webinarId"), input: input)
        var body = GraphRendering.registration(registration).objectValue
        body["@odata.context"] = call.context(registrationsFragment(call) + "/$entity")
        return GraphResponses.json(.object(body), status: .created)
    }

    /// `POST …/registrations/{id}/cancel`: `204`.
    func cancelRegistration(_ call: GraphCall) throws(GraphError) -> Response {
        try actions.cancel(tenantID: call.tenantID, webinarID: call.path("webinarId"), registrationID: call.path("registrationId"))
        return Response(status: .noContent)
    }
}

/// The body of a registration request, checked as Graph checks it.
struct GraphRegistrationInput: Sendable {
    var firstName: String
    var lastName: String
    var email: String
    var answers: [GraphQuestionAnswerData]
    var preferredTimezone: String?
    var preferredLanguage: String?

    init(_ body: [String: JSONValue]) throws(GraphError) {
        func required(_ name: String) throws(GraphError) -> String {
            guard let value = body[name]?.stringValue?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                throw .badRequest("The property '\(name)' is required to register for a webinar.")
            }
            return value
        }
        firstName = try required("firstName")
        lastName = try required("lastName")
        email = try required("email")
        guard Self.isEmail(email) else { throw .badRequest("The email address '\(email)' is not valid.") }
        preferredTimezone = body["preferredTimezone"]?.stringValue
        preferredLanguage = body["preferredLanguage"]?.stringValue
        answers = try (body["registrationQuestionAnswers"]?.arrayValue ?? []).map { value throws(GraphError) in
            guard case .object(let members) = value, let questionID = members["questionId"]?.stringValue else {
                throw .badRequest("Every registrationQuestionAnswer needs a questionId.")
            }
            return GraphQuestionAnswerData(
                questionId: questionID, displayName: members["displayName"]?.stringValue,
                value: members["value"]?.stringValue, booleanValue: members["booleanValue"]?.boolValue,
                multiChoiceValues: members["multiChoiceValues"]?.arrayValue.compactMap(\.stringValue))
        }
    }

    /// A plain `local@domain.tld` check (Graph refuses addresses without a domain).
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(" ") else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    /// Whether `answer` answers `question` (a value, a boolean or choices).
    static func answers(_ answer: GraphQuestionAnswerData, _ question: GraphQuestionData) -> Bool {
        guard answer.questionId == question.id else { return false }
        if answer.booleanValue != nil { return true }
        if let choices = answer.multiChoiceValues, !choices.isEmpty { return true }
        return !(answer.value ?? "").trimmingCharacters(in: .whitespaces).isEmpty
    }
}
