import Foundation
import Sandbox

/// Groups recorded HubSpot requests by endpoint and counts the items they carried.
enum RequestTally {
    struct Row {
        var endpoint: String
        var requests: Int
        var items: Int
        /// The fewest requests that carry these items at the endpoint's batch limit
        /// (every request counts for endpoints that are not batches).
        var minimum: Int
    }

    /// Batch endpoints take at most 100 inputs (contacts, timeline events, attendance).
    static let batchLimit = 100

    static func tally(_ requests: [RecordedRequest]) -> [Row] {
        var rows: [String: Row] = [:]
        for request in requests {
            let archived = request.query.contains("archived=true") ? "?archived=true" : ""
            let endpoint = "\(request.method) \(normalized(request.path))\(archived)"
            let items = itemCount(request.body)
            var row = rows[endpoint] ?? Row(endpoint: endpoint, requests: 0, items: 0, minimum: 0)
            row.requests += 1
            row.items += items ?? 1
            rows[endpoint] = row
        }
        return rows.values.map { row in
            var row = row
            let isBatch = row.endpoint.contains("/batch/") || row.endpoint.contains("/attendance/")
            row.minimum = isBatch ? Int((Double(row.items) / Double(batchLimit)).rounded(.up)) : row.requests
            return row
        }.sorted { $0.endpoint < $1.endpoint }
    }

    /// The number of `inputs` of a batch body, nil when it has none.
    static func itemCount(_ body: String) -> Int? {
        guard let data = body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let inputs = object["inputs"] as? [Any]
        else { return nil }
        return inputs.count
    }

    /// The path with ids replaced, so requests of one endpoint group together.
    static func normalized(_ path: String) -> String {
        path.split(separator: "/").map { segment in
            segment.allSatisfy(\.isNumber) && segment.count > 3 ? "{id}" : String(segment)
        }.joined(separator: "/").replacingOccurrences(of: "^", with: "/", options: .regularExpression)
    }
}
