import ConnectorKit

/// Turns a schema-validated tenant object into a ``TenantConfiguration``, checking the rules
/// that span fields (webinar sync needs global sync, exactly one primary business unit, …).
struct TenantBuilder {
    let file: String
    let version: String
    let registry: ConnectorRegistry
    private(set) var issues: [ConfigIssue] = []

    init(file: String, version: String, registry: ConnectorRegistry) {
        self.file = file
        self.version = version
        self.registry = registry
    }

    mutating func build(_ root: ConfigObject) -> TenantConfiguration? {
        do {
            return try buildChecked(root)
        } catch {
            issues.append(ConfigIssue(error.description, at: error.location))
            return nil
        }
    }

    private mutating func buildChecked(_ root: ConfigObject) throws(ConfigAccessError)
        -> TenantConfiguration?
    {
        let id = try root.string("tenant")
        let idLocation = root.locations["tenant"] ?? root.location
        let hubspot = try root.object("hubspot")
        let sync = try buildSync(root["sync"].flatMap(\.objectValue))
        let exclusions = try buildExclusions(root["exclusions"].flatMap(\.objectValue))
        let units = try root.objects("business_units").map { unit throws(ConfigAccessError) in
            try buildUnit(unit)
        }
        checkUnits(units, listLocation: root.locations["business_units"] ?? root.location)
        return TenantConfiguration(
            id: id,
            displayName: try root.optionalString("display_name") ?? id,
            sourceFile: file,
            version: version,
            hubSpot: HubSpotSettings(
                portalID: try hubspot.integer("portal_id"),
                apiBase: try hubspot.string("api_base"),
                accessToken: try hubspot.secret("access_token"),
                appID: hubspot["app_id"].flatMap(\.integerValue),
                clientSecret: try hubspot.optionalSecret("client_secret"),
                developerAPIKey: try hubspot.optionalSecret("developer_api_key"),
                requestsPerTenSeconds: try hubspot.integer("requests_per_ten_seconds"),
                requestsPerDay: try hubspot.integer("requests_per_day")
            ),
            sync: sync,
            exclusions: exclusions,
            adminToken: try root["admin"].flatMap(\.objectValue).flatMap {
                admin throws(ConfigAccessError) in try admin.optionalSecret("token")
            },
            businessUnits: units,
            idLocation: idLocation,
            portalIDLocation: hubspot.locations["portal_id"] ?? hubspot.location
        )
    }

    private mutating func buildSync(_ object: ConfigObject?) throws(ConfigAccessError) -> SyncSettings {
        guard let object else {
            return SyncSettings(
                global: false, webinars: false, webinarHosts: .all, recordingsAndTranscripts: .none,
                reconcileIntervalSeconds: 900)
        }
        let settings = SyncSettings(
            global: try object.boolean("global"),
            webinars: try object.boolean("webinars"),
            webinarHosts: try selection(object, "webinar_hosts"),
            recordingsAndTranscripts: try selection(object, "recordings_and_transcripts"),
            reconcileIntervalSeconds: try object.integer("reconcile_interval_seconds"),
            lookbackDays: try object.integer("lookback_days")
        )
        if settings.webinars && !settings.global {
            issues.append(
                ConfigIssue(
                    "webinar sync is on while global sync is off; global sync must be turned on (by an account admin) before webinar sync — set 'global: true' or 'webinars: false'",
                    at: object.locations["webinars"] ?? object.location))
        }
        return settings
    }

    private func selection(_ object: ConfigObject, _ key: String) throws(ConfigAccessError)
        -> HostSelection
    {
        switch object[key] {
        case .string("none")?: return .none
        case .string("all")?, nil: return .all
        case .list?: return .selected(try object.strings(key))
        default:
            throw ConfigAccessError(
                key: key, expected: "none, all or a list",
                location: object.locations[key] ?? object.location)
        }
    }

    private func buildExclusions(_ object: ConfigObject?) throws(ConfigAccessError) -> Exclusions {
        guard let object else { return Exclusions(recordingDomains: [], contactDomains: []) }
        return Exclusions(
            recordingDomains: try object.strings("recording_domains"),
            contactDomains: try object.strings("contact_domains")
        )
    }

    private func buildUnit(_ unit: ConfigObject) throws(ConfigAccessError) -> BusinessUnitConfig {
        let connectors = try unit.objects("connectors").map { entry throws(ConfigAccessError) in
            let type = try entry.string("type")
            let keyField = registry.descriptor(named: type)?.routingKeyField
            var config = entry
            config.values["type"] = nil
            return ConnectorInstanceConfig(
                type: type,
                routingKey: try keyField.flatMap { field throws(ConfigAccessError) in
                    try entry.optionalString(field)
                },
                routingKeyLocation: keyField.flatMap { entry.locations[$0] },
                config: config,
                location: entry.location
            )
        }
        return BusinessUnitConfig(
            id: try unit.integer("id"),
            name: try unit.string("name"),
            isPrimary: try unit.boolean("primary"),
            connectors: connectors,
            location: unit.location
        )
    }

    private mutating func checkUnits(_ units: [BusinessUnitConfig], listLocation: SourceLocation) {
        let primaries = units.filter(\.isPrimary)
        if primaries.isEmpty {
            issues.append(
                ConfigIssue(
                    "no primary business unit; mark exactly one unit (HubSpot's 'Account' unit, id 0) with 'primary: true'",
                    at: listLocation))
        }
        for extra in primaries.dropFirst() {
            issues.append(
                ConfigIssue(
                    "a second primary business unit ('\(extra.name)'); exactly one unit may be primary — the first is '\(primaries[0].name)' at \(primaries[0].location)",
                    at: extra.location))
        }
        if let primary = primaries.first, primary.id != 0 {
            issues.append(
                ConfigIssue(
                    "the primary business unit must have id 0 (HubSpot's 'Account' unit), found \(primary.id)",
                    at: primary.location))
        }
        var seen: [Int: BusinessUnitConfig] = [:]
        for unit in units {
            if let first = seen[unit.id] {
                issues.append(
                    ConfigIssue(
                        "business unit id \(unit.id) is used twice; the first is at \(first.location)",
                        at: unit.location))
            } else {
                seen[unit.id] = unit
            }
        }
        var keys: [String: ConnectorInstanceConfig] = [:]
        for connector in units.flatMap(\.connectors) {
            guard let key = connector.routingKey else { continue }
            let composite = connector.type + "\u{0}" + key
            if let first = keys[composite] {
                issues.append(
                    ConfigIssue(
                        "\(connector.type) account '\(key)' is connected twice in this tenant; the first is at \(first.location)",
                        at: connector.routingKeyLocation ?? connector.location))
            } else {
                keys[composite] = connector
            }
        }
    }
}

extension ConfigValue {
    var objectValue: ConfigObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    var integerValue: Int? {
        if case .integer(let number) = self { return number }
        return nil
    }
}
