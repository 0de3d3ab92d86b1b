import Foundation
import HubSpot
import Logging
import Store

/// A HubSpot property the sync writes that a portal may lack: it comes with an add-on or a
/// subscription (e.g. business units). A record is never lost for want of one: it is written
/// without it.
public struct OptionalProperty: Sendable, Hashable {
    /// The property's internal name.
    public var name: String
    /// The object types the sync writes it on.
    public var objectTypes: [String]
    /// What the portal's owner does to get it.
    public var remedy: String

    /// `hs_all_assigned_business_unit_ids`, on contacts and calls (HubSpot's Business Units add-on).
    public static let businessUnits = OptionalProperty(
        name: "hs_all_assigned_business_unit_ids", objectTypes: ["contacts", "calls"],
        remedy: "turn on the Business Units add-on for this object type in HubSpot")

    /// Every optional property the sync writes.
    public static let all = [businessUnits]
}

/// Which optional properties a tenant's portal lacks, per object type: read from the portal's
/// property definitions at setup, and learnt from a write HubSpot refused because it named a
/// property that does not exist. Persisted per tenant, together with which ones the audit log
/// has already reported (each is reported once, in the audit entry of the first write that
/// went without it).
public actor PortalPropertyCatalog {
    /// What is stored per tenant.
    struct Record: Codable, Sendable, Equatable {
        /// Missing optional properties by object type.
        var missing: [String: [String]] = [:]
        /// Missing properties already reported in an audit entry, as `objectType/name`.
        var reported: [String] = []
    }

    private let tenantID: String
    private let client: HubSpotClient
    private let store: any StateStore
    private var record: Record?

    /// Creates the catalog of one tenant's portal.
    public init(tenantID: String, client: HubSpotClient, store: any StateStore) {
        self.tenantID = tenantID
        self.client = client
        self.store = store
    }

    static let namespace = "setup"
    static func key(_ tenantID: String) -> String { "\(tenantID):optional-properties" }

    /// Reads the portal's property definitions of every object type an optional property is
    /// written on (one request per type). A failure is logged, not thrown: the writes then
    /// learn from HubSpot's errors instead.
    public func refresh(logger: Logger? = nil) async {
        var current = await load()
        let types = Set(OptionalProperty.all.flatMap(\.objectTypes)).sorted()
        for type in types {
            do {
                let existing = Set(try await client.properties.list(objectType: type).map(\.name))
                let missing = OptionalProperty.all.filter { $0.objectTypes.contains(type) && !existing.contains($0.name) }.map(\.name)
                // A property that came back (the add-on was turned on) is reported again if it goes.
                let returned = Set(current.missing[type] ?? []).subtracting(missing)
                current.reported.removeAll { item in returned.contains { "\(type)/\($0)" == item } }
                current.missing[type] = missing.isEmpty ? nil : missing
            } catch {
                logger?.warning(
                    "cannot read the portal's \(type) properties; optional properties are learnt from HubSpot's errors",
                    metadata: ["error": .string("\(error)")])
            }
        }
        await save(current)
    }

    /// The optional properties missing on an object type.
    public func missing(on objectType: String) async -> Set<String> {
        Set(await load().missing[objectType] ?? [])
    }

    /// Notes a missing optional property that a HubSpot error names for a write of
    /// `objectType`; `true` when it was not known to be missing (so the write is worth retrying without it).
    public func noteMissing(in error: any Error, objectType: String) async -> Bool {
        guard let error = error as? HubSpotError, error.status == 400 else { return false }
        let text = ([error.message] + error.details).joined(separator: "\n")
        guard text.contains("PROPERTY_DOESNT_EXIST") || text.contains("does not exist") else { return false }
        var current = await load()
        var known = current.missing[objectType] ?? []
        let named = OptionalProperty.all.filter {
            $0.objectTypes.contains(objectType) && text.contains($0.name) && !known.contains($0.name)
        }
        guard !named.isEmpty else { return false }
        known += named.map(\.name)
        current.missing[objectType] = known.sorted()
        await save(current)
        return true
    }

    /// Audit items for missing properties a write just went without, each the first time only.
    public func report(dropped names: Set<String>, objectType: String) async -> [AuditItem] {
        var current = await load()
        var items: [AuditItem] = []
        for property in OptionalProperty.all where names.contains(property.name) {
            let id = "\(objectType)/\(property.name)"
            guard !current.reported.contains(id) else { continue }
            current.reported.append(id)
            items.append(AuditItem(reason: .optionalPropertyMissing, detail: Self.warning(property, objectType: objectType)))
        }
        if !items.isEmpty { await save(current) }
        return items
    }

    /// One sentence per missing optional property of a tenant's portal, for health and the admin API.
    public static func warnings(tenantID: String, store: any StateStore) async -> [String] {
        guard let data = try? await store.value(namespace: namespace, key: key(tenantID)),
            let record = try? JSONDecoder().decode(Record.self, from: data)
        else { return [] }
        return record.missing.sorted { $0.key < $1.key }.flatMap { type, names in
            OptionalProperty.all.filter { names.contains($0.name) }.map { warning($0, objectType: type) }
        }
    }

    static func warning(_ property: OptionalProperty, objectType: String) -> String {
        "The HubSpot property \(property.name) does not exist on \(objectType) in this portal; \(objectType) are written "
            + "without it. To have it written, \(property.remedy)."
    }

    private func load() async -> Record {
        if let record { return record }
        let data = try? await store.value(namespace: Self.namespace, key: Self.key(tenantID))
        let loaded = data.flatMap { try? JSONDecoder().decode(Record.self, from: $0) } ?? Record()
        record = loaded
        return loaded
    }

    private func save(_ new: Record) async {
        guard new != record else { return }
        record = new
        try? await store.setValue(try? JSONEncoder().encode(new), namespace: Self.namespace, key: Self.key(tenantID))
    }
}
