import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Sandbox
import Synchronization
import Testing

/// 2026-03-02T00:00:00Z, the "now" of every Zoom test.
let zoomTestReferenceDate = Date(timeIntervalSince1970: 1_772_409_600)

/// A clock tests move by hand.
final class ManualClock: Sendable {
  private let current: Mutex<Date>

  init(_ start: Date = zoomTestReferenceDate) {
    current = Mutex(start)
  }

  var now: Date { current.withLock { $0 } }

  func advance(seconds: TimeInterval) {
    current.withLock { $0 = $0.addingTimeInterval(seconds) }
  }
}

/// The default scenario at the test reference date (small sizes).
func zoomTestScenario(seed: UInt64 = 7, sizes: ScenarioSizes = ScenarioSizes()) -> SandboxScenario {
  ScenarioGenerator.generate(
    ScenarioInput(tenants: ScenarioInput.default.tenants, sizes: sizes), seed: seed,
    referenceDate: zoomTestReferenceDate)
}

/// A decoded HTTP answer.
struct HTTPAnswer {
  var status: Int
  var headers: [String: String]
  var body: Data

  var json: [String: Any] {
    (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
  }

  var text: String { String(decoding: body, as: UTF8.self) }
}

/// A running simulator and helpers to call it over loopback HTTP with AsyncHTTPClient.
struct ZoomSandboxClient {
  let port: Int
  let simulator: ZoomSimulator

  var base: String { "http://127.0.0.1:\(port)" }

  func send(
    _ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: Data? = nil
  ) async throws -> HTTPAnswer {
    var request = HTTPClientRequest(url: base + path)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    let collected = try await response.body.collect(upTo: 1 << 22)
    var fields: [String: String] = [:]
    for header in response.headers { fields[header.name.lowercased()] = header.value }
    return HTTPAnswer(
      status: Int(response.status.code), headers: fields, body: Data(collected.readableBytesView))
  }

  /// Requests a token with HTTP Basic credentials (parameters in the query string).
  func token(for account: ZoomAccountCredentials, secret: String? = nil) async throws -> HTTPAnswer
  {
    let basic = Data("\(account.clientID):\(secret ?? account.clientSecret)".utf8)
      .base64EncodedString()
    return try await send(
      .POST, "/oauth/token?grant_type=account_credentials&account_id=\(account.accountID)",
      headers: [("Authorization", "Basic \(basic)")])
  }

  /// A valid bearer token of an account.
  func bearer(for account: ZoomAccountCredentials) async throws -> String {
    let answer = try await token(for: account)
    return try #require(answer.json["access_token"] as? String)
  }

  /// GET with a bearer token.
  func get(_ path: String, token: String) async throws -> HTTPAnswer {
    try await send(.GET, path, headers: [("Authorization", "Bearer \(token)")])
  }

  /// Sends JSON with a bearer token.
  func sendJSON(_ method: HTTPMethod, _ path: String, token: String, _ object: [String: Any])
    async throws -> HTTPAnswer
  {
    let body = try JSONSerialization.data(withJSONObject: object)
    return try await send(
      method, path,
      headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
      body: body)
  }
}

/// Runs `body` against a simulator served on an ephemeral loopback port.
func withZoomSandbox<Value: Sendable>(
  accounts: [ZoomAccountData],
  configuration: ZoomSimulatorConfiguration,
  _ body: @Sendable (ZoomSandboxClient) async throws -> Value
) async throws -> Value {
  let simulator = ZoomSimulator(accounts: accounts, configuration: configuration)
  let app = simulator.makeApplication(port: 0)
  return try await app.test(.live) { client in
    let port = try #require(client.port)
    return try await body(ZoomSandboxClient(port: port, simulator: simulator))
  }
}

/// Percent-encodes every character outside the unreserved set (as `quote(value, safe="")`).
func percentEncoded(_ value: String) -> String {
  var allowed = CharacterSet.alphanumerics
  allowed.insert(charactersIn: "-._~")
  return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
}
