import Foundation
import Hummingbird

/// The body of `POST /webinars/{webinarId}/registrants`, validated as the spec types it.
struct ZoomRegistrantInput: Decodable, Sendable {
  struct Answer: Decodable, Sendable {
    var title: String?
    var value: String?
  }

  var email: String?
  var firstName: String?
  var lastName: String?
  var address: String?
  var city: String?
  var state: String?
  var zip: String?
  var country: String?
  var phone: String?
  var comments: String?
  var industry: String?
  var jobTitle: String?
  var noOfEmployees: String?
  var org: String?
  var purchasingTimeFrame: String?
  var roleInPurchaseProcess: String?
  var language: String?
  var sourceId: String?
  var customQuestions: [Answer]?

  static let noOfEmployeesValues = [
    "", "1-20", "21-50", "51-100", "101-500", "500-1,000", "1,001-5,000", "5,001-10,000",
    "More than 10,000",
  ]
  static let purchasingTimeFrameValues = [
    "", "Within a month", "1-3 months", "4-6 months", "More than 6 months", "No timeframe",
  ]
  static let roleValues = [
    "", "Decision Maker", "Evaluator/Recommender", "Influencer", "Not involved",
  ]
  static let languageValues = [
    "en-US", "de-DE", "es-ES", "fr-FR", "jp-JP", "pt-PT", "ru-RU", "zh-CN", "zh-TW", "ko-KO",
    "it-IT", "vi-VN",
    "pl-PL", "Tr-TR",
  ]

  /// Decodes and validates a request body; Zoom's 300 errors otherwise.
  static func parse(_ body: ByteBuffer) throws(ZoomAPIError) -> ZoomRegistrantInput {
    let data = Data(body.readableBytesView)
    guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
      throw ZoomAPIError(.badRequest, code: 300, "Request Body should be a valid JSON object.")
    }
    let input: ZoomRegistrantInput
    do {
      input = try zoomJSONDecoder.decode(ZoomRegistrantInput.self, from: data)
    } catch let DecodingError.typeMismatch(_, context) {
      throw .validationFailed([fieldName(context.codingPath)])
    } catch let DecodingError.valueNotFound(_, context) {
      throw .validationFailed([fieldName(context.codingPath)])
    } catch {
      throw .validationFailed(["body"])
    }
    var invalid: [String] = []
    if !(input.email.map(isValidEmail) ?? false) { invalid.append("email") }
    if (input.firstName ?? "").isEmpty || (input.firstName ?? "").count > 64 {
      invalid.append("first_name")
    }
    if (input.lastName ?? "").count > 64 { invalid.append("last_name") }
    if let value = input.noOfEmployees, !noOfEmployeesValues.contains(value) {
      invalid.append("no_of_employees")
    }
    if let value = input.purchasingTimeFrame, !purchasingTimeFrameValues.contains(value) {
      invalid.append("purchasing_time_frame")
    }
    if let value = input.roleInPurchaseProcess, !roleValues.contains(value) {
      invalid.append("role_in_purchase_process")
    }
    if let value = input.language, !languageValues.contains(value) { invalid.append("language") }
    guard invalid.isEmpty else { throw .validationFailed(invalid) }
    return input
  }

  /// The answer to a standard question, by Zoom field name.
  func answer(_ fieldName: String) -> String? {
    let value: String? =
      switch fieldName {
      case "last_name": lastName
      case "address": address
      case "city": city
      case "country": country
      case "zip": zip
      case "state": state
      case "phone": phone
      case "industry": industry
      case "org": org
      case "job_title": jobTitle
      case "purchasing_time_frame": purchasingTimeFrame
      case "role_in_purchase_process": roleInPurchaseProcess
      case "no_of_employees": noOfEmployees
      case "comments": comments
      default: nil
      }
    return value.flatMap { $0.isEmpty ? nil : $0 }
  }

  /// Answers to standard questions other than name and email.
  var fieldAnswers: [String: String] {
    var answers: [String: String] = [:]
    for field in [
      "address", "city", "country", "zip", "state", "phone", "industry", "org", "job_title",
      "purchasing_time_frame", "role_in_purchase_process", "no_of_employees", "comments",
    ] {
      if let value = answer(field) { answers[field] = value }
    }
    return answers
  }

  /// Answers to custom questions by title.
  var customAnswers: [String: String] {
    var answers: [String: String] = [:]
    for answer in customQuestions ?? [] {
      if let title = answer.title, let value = answer.value, !value.isEmpty {
        answers[title] = value
      }
    }
    return answers
  }

  private static func fieldName(_ path: [any CodingKey]) -> String {
    guard let first = path.first else { return "body" }
    return first.stringValue.reduce(into: "") { result, character in
      if character.isUppercase {
        result += "_" + character.lowercased()
      } else {
        result.append(character)
      }
    }
  }

  /// Zoom's email check: one `@`, a non-empty local part, a dotted domain, no spaces.
  static func isValidEmail(_ email: String) -> Bool {
    let parts = email.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !email.contains(" ") else { return false }
    let domain = parts[1]
    return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
  }
}
