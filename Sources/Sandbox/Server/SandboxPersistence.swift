import Foundation

/// Everything the simulators hold, as saved to disk so a sandbox (and the host's state that
/// refers to its objects) survives a restart: HubSpot's portals and apps, Zoom's accounts,
/// Graph's tenants and subscriptions, issued tokens and id generators. Pending webhook and
/// notification deliveries and request logs are not kept.
public struct SandboxState: Sendable, Codable {
    /// Format version of this file.
    public var formatVersion = 1
    /// What the state grew from (the scenario seed); a state saved for another seed is not restored.
    public var scenarioKey: String
    /// When it was saved.
    public var savedAt: Date
    var hubspot: HubSpotWorld
    var zoom: ZoomStore.State
    /// Graph's state (absent in files saved before the Graph simulator existed).
    var graph: GraphStore.State?
}

/// Why a saved sandbox state could not be used.
public struct SandboxStateError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var description: String
}

extension SandboxServer {
    /// The simulators' current state.
    public func currentState(scenarioKey: String) -> SandboxState {
        SandboxState(
            scenarioKey: scenarioKey, savedAt: Date(), hubspot: hubspot.store.snapshot,
            zoom: zoom.store.snapshot, graph: graph.store.snapshot)
    }

    /// Takes back a saved state: every portal, app, Zoom account and Entra tenant of the current scenario that
    /// the saved state also has is replaced by its saved version; the ones it lacks (a tenant
    /// added since) stay as the scenario generated them. Returns how many were restored.
    @discardableResult
    public func restore(_ saved: SandboxState) -> Int {
        var restored = 0
        var world = hubspot.store.snapshot
        for (id, portal) in saved.hubspot.portals where world.portals[id] != nil {
            world.portals[id] = portal
            restored += 1
        }
        for (id, app) in saved.hubspot.apps where world.apps[id] != nil {
            world.apps[id] = app
        }
        world.nextAppObjectID = max(world.nextAppObjectID, saved.hubspot.nextAppObjectID)
        world.nextCallbackSequence = max(world.nextCallbackSequence, saved.hubspot.nextCallbackSequence)
        hubspot.store.replaceWorld(world)
        var zoomState = zoom.store.snapshot
        for (id, account) in saved.zoom.accounts where zoomState.accounts[id] != nil {
            zoomState.accounts[id] = account
            restored += 1
        }
        zoomState.tokens.merge(saved.zoom.tokens.filter { zoomState.accounts[$0.value.accountID] != nil }) { _, saved in saved }
        zoomState.generator = saved.zoom.generator
        zoom.store.replaceState(zoomState)
        if let saved = saved.graph {
            var graphState = graph.store.snapshot
            for (id, tenant) in saved.tenants where graphState.tenants[id] != nil {
                graphState.tenants[id] = tenant
                restored += 1
            }
            graphState.tokens.merge(saved.tokens.filter { graphState.tenants[$0.value.tenantID] != nil }) { _, saved in saved }
            graphState.subscriptions.merge(saved.subscriptions.filter { graphState.tenants[$0.value.tenantID] != nil }) { _, saved in
                saved
            }
            graphState.generator = saved.generator
            graph.store.replaceState(graphState)
        }
        return restored
    }

    /// Writes the current state to `path` atomically (a temporary file renamed over it, fsynced).
    public func saveState(to path: String, scenarioKey: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(currentState(scenarioKey: scenarioKey))
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        // The state holds the simulated accounts' credentials: readable by the owner only.
        _ = FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, url.path) == 0 else {
            throw SandboxStateError(description: "the sandbox state could not be saved to \(path) (errno \(errno))")
        }
    }

    /// The state saved at `path` for `scenarioKey`: nil when there is none or it was saved for
    /// another scenario key (another seed); throws when the file cannot be read.
    public static func savedState(at path: String, scenarioKey: String) throws -> SandboxState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let state: SandboxState
        do {
            state = try decoder.decode(SandboxState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SandboxStateError(
                description: "the saved sandbox state \(path) cannot be read (\(type(of: error))); delete it to start from a fresh scenario"
            )
        }
        return state.scenarioKey == scenarioKey ? state : nil
    }

    /// Saves the state to `path` after every burst of changes (at most every `interval`) until
    /// the task is cancelled, then once more.
    public func persistChanges(to path: String, scenarioKey: String, interval: Duration = .milliseconds(500)) async {
        let (merged, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withTaskGroup(of: Void.self) { group in
            for signal in [hubspot.store.changes, zoom.store.changes, graph.store.changes] {
                group.addTask {
                    for await _ in signal.changes { continuation.yield() }
                    continuation.finish()
                }
            }
            for await _ in merged {
                try? saveState(to: path, scenarioKey: scenarioKey)
                try? await Task.sleep(for: interval)
            }
            group.cancelAll()
        }
        try? saveState(to: path, scenarioKey: scenarioKey)
    }
}
