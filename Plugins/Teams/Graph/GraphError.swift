import ConnectorKit
import Foundation

/// Graph's error body: `{"error": {"code": …, "message": …, "innerError": {…}}}`.
struct GraphErrorBody: Decodable {
    struct Detail: Decodable {
        var code: String?
        var message: String?
    }

    var error: Detail?

    static func parse(_ data: Data) -> Detail? {
        (try? JSONDecoder().decode(GraphErrorBody.self, from: data))?.error
    }
}

extension ConnectorError {
    /// The error for a Graph answer that is not a success, saying what could not be done.
    static func graph(status: Int, body: Data, operation: String) -> ConnectorError {
        let detail = GraphErrorBody.parse(body)
        let said = [detail?.code, detail?.message].compactMap { $0 }.joined(separator: ": ")
        let because = said.isEmpty ? "HTTP \(status)" : "HTTP \(status), \(said)"
        let kind: Kind
        let advice: String
        switch status {
        case 400, 422:
            (kind, advice) = (.invalidInput, "")
        case 401, 403:
            (kind, advice) = (
                .unauthorized,
                " Check that the app registration has the application permissions the README lists, with admin consent."
            )
        case 404:
            (kind, advice) = (.notFound, "")
        case 409:
            (kind, advice) = (.rejected, "")
        case 429:
            (kind, advice) = (.rateLimited, " Try again later.")
        default:
            (kind, advice) = (.unavailable, " Try again later.")
        }
        return ConnectorError(kind, "Could not \(operation): Microsoft Graph answered \(because).\(advice)", httpStatus: status)
    }
}
