import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import Synchronization

/// One attempt (or decision) of the simulator to push a webhook, as the inspection routes show it.
public struct ZoomWebhookDelivery: Sendable, Codable, Equatable {
  /// Position in the delivery log, starting at 1.
  public var sequence: Int
  /// Zoom account whose event it is.
  public var accountID: String
  /// Destination URL.
  public var url: String
  /// Event name (`endpoint.url_validation` for the challenge).
  public var event: String
  /// 1 for the first try, 2…4 for Zoom's three retries (0 for the validation challenge).
  public var attempt: Int
  /// `delivered`, `failed`, `dropped` (fault plan), `validated` or `validation_failed`.
  public var outcome: String
  /// HTTP status the receiver answered, if it answered.
  public var status: Int?
  /// What went wrong, if anything.
  public var error: String?
  /// The body that was (or would have been) sent.
  public var body: String
}

/// Pushes webhook events to each account's URL the way Zoom does: `x-zm-signature` and
/// `x-zm-request-timestamp` headers, the `endpoint.url_validation` challenge before the first
/// push to a URL, 3 retries of a failed delivery (scaled-down delays), and drops when the
/// fault plan says so.
final class ZoomWebhookDispatcher: Sendable {
  private struct State: Sendable {
    var log: [ZoomWebhookDelivery] = []
    var validations: [String: Task<Bool, Never>] = [:]
    var inFlight = 0
  }

  private let store: ZoomStore
  private let configuration: ZoomSimulatorConfiguration
  private let faults: FaultInjector
  private let httpClient: HTTPClient
  private let state = Mutex(State())

  init(
    store: ZoomStore, configuration: ZoomSimulatorConfiguration, faults: FaultInjector,
    httpClient: HTTPClient
  ) {
    self.store = store
    self.configuration = configuration
    self.faults = faults
    self.httpClient = httpClient
  }

  /// Every delivery attempt so far.
  var log: [ZoomWebhookDelivery] {
    state.withLock { $0.log }
  }

  /// Pushes an event in the background (the way Zoom pushes after answering an API call).
  func enqueue(_ event: ZoomWebhookEvent, accountID: String) {
    state.withLock { $0.inFlight += 1 }
    Task {
      await self.deliverFirstAttempt(event, accountID: accountID)
      self.finishOne()
    }
  }

  /// Pushes an event and returns after its first attempt; retries continue in the background.
  func deliver(_ event: ZoomWebhookEvent, accountID: String) async {
    state.withLock { $0.inFlight += 1 }
    await deliverFirstAttempt(event, accountID: accountID)
    finishOne()
  }

  /// Waits until no delivery or retry is pending.
  func settle() async {
    while state.withLock({ $0.inFlight }) > 0 {
      try? await Task.sleep(for: .milliseconds(5))
    }
  }

  private func finishOne() {
    state.withLock { $0.inFlight -= 1 }
  }

  private func deliverFirstAttempt(_ event: ZoomWebhookEvent, accountID: String) async {
    guard let credentials = store.account(accountID)?.credentials, let url = credentials.webhookURL
    else { return }
    if faults.shouldDropWebhook() {
      record(
        accountID, url, event.name, attempt: 1, "dropped", nil, "dropped by the fault plan",
        event.body)
      return
    }
    guard await validate(url: url, credentials: credentials) else {
      record(
        accountID, url, event.name, attempt: 1, "failed", nil, "endpoint URL validation failed",
        event.body)
      return
    }
    if await attempt(event, url: url, credentials: credentials, number: 1) { return }
    state.withLock { $0.inFlight += 1 }
    Task {
      for (index, delay) in configuration.webhookRetryDelays.enumerated() {
        try? await Task.sleep(for: delay)
        if await attempt(event, url: url, credentials: credentials, number: index + 2) { break }
      }
      self.finishOne()
    }
  }

  /// Runs the URL validation challenge once per URL (again after a failure).
  private func validate(url: String, credentials: ZoomAccountCredentials) async -> Bool {
    let task: Task<Bool, Never> = state.withLock { state in
      if let existing = state.validations[url] { return existing }
      let task = Task { await self.runValidation(url: url, credentials: credentials) }
      state.validations[url] = task
      return task
    }
    let valid = await task.value
    if !valid {
      state.withLock { state in
        if state.validations[url] == task { state.validations[url] = nil }
      }
    }
    return valid
  }

