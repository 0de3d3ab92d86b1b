import Foundation
import Hummingbird
import SwitchyardJSON

/// One authenticated, throttled request to a Graph operation.
struct GraphCall: Sendable {
    let request: Request
    let parameters: Parameters
    let body: ByteBuffer
    /// The tenant whose token authorized the call; only its data is visible.
    let tenantID: String
    let now: Date
    /// Scheme and authority the client called, e.g. `http://127.0.0.1:8090`.
    let origin: String

    /// A path parameter, percent-decoded.
    func path(_ name: String) -> String {
        let raw = parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    /// A query parameter, also found when the client percent-encoded its `$` (`%24top`).
    func query(_ name: String) -> String? {
        let parameters = request.uri.queryParameters
        if let value = parameters[Substring(name)] { return String(value) }
        if name.hasPrefix("$"), let value = parameters[Substring("%24" + name.dropFirst())] { return String(value) }
        return nil
    }

    /// `@odata.context` of a response: `{origin}/v1.0/$metadata#{fragment}`.
    func context(_ fragment: String) -> JSONValue {
        .string("\(origin)/v1.0/$metadata#\(fragment)")
    }

    /// The JSON body, or a 400 when it is not a JSON object.
    func jsonBody() throws(GraphError) -> [String: JSONValue] {
        guard let value = try? JSONValue.parse(Data(body.readableBytesView)), case .object(let members) = value else {
            throw .badRequest("Empty Payload. JSON content expected.")
        }
        return members
    }
}

/// Server-driven paging as Graph does it: `$top` sets the page size, a partial page carries
/// `@odata.nextLink` with an opaque `$skiptoken`, and the last page has none.
enum GraphPaging {
    /// A collection response: `@odata.context`, `value` (one page) and `@odata.nextLink` when more remain.
    static func page(
        _ items: [JSONValue], call: GraphCall, contextFragment: String, defaultSize: Int, maxSize: Int
    ) throws(GraphError) -> Response {
        var size = defaultSize
        if let top = call.query("$top") {
            guard let value = Int(top), value >= 1 else {
                throw .badRequest("Invalid value '\(top)' for query option '$top'. It must be a positive integer.")
            }
            size = min(value, maxSize)
        }
        var offset = 0
        if let token = call.query("$skiptoken") {
            guard let decoded = decodeSkipToken(token), decoded <= items.count else {
                throw .badRequest("The '$skiptoken' query option has an invalid value: \(token).")
            }
            offset = decoded
        }
        let end = min(offset + size, items.count)
        var body: [String: JSONValue] = [
            "@odata.context": call.context(contextFragment),
            "value": .array(Array(items[offset..<end])),
        ]
        if end < items.count {
            body["@odata.nextLink"] = .string(nextLink(call: call, top: size, offset: end))
        }
        return GraphResponses.json(.object(body))
    }

    /// The URL of the next page: the same path and query, with `$top` and a new `$skiptoken`.
    static func nextLink(call: GraphCall, top: Int, offset: Int) -> String {
        let kept = (call.request.uri.query ?? "").split(separator: "&").filter { pair in
            let key = (pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? "").removingPercentEncoding ?? ""
            return key != "$top" && key != "$skiptoken"
        }
        let query = kept + ["$top=\(top)", "$skiptoken=\(skipToken(offset))"]
        return "\(call.origin)\(call.request.uri.path)?\(query.joined(separator: "&"))"
    }

    /// An opaque token for an offset.
    static func skipToken(_ offset: Int) -> String {
        GraphIdentifiers.base64URL(Data("sandbox-offset:\(offset)".utf8))
    }

    /// The offset of a token made by ``skipToken(_:)``; nil for anything else.
    static func decodeSkipToken(_ token: String) -> Int? {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("sandbox-offset:")
        else { return nil }
        return Int(text.dropFirst("sandbox-offset:".count)).flatMap { $0 >= 0 ? $0 : nil }
    }
}
