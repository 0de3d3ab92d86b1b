import SwitchyardJSON
import Foundation

/// Evaluates a `PublicObjectSearchRequest` over the active objects of one type.
///
/// Filter groups are OR-ed, filters in a group AND-ed; string comparison is
/// case-insensitive. On contacts, an `email` `EQ`/`IN` filter also matches secondary emails
/// (`hs_additional_emails`), as HubSpot's search does; `CONTAINS_TOKEN` on a `;`-separated
/// multi-value property matches any one of its values (`*` is a wildcard).
struct CRMSearch {
    let objectType: String
    let request: JSONValue

    /// HubSpot's limits on a search request.
    static let maxFilterGroups = 5
    static let maxFiltersPerGroup = 6
    static let maxLimit = 200
    static let maxResults = 10_000

    func validate() throws(HubSpotAPIError) {
        let groups = request["filterGroups"]?.arrayValue ?? []
        if groups.count > Self.maxFilterGroups
            || groups.contains(where: { ($0["filters"]?.arrayValue.count ?? 0) > Self.maxFiltersPerGroup }
            )
        {
            throw HubSpotAPIError.validation(
                "Too many filter groups or filters: at most \(Self.maxFilterGroups) groups of \(Self.maxFiltersPerGroup) filters are allowed"
            )
        }
        if let after = request["after"]?.stringValue, let offset = Int(after), offset >= Self.maxResults {
            throw HubSpotAPIError.validation(
                "Paging past \(Self.maxResults) results is not supported by search")
        }
    }

    func run(_ objects: [HubSpotObject]) -> [HubSpotObject] {
        let groups = request["filterGroups"]?.arrayValue ?? []
        let query = (request["query"]?.stringValue ?? "").lowercased()
        let matching = objects.filter { object in
            let filtersMatch =
                groups.isEmpty
                || groups.contains { group in
                    (group["filters"]?.arrayValue ?? []).allSatisfy { matches(object, filter: $0) }
                }
            return filtersMatch && (query.isEmpty || matchesQuery(object, query))
        }
        return sorted(matching)
    }

    private func matchesQuery(_ object: HubSpotObject, _ query: String) -> Bool {
        let searchable = [
            "email", "firstname", "lastname", "phone", "company", "hs_additional_emails", "hs_call_title",
            "hs_call_body",
        ]
        return searchable.contains { object.properties[$0]?.lowercased().contains(query) == true }
    }

    private func values(of object: HubSpotObject, _ property: String, includingSecondary: Bool)
        -> [String]
    {
        var result = object.properties[property].map { [$0.lowercased()] } ?? []
        if includingSecondary { result += object.additionalEmails }
        return result
    }

    private func matches(_ object: HubSpotObject, filter: JSONValue) -> Bool {
        let property = filter["propertyName"]?.stringValue ?? ""
        let op = filter["operator"]?.stringValue ?? ""
        let value = (filter["value"]?.stringValue ?? "").lowercased()
        let list = (filter["values"]?.arrayValue ?? []).compactMap { $0.stringValue?.lowercased() }
        let secondary = objectType == "contacts" && property == "email"
        let current = values(of: object, property, includingSecondary: secondary)
        let primary = object.properties[property]?.lowercased()
        switch op {
        case "EQ": return current.contains(value)
        case "NEQ": return primary != value
        case "IN": return current.contains { list.contains($0) }
        case "NOT_IN": return !current.contains { list.contains($0) }
        case "HAS_PROPERTY": return primary != nil
        case "NOT_HAS_PROPERTY": return primary == nil
        case "CONTAINS_TOKEN": return tokens(primary).contains { wildcard(value, matches: $0) }
        case "NOT_CONTAINS_TOKEN": return !tokens(primary).contains { wildcard(value, matches: $0) }
        case "GT", "GTE", "LT", "LTE", "BETWEEN":
            return compare(
                primary, op: op, value: value, high: (filter["highValue"]?.stringValue ?? "").lowercased())
        default: return false
        }
    }

    private func tokens(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(whereSeparator: { $0 == ";" || $0 == " " }).map(String.init)
    }

    private func wildcard(_ pattern: String, matches token: String) -> Bool {
        guard pattern.contains("*") else { return pattern == token }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = token[...]
        for (index, part) in parts.enumerated() where !part.isEmpty {
            if index == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if let range = rest.range(of: part) {
                rest = rest[range.upperBound...]
            } else {
                return false
            }
        }
        return parts.last?.isEmpty == true || rest.isEmpty || token.hasSuffix(parts.last ?? "")
    }

    private func compare(_ current: String?, op: String, value: String, high: String) -> Bool {
        guard let current else { return false }
        let lhs = Self.sortKey(current)
        let low = Self.sortKey(value)
        switch op {
        case "GT": return lhs > low
        case "GTE": return lhs >= low
        case "LT": return lhs < low
        case "LTE": return lhs <= low
        default: return lhs >= low && lhs <= Self.sortKey(high)
        }
    }

    /// Numbers and dates compare numerically, everything else as text.
    private static func sortKey(_ text: String) -> SortKey {
        if let number = Double(text) { return .number(number) }
        if let date = HubSpotTime.parse(text) { return .number(date.timeIntervalSince1970 * 1000) }
        return .text(text.lowercased())
    }

    private enum SortKey: Comparable {
        case number(Double)
        case text(String)
    }

    private func sorted(_ objects: [HubSpotObject]) -> [HubSpotObject] {
        let byID = objects.sorted { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) }
        guard let sort = request["sorts"]?.arrayValue.first else { return byID }
        let property: String
        var descending = false
        if case .string(let text) = sort {
            descending = text.hasPrefix("-")
            property = descending ? String(text.dropFirst()) : text
        } else {
            property = sort["propertyName"]?.stringValue ?? "hs_object_id"
            descending = sort["direction"]?.stringValue == "DESCENDING"
        }
        return byID.sorted { lhs, rhs in
            let left = Self.sortKey(lhs.properties[property] ?? "")
            let right = Self.sortKey(rhs.properties[property] ?? "")
            return descending ? left > right : left < right
        }
    }
}
