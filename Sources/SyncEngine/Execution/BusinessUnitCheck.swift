import HubSpot

/// Compares the business units of a tenant file with the HubSpot portal's, as part of tenant
/// setup: a unit HubSpot does not know would make every contact written for it fail.
public enum BusinessUnitCheck {
    /// How many users' units are read (each is one request); the portal's admins see them all.
    static let usersSampled = 5

    /// The configured unit ids the portal does not know. Empty when the tenant has one unit
    /// (nothing is assigned then) or every unit is known. The primary "Account" unit (0) always exists.
    public static func unknownUnits(configured: [Int], client: HubSpotClient) async throws -> [Int] {
        guard configured.count > 1 else { return [] }
        var known: Set<String> = ["0"]
        for userID in try await client.users.list().compactMap(\.userId).prefix(usersSampled) {
            known.formUnion(try await client.users.businessUnits(ofUser: userID).map(\.id))
        }
        return configured.filter { !known.contains(String($0)) }.sorted()
    }
}
