import HTTPTypes
import Hummingbird

/// The console's responses, each with headers that keep pages out of caches and frames and
/// forbid scripts: the console works without JavaScript, so no script may run at all.
enum ConsoleResponses {
    /// Content security policy: styles from the console only, no scripts, no framing, forms post
    /// to the console only.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")
    /// For browsers that predate `frame-ancestors`: never shown in a frame (clickjacking).
    static let frameOptions = HTTPField.Name("X-Frame-Options")

    static func securityHeaders(contentType: String) -> HTTPFields {
        var headers: HTTPFields = [
            .contentType: contentType,
            .cacheControl: "no-store",
            .contentSecurityPolicy: contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
        ]
        if let referrerPolicy { headers[referrerPolicy] = "same-origin" }
        if let frameOptions { headers[frameOptions] = "DENY" }
        return headers
    }

    /// An HTML page.
    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: securityHeaders(contentType: "text/html; charset=utf-8"),
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `303 See Other` to a console path (after a form post, or to the sign-in page).
    static func redirect(to location: String) -> Response {
        var headers = securityHeaders(contentType: "text/plain; charset=utf-8")
        headers[.location] = location
        return Response(status: .seeOther, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "See \(location)\n")))
    }

    /// The stylesheet.
    static func stylesheet() -> Response {
        var headers = securityHeaders(contentType: "text/css; charset=utf-8")
        headers[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ConsoleStylesheet.css)))
    }
}
