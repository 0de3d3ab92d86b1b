import Foundation
import Hummingbird

/// `POST /webinars/{webinarId}/registrants` → 201.
struct ZoomRegistrationCreatedDTO: Encodable {
  var id: Int64
  var joinUrl: String
  var registrantId: String
  var startTime: Date
  var topic: String
  var occurrences: [ZoomOccurrenceDTO]
}

/// `GET /webinars/{webinarId}/registrants/questions`.
struct ZoomQuestionsDTO: Encodable {
  struct Question: Encodable {
    var fieldName: String
    var required: Bool
  }

  struct CustomQuestion: Encodable {
    var title: String
    var type: String
    var required: Bool
    var answers: [String]
  }

  var questions: [Question]
  var customQuestions: [CustomQuestion]
}

/// The body of `PUT /webinars/{webinarId}/registrants/status`.
private struct ZoomStatusInput: Decodable {
  struct Registrant: Decodable {
    var id: String?
    var email: String?
  }

  var action: String?
  var registrants: [Registrant]?
}

extension ZoomAPI {
  /// `GET /webinars/{webinarId}/registrants` — `status` approved (default), pending or denied.
  func listRegistrants(_ call: ZoomCall) async throws -> Response {
    let webinar = try requireWebinar(call)
    let status = call.query("status") ?? "approved"
    guard ["approved", "pending", "denied"].contains(status) else {
      throw ZoomAPIError.validationFailed(["status"])
    }
    let registrants = webinar.registrants
      .filter { $0.status == status }
      .map { ZoomRegistrantDTO($0, webinar: webinar) }
    let page = try ZoomPaging.page(
      registrants, request: call.request, scope: "registrants:\(webinar.id):\(status)",
      maxPageSize: 300,
      now: call.now)
    return zoomJSONResponse(ZoomListDTO(key: "registrants", page: page, includePageNumber: true))
  }

  /// `POST /webinars/{webinarId}/registrants` — registers (or returns the existing registration of
  /// the same email) and pushes `webinar.registration_created`.
  func addRegistrant(_ call: ZoomCall) async throws -> Response {
    let webinar = try requireWebinar(call)
    let input = try ZoomRegistrantInput.parse(call.body)
    let result = try register(
      input, webinarID: webinar.id, accountID: call.accountID, now: call.now)
    if result.created {
      webhooks.enqueue(
        ZoomWebhookEvents.registration(
          "webinar.registration_created", webinar: result.webinar,
          registrant: result.registrant, accountID: call.accountID, operator: nil, now: call.now),
        accountID: call.accountID)
    }
    let body = ZoomRegistrationCreatedDTO(
      id: webinar.id,
      joinUrl: ZoomLinks.registrantJoinURL(webinar, registrantID: result.registrant.id),
      registrantId: result.registrant.id,
      startTime: webinar.startTime,
      topic: webinar.topic,
      occurrences: webinar.occurrences.map(ZoomOccurrenceDTO.init)
    )
    return zoomJSONResponse(body, status: .created)
  }

  /// Applies Zoom's registration rules and stores the registrant (shared with the control route
  /// that registers someone "through Zoom's registration page").
  func register(
    _ input: ZoomRegistrantInput,
    webinarID: Int64,
    accountID: String,
    now: Date
  ) throws -> (webinar: ZoomWebinarData, registrant: ZoomRegistrantData, created: Bool) {
    let outcome = try store.updateWebinar(accountID: accountID, id: webinarID) {
      (webinar: inout ZoomWebinarData, generator: inout SeededGenerator) throws
        -> (ZoomWebinarData, ZoomRegistrantData, Bool) in
      guard webinar.registrationEnabled else {
        throw ZoomAPIError(
          .badRequest, code: 3000,
          "This webinar does not have registration as required: \(webinar.id).")
      }
      guard Self.isUpcoming(webinar, now: now) else {
        throw ZoomAPIError(
          .badRequest, code: 3038,
          "Webinar is over, you cannot register now. If you have any questions, contact the webinar host."
        )
      }
      let email = input.email ?? ""
      guard email.lowercased() != webinar.hostEmail.lowercased() else {
        throw ZoomAPIError(.badRequest, code: 3027, "Host cannot register.")
      }
      let missing = webinar.questions.filter { $0.required && input.answer($0.fieldName) == nil }
        .map(\.fieldName)
      let customAnswers = input.customAnswers
      let missingCustom = webinar.customQuestions.contains {
        $0.required && customAnswers[$0.title] == nil
      }
      guard missing.isEmpty, !missingCustom else {
        throw ZoomAPIError.validationFailed(missing + (missingCustom ? ["custom_questions"] : []))
      }
      if let existing = webinar.registrants.first(where: {
        $0.email.lowercased() == email.lowercased()
      }) {
        return (webinar, existing, false)
      }
      let registrant = ZoomRegistrantData(
        id: ZoomIdentifiers.registrantID(using: &generator),
        email: email,
        firstName: input.firstName ?? "",
        lastName: input.lastName ?? "",
        status: webinar.approvalType == 1 ? "pending" : "approved",
        createTime: now,
        customAnswers: customAnswers,
        fieldAnswers: input.fieldAnswers
      )
      webinar.registrants.append(registrant)
      return (webinar, registrant, true)
    }
    guard let outcome else { throw ZoomAPIError.webinarNotFound(String(webinarID)) }
    return (outcome.0, outcome.1, outcome.2)
  }

