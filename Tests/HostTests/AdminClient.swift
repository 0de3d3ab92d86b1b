import AsyncHTTPClient
import Foundation
import Host
import NIOCore

/// A tiny client of the admin API for tests: requests with an optional bearer token, and
/// answers decoded the way the host encodes them (ISO-8601 dates).
struct AdminClient {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(type, from: body)
        }

        /// The admin API's error body.
        var error: AdminErrorBody.Detail? { (try? decode(AdminErrorBody.self))?.error }
    }

    let http: HTTPClient
    let baseURL: String
    var token: String?

    func get(_ path: String, token: String? = nil) async throws -> Answer {
        try await send("GET", path, token: token)
    }

    func post(_ path: String, token: String? = nil) async throws -> Answer {
        try await send("POST", path, token: token)
    }

    func send(_ method: String, _ path: String, token: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        if let bearer = token ?? self.token { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        let response = try await http.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        let headers = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        return Answer(status: Int(response.status.code), headers: headers, body: Data(buffer: body))
    }
}
