import Foundation
import Synchronization

/// What an app (as opposed to a portal) owns: timeline templates and action definitions.
struct AppState: Sendable, Codable {
    var templates: [String: HubSpotTimelineTemplate] = [:]
    var definitions: [String: HubSpotActionDefinition] = [:]
}

/// The whole simulated HubSpot: portals, apps and id counters.
struct HubSpotWorld: Sendable, Codable {
    var portals: [Int: PortalState] = [:]
    var apps: [Int: AppState] = [:]
    /// Next id for app-level objects (templates, definitions).
    var nextAppObjectID = 1_000_001
    /// Next sequence number of a callback id.
    var nextCallbackSequence = 1
}

/// Thread-safe holder of the simulated HubSpot state.
final class HubSpotStore: Sendable {
    private let state = Mutex(HubSpotWorld())
    /// The clock (injected so tests control time).
    let now: @Sendable () -> Date
    /// Signalled after every access that may have changed the state (for persistence).
    let changes = ChangeSignal()

    init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// Replaces the whole world (restoring a saved sandbox).
    func replaceWorld(_ world: HubSpotWorld) {
        state.withLock { $0 = world }
    }

    /// Adds (or replaces) a portal from its seed.
    func seed(_ seed: HubSpotPortalSeed) {
        let date = now()
        state.withLock { world in
            world.portals[seed.credentials.portalID] = PortalState(seed: seed, now: date)
            if let appID = seed.credentials.appID, world.apps[appID] == nil {
                world.apps[appID] = AppState()
            }
        }
    }

    /// Runs `body` on a portal; 404 when there is no such portal.
    @discardableResult
    func portal<T: Sendable>(
        _ portalID: Int, _ body: (inout PortalState) throws(HubSpotAPIError) -> T
    )
        throws(HubSpotAPIError) -> T
    {
        try state.withLock { (world) throws(HubSpotAPIError) -> T in
            // Taken out of the world while `body` changes it, so the change is made in place
            // rather than on a copy of every contact and event the portal holds.
            guard var state = world.portals.removeValue(forKey: portalID) else {
                throw HubSpotAPIError.notFound("portal \(portalID) not found")
            }
            defer {
                world.portals[portalID] = state
                changes.signal()
            }
            return try body(&state)
        }
    }

    /// Runs `body` on the whole world (apps and portals together).
    @discardableResult
    func world<T: Sendable>(_ body: (inout HubSpotWorld) throws(HubSpotAPIError) -> T)
        throws(HubSpotAPIError) -> T
    {
        defer { changes.signal() }
        return try state.withLock { (world) throws(HubSpotAPIError) -> T in try body(&world) }
    }

    /// Read-only copy of the world.
    var snapshot: HubSpotWorld {
        state.withLock { $0 }
    }

    /// The portal an access token belongs to.
    func portalID(forAccessToken token: String) -> Int? {
        state.withLock { world in
            world.portals.values.first { $0.credentials.accessToken == token }?.credentials.portalID
        }
    }

    /// The apps whose developer API key is `key`.
    func appIDs(forDeveloperKey key: String) -> [Int] {
        state.withLock { world in
            world.portals.values.compactMap { portal in
                portal.credentials.developerAPIKey == key ? portal.credentials.appID : nil
            }
        }
    }
}
