import SwitchyardJSON
import Foundation
import Hummingbird

extension Request {
    /// Reads the JSON body and checks it against the operation's schema, failing with
    /// HubSpot's 400 `VALIDATION_ERROR` for an empty, malformed or non-conforming body.
    func hubSpotJSON(context: some RequestContext, schema: FieldSchema) async throws -> JSONValue {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw HubSpotAPIError.validation("Invalid input JSON: No content to map due to end-of-input")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(Data(buffer.readableBytesView))
        } catch {
            throw HubSpotAPIError.validation("Invalid input JSON: the body is not well-formed JSON")
        }
        let violations = schema.violations(of: value)
        guard violations.isEmpty else { throw HubSpotAPIError.schema(violations) }
        return value
    }

    /// The `after`/`limit` paging of a list endpoint (at most 100 per page).
    func pageWindow(defaultLimit: Int) throws -> PageWindow {
        try PageWindow(
            after: query("after"), limit: queryInt("limit"), defaultLimit: defaultLimit, maxLimit: 100)
    }

    /// A single query parameter.
    func query(_ name: String) -> String? {
        uri.queryParameters[name[...]].map(String.init)
    }

    /// A list query parameter, repeated (`properties=a&properties=b`) or comma-separated.
    func queryList(_ name: String) -> [String] {
        uri.queryParameters[values: name[...]].flatMap { $0.split(separator: ",").map(String.init) }
            .filter { !$0.isEmpty }
    }

    /// A boolean query parameter; 400 for anything but `true`/`false`.
    func queryBool(_ name: String, default defaultValue: Bool = false) throws -> Bool {
        guard let text = query(name) else { return defaultValue }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            throw HubSpotAPIError.validation(
                "Unable to process request: \(name) must be a boolean, got '\(text)'",
                errors: [HubSpotErrorDetail(message: "must be a boolean", in: name, code: "INVALID_TYPE")])
        }
    }

    /// An integer query parameter; 400 when it is not an integer.
    func queryInt(_ name: String) throws -> Int? {
        guard let text = query(name) else { return nil }
        guard let value = Int(text) else {
            throw HubSpotAPIError.validation(
                "Unable to process request: \(name) must be an integer, got '\(text)'",
                errors: [HubSpotErrorDetail(message: "must be an integer", in: name, code: "INVALID_TYPE")])
        }
        return value
    }
}

extension Parameters {
    /// A path parameter the route guarantees.
    func hubSpotPath(_ name: String) throws -> String {
        guard let value = get(name) else { throw HubSpotAPIError.notFound() }
        return value.removingPercentEncoding ?? value
    }

    /// A numeric path parameter (app ids); 400 when not numeric.
    func hubSpotInt(_ name: String) throws -> Int {
        let text = try hubSpotPath(name)
        guard let value = Int(text) else {
            throw HubSpotAPIError.validation(
                "Unable to process request: \(name) must be an integer, got '\(text)'")
        }
        return value
    }
}

/// Paging by `after` cursors (HubSpot's cursors are opaque; the simulator uses offsets).
struct PageWindow {
    let offset: Int
    let limit: Int

    init(after: String?, limit: Int?, defaultLimit: Int, maxLimit: Int) throws {
        offset = after.flatMap { Int($0) } ?? 0
        if let after, !after.isEmpty, Int(after) == nil {
            throw HubSpotAPIError.validation(
                "Unable to process request: invalid paging cursor after='\(after)'")
        }
        self.limit = min(max(limit ?? defaultLimit, 1), maxLimit)
    }

    /// The items of this page and the `paging` member (absent on the last page).
    func page<T>(_ items: [T]) -> (items: [T], paging: JSONValue?) {
        let start = min(offset, items.count)
        let end = min(start + limit, items.count)
        let paging: JSONValue? = end < items.count ? ["next": ["after": .string(String(end))]] : nil
        return (Array(items[start..<end]), paging)
    }
}

/// Builds a JSON object, leaving out members whose value is nil.
func jsonObject(_ members: [String: JSONValue?]) -> JSONValue {
    .object(members.compactMapValues { $0 })
}
