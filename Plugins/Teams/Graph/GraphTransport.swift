import AsyncHTTPClient
import ConnectorKit
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP answer from Graph or the identity platform.
public struct GraphHTTPResponse: Sendable {
    /// Status code.
    public var status: Int
    /// Headers (names as sent).
    public var headers: [(String, String)]
    /// Body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A header by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    var isSuccess: Bool { (200..<300).contains(status) }
}

/// A request to Graph or the identity platform.
public struct GraphHTTPRequest: Sendable {
    /// GET, POST, PATCH, DELETE.
    public var method: String
    /// Absolute URL.
    public var url: String
    /// Headers.
    public var headers: [(String, String)]
    /// Body.
    public var body: Data?
}

/// Sends requests; production uses AsyncHTTPClient, unit tests a canned answerer.
public protocol GraphHTTP: Sendable {
    /// Sends one request; throws when no answer arrived.
    func send(_ request: GraphHTTPRequest) async throws -> GraphHTTPResponse
}

/// ``GraphHTTP`` over AsyncHTTPClient.
struct AsyncGraphHTTP: GraphHTTP {
    let httpClient: HTTPClient
    let timeout: TimeAmount
    var maxBodyBytes = 32 << 20

    static let userAgent = "Switchyard-TeamsConnector/\(TeamsConnector.descriptor.version)"

    func send(_ request: GraphHTTPRequest) async throws -> GraphHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers.add(name: "User-Agent", value: Self.userAgent)
        for (name, value) in request.headers { outgoing.headers.replaceOrAdd(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await httpClient.execute(outgoing, timeout: timeout)
        let buffer = try await response.body.collect(upTo: maxBodyBytes)
        return GraphHTTPResponse(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: Data(buffer.readableBytesView))
    }
}
