import ConnectorKit
import Foundation
import Store

/// What the host knows about a tenant's webinars: the last known record, which account and
/// business unit it belongs to, and how its last sync went. Kept in the store.
public struct CatalogedWebinar: Sendable, Codable, Hashable {
    public var webinar: Webinar
    public var connectorType: String
    public var accountKey: String
    public var businessUnitID: Int
    public var lastStatus: SyncStatus?
    public var lastSyncedAt: Date?
    public var lastCounts: SyncCounts?

    /// Creates a catalog item.
    public init(
        webinar: Webinar, connectorType: String, accountKey: String, businessUnitID: Int, lastStatus: SyncStatus? = nil,
        lastSyncedAt: Date? = nil, lastCounts: SyncCounts? = nil
    ) {
        self.webinar = webinar
        self.connectorType = connectorType
        self.accountKey = accountKey
        self.businessUnitID = businessUnitID
        self.lastStatus = lastStatus
        self.lastSyncedAt = lastSyncedAt
        self.lastCounts = lastCounts
    }
}

/// Reads and writes the webinar catalog of tenants.
public struct WebinarCatalog: Sendable {
    static let namespace = "webinars"
    let store: any StateStore

    /// Creates a catalog over a store.
    public init(store: any StateStore) { self.store = store }

    /// Records a webinar and, when given, the outcome of its last sync.
    public func record(tenantID: String, webinar: Webinar, source: SourceAccount, lastEntry: WebinarAuditEntry?) async throws {
        var item =
            try await entry(tenantID: tenantID, webinarID: webinar.id)
            ?? CatalogedWebinar(
                webinar: webinar, connectorType: source.connectorType, accountKey: source.accountKey,
                businessUnitID: source.businessUnitID)
        item.webinar = webinar
        if let lastEntry {
            item.lastStatus = lastEntry.status
            item.lastSyncedAt = lastEntry.finishedAt
            item.lastCounts = lastEntry.counts
        }
        try await store.setValue(try Self.encoder.encode(item), namespace: Self.namespace, key: "\(tenantID):\(webinar.id)")
    }

    /// One webinar of a tenant.
    public func entry(tenantID: String, webinarID: String) async throws -> CatalogedWebinar? {
        guard let data = try await store.value(namespace: Self.namespace, key: "\(tenantID):\(webinarID)") else { return nil }
        return try Self.decoder.decode(CatalogedWebinar.self, from: data)
    }

    /// Every webinar of a tenant, newest start first.
    public func all(tenantID: String) async throws -> [CatalogedWebinar] {
        try await store.values(namespace: Self.namespace, keyPrefix: "\(tenantID):").values
            .map { try Self.decoder.decode(CatalogedWebinar.self, from: $0) }
            .sorted { ($0.webinar.startTime ?? .distantPast, $0.webinar.id) > ($1.webinar.startTime ?? .distantPast, $1.webinar.id) }
    }

    /// The audit entries of a webinar, newest first.
    public func auditLog(tenantID: String, webinarID: String, limit: Int = 50) async throws -> [WebinarAuditEntry] {
        try await store.auditRecords(tenantID: tenantID, webinarID: webinarID, limit: limit).map {
            try Self.decoder.decode(WebinarAuditEntry.self, from: $0.payload)
        }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