  /// `PUT /webinars/{webinarId}/registrants/status` — approve, deny or cancel up to 30 registrants.
  func updateRegistrantStatus(_ call: ZoomCall) async throws -> Response {
    let webinar = try requireWebinar(call)
    guard
      let input = try? zoomJSONDecoder.decode(
        ZoomStatusInput.self, from: Data(call.body.readableBytesView))
    else {
      throw ZoomAPIError(.badRequest, code: 300, "Request Body should be a valid JSON object.")
    }
    guard let action = input.action, ["approve", "deny", "cancel"].contains(action) else {
      throw ZoomAPIError.validationFailed(["action"])
    }
    let targets = input.registrants ?? []
    guard targets.count <= 30 else { throw ZoomAPIError.validationFailed(["registrants"]) }
    guard webinar.registrationEnabled else {
      throw ZoomAPIError(
        .badRequest, code: 300, "Registration has not been enabled for this meeting: \(webinar.id)."
      )
    }
    let changed = applyStatus(
      action, to: targets.map { ($0.id, $0.email) }, webinarID: webinar.id,
      accountID: call.accountID)
    let event =
      [
        "approve": "webinar.registration_approved", "deny": "webinar.registration_denied",
        "cancel": "webinar.registration_cancelled",
      ][action] ?? "webinar.registration_approved"
    let operatorEmail = store.account(call.accountID)?.users.first?.email
    for registrant in changed {
      webhooks.enqueue(
        ZoomWebhookEvents.registration(
          event, webinar: webinar, registrant: registrant,
          accountID: call.accountID, operator: operatorEmail ?? "", now: call.now),
        accountID: call.accountID)
    }
    return Response(status: .noContent)
  }

  /// Changes the status of the matching registrants; returns those that changed.
  func applyStatus(
    _ action: String, to targets: [(id: String?, email: String?)], webinarID: Int64,
    accountID: String
  )
    -> [ZoomRegistrantData]
  {
    store.updateWebinar(accountID: accountID, id: webinarID) { webinar, _ in
      var changed: [ZoomRegistrantData] = []
      for index in webinar.registrants.indices {
        let registrant = webinar.registrants[index]
        let matches = targets.contains { target in
          target.id == registrant.id || target.email?.lowercased() == registrant.email.lowercased()
        }
        guard matches else { continue }
        switch (action, registrant.status) {
        case ("approve", "pending"), ("approve", "denied"):
          webinar.registrants[index].status = "approved"
          webinar.registrants[index].cancelled = false
        case ("deny", "pending"), ("deny", "approved"):
          webinar.registrants[index].status = "denied"
        case ("cancel", "approved"), ("cancel", "pending"):
          webinar.registrants[index].status = "denied"
          webinar.registrants[index].cancelled = true
        default:
          continue
        }
        changed.append(webinar.registrants[index])
      }
      return changed
    } ?? []
  }

  /// `GET /webinars/{webinarId}/registrants/questions`.
  func registrationQuestions(_ call: ZoomCall) async throws -> Response {
    let webinar = try requireWebinar(call)
    guard webinar.registrationEnabled else {
      throw ZoomAPIError(
        .badRequest, code: 3000,
        "Registration has not been enabled for this webinar: \(webinar.id).")
    }
    let body = ZoomQuestionsDTO(
      questions: webinar.questions.map { .init(fieldName: $0.fieldName, required: $0.required) },
      customQuestions: webinar.customQuestions.map {
        .init(title: $0.title, type: $0.type, required: $0.required, answers: $0.answers)
      }
    )
    return zoomJSONResponse(body)
  }
}
