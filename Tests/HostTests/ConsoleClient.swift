import AsyncHTTPClient
import Foundation
import NIOCore

/// A tiny browser for console tests: no redirects followed (so tests see each 303 and its
/// cookie), keeps the session cookie, reads the CSRF token of the last page, posts forms.
final class ConsoleClient: @unchecked Sendable {
    struct Page {
        var status: Int
        var headers: [String: [String]]
        var html: String

        func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
        /// The `value` of the page's hidden `csrf` field.
        var csrfToken: String? {
            html.firstMatch(of: /name="csrf" value="([^"]+)"/).map { String($0.1) }
        }
        /// The `Location` of a redirect.
        var location: String? { header("location") }
    }

    let http: HTTPClient
    let baseURL: String
    private(set) var cookie: String?

    init(baseURL: String) {
        self.baseURL = baseURL
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
    }

    func shutdown() async throws { try await http.shutdown() }

    /// Runs `body` with a new client and shuts it down afterwards.
    static func with(baseURL: String, _ body: (ConsoleClient) async throws -> Void) async throws {
        let client = ConsoleClient(baseURL: baseURL)
        do {
            try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    func get(_ path: String) async throws -> Page { try await send("GET", path) }

    /// Posts a form (`application/x-www-form-urlencoded`), with extra headers (e.g. `Origin`).
    func post(_ path: String, form: [String: String], headers: [String: String] = [:]) async throws -> Page {
        let body = form.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
        }.joined(separator: "&")
        return try await send("POST", path, body: body, headers: headers)
    }

    /// Signs in with a token; returns the answer of the sign-in post.
    @discardableResult
    func signIn(_ token: String, next: String = "/console") async throws -> Page {
        try await post("/console/sign-in", form: ["token": token, "next": next])
    }

    func forgetCookie() { cookie = nil }

    /// Runs `body` with this cookie set (e.g. to replay an old session cookie).
    func withCookie(_ value: String, _ body: () async throws -> Void) async throws {
        cookie = value
        try await body()
    }

    private func send(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) async throws -> Page {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await http.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 8 << 20))
        var fields: [String: [String]] = [:]
        for field in response.headers { fields[field.name.lowercased(), default: []].append(field.value) }
        for setCookie in fields["set-cookie"] ?? [] {
            let pair = setCookie.split(separator: ";").first.map(String.init) ?? ""
            cookie = pair.hasSuffix("=") ? nil : pair
        }
        return Page(status: Int(response.status.code), headers: fields, html: text)
    }
}