  private func runValidation(url: String, credentials: ZoomAccountCredentials) async -> Bool {
    var generator = SystemRandomNumberGenerator()
    let plainToken = Data(ZoomIdentifiers.randomBytes(16, using: &generator)).base64EncodedString()
      .replacingOccurrences(of: "=", with: "")
    let challenge = ZoomWebhookEvents.urlValidation(
      plainToken: plainToken, now: configuration.now())
    let expected = Self.hmacHex(secret: credentials.webhookSecretToken, message: plainToken)
    let answer = await post(challenge.body, to: url, credentials: credentials)
    var outcome = "validation_failed"
    var problem: String? = answer.error
    if answer.status == 200, let data = answer.body,
      let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    {
      if json["plainToken"] as? String == plainToken, json["encryptedToken"] as? String == expected
      {
        outcome = "validated"
        problem = nil
      } else {
        problem = "response did not carry the expected plainToken and encryptedToken"
      }
    } else if problem == nil {
      problem =
        "receiver answered \(answer.status.map(String.init) ?? "nothing") instead of 200 with JSON"
    }
    let body = String(decoding: challenge.body, as: UTF8.self)
    record(
      credentials.accountID, url, "endpoint.url_validation", attempt: 0, outcome, answer.status,
      problem, body)
    return outcome == "validated"
  }

  private func attempt(
    _ event: ZoomWebhookEvent, url: String, credentials: ZoomAccountCredentials, number: Int
  ) async
    -> Bool
  {
    let answer = await post(event.body, to: url, credentials: credentials)
    let delivered = answer.status == 200 || answer.status == 204
    let problem =
      delivered
      ? nil : (answer.error ?? "receiver answered \(answer.status.map(String.init) ?? "-")")
    record(
      credentials.accountID, url, event.name, attempt: number, delivered ? "delivered" : "failed",
      answer.status,
      problem, event.body)
    return delivered
  }

  private func post(_ body: Data, to url: String, credentials: ZoomAccountCredentials) async
    -> (status: Int?, body: Data?, error: String?)
  {
    let timestamp = String(Int64(configuration.now().timeIntervalSince1970))
    let message = "v0:\(timestamp):\(String(decoding: body, as: UTF8.self))"
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "content-type", value: "application/json; charset=utf-8")
    request.headers.add(name: "user-agent", value: "Zoom Marketplace/1.0a")
    request.headers.add(name: "x-zm-request-timestamp", value: timestamp)
    request.headers.add(
      name: "x-zm-signature",
      value: "v0=" + Self.hmacHex(secret: credentials.webhookSecretToken, message: message))
    request.headers.add(name: "clientid", value: credentials.clientID)
    request.headers.add(name: "x-zm-trackingid", value: "v=2.0&s=\(timestamp)&c=sandbox")
    request.body = .bytes(ByteBuffer(bytes: body))
    do {
      let response = try await httpClient.execute(
        request, timeout: .nanoseconds(nanoseconds(configuration.webhookTimeout)))
      let received = try await response.body.collect(upTo: 1 << 20)
      return (Int(response.status.code), Data(received.readableBytesView), nil)
    } catch {
      return (nil, nil, "delivery failed: \(error)")
    }
  }

  private func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }

  private func record(
    _ accountID: String, _ url: String, _ event: String, attempt: Int, _ outcome: String,
    _ status: Int?,
    _ error: String?, _ body: Data
  ) {
    record(
      accountID, url, event, attempt: attempt, outcome, status, error,
      String(decoding: body, as: UTF8.self))
  }

  private func record(
    _ accountID: String, _ url: String, _ event: String, attempt: Int, _ outcome: String,
    _ status: Int?,
    _ error: String?, _ body: String
  ) {
    state.withLock { state in
      state.log.append(
        ZoomWebhookDelivery(
          sequence: state.log.count + 1, accountID: accountID, url: url, event: event,
          attempt: attempt,
          outcome: outcome, status: status, error: error, body: body))
    }
  }

  /// Lower-case hex HMAC-SHA256 of `message` keyed with `secret`, as Zoom signs.
  static func hmacHex(secret: String, message: String) -> String {
    let key = SymmetricKey(data: Data(secret.utf8))
    let code = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)
    return code.map { String(format: "%02x", $0) }.joined()
  }
}
