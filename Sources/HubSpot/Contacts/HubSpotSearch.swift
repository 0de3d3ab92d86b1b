/// One condition of a CRM search (`Filter`).
public struct HubSpotSearchFilter: Codable, Sendable, Equatable {
    /// The property to test.
    public var propertyName: String
    /// `EQ`, `NEQ`, `CONTAINS_TOKEN`, `IN`, `HAS_PROPERTY`, … (spec enum).
    public var `operator`: String
    /// The value to compare with (single-value operators).
    public var value: String?
    /// The values to compare with (`IN`, `NOT_IN`).
    public var values: [String]?

    /// - Parameters:
    ///   - propertyName: the property to test.
    ///   - operator: the operator.
    ///   - value: the value, for single-value operators.
    ///   - values: the values, for `IN` and `NOT_IN`.
    public init(propertyName: String, operator: String, value: String? = nil, values: [String]? = nil) {
        self.propertyName = propertyName
        self.operator = `operator`
        self.value = value
        self.values = values
    }
}

/// A CRM search (`PublicObjectSearchRequest`). The spec requires `after`, `filterGroups`,
/// `limit`, `properties` and `sorts`; all are always sent (`after` is `"0"` for the first
/// page, `sorts` empty when unused).
public struct HubSpotSearchRequest: Encodable, Sendable, Equatable {
    /// A group of filters that must all match (`FilterGroup`).
    public struct FilterGroup: Codable, Sendable, Equatable {
        /// The filters, combined with AND.
        public var filters: [HubSpotSearchFilter]

        /// - Parameter filters: the filters, combined with AND.
        public init(filters: [HubSpotSearchFilter]) {
            self.filters = filters
        }
    }

    /// Groups combined with OR (up to 6).
    public var filterGroups: [FilterGroup]
    /// Properties to return.
    public var properties: [String]
    /// Sort specifications, e.g. `createdate`.
    public var sorts: [String]
    /// Results per page (HubSpot allows up to 200).
    public var limit: Int
    /// The paging cursor: `"0"` for the first page, then `paging.next.after`.
    public var after: String

    /// - Parameters:
    ///   - filterGroups: groups combined with OR.
    ///   - properties: properties to return.
    ///   - sorts: sort specifications (default none).
    ///   - limit: results per page (default 100, at most 200).
    ///   - after: the paging cursor (default first page).
    public init(
        filterGroups: [FilterGroup], properties: [String], sorts: [String] = [], limit: Int = 100,
        after: String = "0"
    ) {
        self.filterGroups = filterGroups
        self.properties = properties
        self.sorts = sorts
        self.limit = min(max(1, limit), 200)
        self.after = after
    }
}

/// One page of search results.
public struct HubSpotSearchPage: Sendable {
    /// The matching records on this page.
    public var results: [HubSpotObject]
    /// The total number of matches.
    public var total: Int
    /// The cursor of the next page, `nil` on the last page.
    public var nextAfter: String?
}

extension HubSpotClient {
    /// Runs one page of a CRM object search (`POST /crm/v3/objects/{type}/search`), in the
    /// search lane (its own per-second limit).
    func search(_ search: HubSpotSearchRequest, path: String, operation: String) async throws -> HubSpotSearchPage {
        var request = HubSpotRequest(operation: operation, method: .post, path: path)
        request.lane = .search
        try request.setBody(search)
        let page = try await send(request, as: HubSpotPage<HubSpotObject>.self)
        return HubSpotSearchPage(results: page.results, total: page.total ?? page.results.count, nextAfter: page.paging?.next?.after)
    }
}
