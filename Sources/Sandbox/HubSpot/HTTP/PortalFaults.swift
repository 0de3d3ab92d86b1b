import Synchronization

/// Fault plans for single portals. A portal with a plan of its own gets its faults instead of
/// the simulator-wide ones, so a test can break one tenant's HubSpot and leave the others alone.
///
/// Also under `GET`/`PUT /_sandbox/hubspot/portals/{portalId}/faults`.
public final class PortalFaults: Sendable {
    private let injectors = Mutex<[Int: FaultInjector]>([:])
    private let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
    }

    /// Sets a portal's own plan; ``FaultPlan/none`` removes it (the simulator-wide plan applies again).
    public func update(_ plan: FaultPlan, portalID: Int) {
        injectors.withLock { injectors in
            if plan == .none {
                injectors[portalID] = nil
            } else if let injector = injectors[portalID] {
                injector.update(plan)
            } else {
                injectors[portalID] = FaultInjector(plan: plan, seed: seed &+ UInt64(truncatingIfNeeded: portalID))
            }
        }
    }

    /// The portal's own plan, or ``FaultPlan/none`` when it has none.
    public func plan(portalID: Int) -> FaultPlan {
        injector(portalID: portalID)?.plan ?? .none
    }

    /// The portal's injector, when it has a plan of its own.
    func injector(portalID: Int) -> FaultInjector? {
        injectors.withLock { $0[portalID] }
    }
}
