import AsyncHTTPClient
import ConnectorKit
import Foundation
import NIOCore
import NIOHTTP1

/// A raw HTTP answer: status, headers and the whole body.
struct ZoomHTTPResponse: Sendable {
    /// HTTP status code.
    var status: Int
    /// Response headers (names compared case-insensitively).
    var headers: HTTPHeaders
    /// The body bytes.
    var body: Data

    /// The first value of a header.
    func header(_ name: String) -> String? { headers.first(name: name) }

    /// Whether the status is 2xx.
    var isSuccess: Bool { (200..<300).contains(status) }
}

/// The one place the connector puts bytes on the wire, on the host's `HTTPClient`.
struct ZoomTransport: Sendable {
    let httpClient: HTTPClient
    let timeout: Duration
    /// The largest body read (API answers are small; transcripts are text files).
    var maxBodyBytes = 32 << 20

    static let userAgent = "Switchyard-ZoomConnector/\(ZoomConnector.descriptor.version)"

    /// Sends one request and reads the whole answer. Throws only transport failures
    /// (connection refused, timeout, cancellation); any HTTP status is returned.
    func send(
        method: HTTPMethod,
        url: String,
        headers: [(String, String)],
        body: Data? = nil
    ) async throws -> ZoomHTTPResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers {
            request.headers.replaceOrAdd(name: name, value: value)
        }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await httpClient.execute(request, timeout: Self.timeAmount(timeout))
        let buffer = try await response.body.collect(upTo: maxBodyBytes)
        return ZoomHTTPResponse(
            status: Int(response.status.code), headers: response.headers,
            body: Data(buffer.readableBytesView))
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Whether a transport failure may succeed when tried again (timeouts, refused or
    /// dropped connections), as opposed to cancellation or a malformed request.
    static func isRetryable(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        if let clientError = error as? HTTPClientError {
            let permanent: [HTTPClientError] = [
                .cancelled, .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown,
            ]
            return !permanent.contains(clientError)
        }
        if error is NIOTooManyBytesError { return false }
        return true
    }
}
