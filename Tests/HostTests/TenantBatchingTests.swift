import Foundation
import Host
import Sandbox
import SyncEngine
import Testing

@Suite("End to end: a reconcile batches HubSpot writes across webinars")
struct TenantBatchingTests {
    /// Northwind of the sample scenario (two business units, several webinars) after its
    /// one-time HubSpot setup: the HubSpot requests of syncing every due webinar, and the
    /// portal's state after. `perWebinar`: one sync per webinar (as before batching).
    static func run(perWebinar: Bool) async throws -> (requests: [RecordedRequest], state: PortalState, webinars: Int) {
        let result = Box<([RecordedRequest], PortalState, Int)?>(nil)
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            _ = try await host.coordinator.withSynchronizer(runtime) { _ in }
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
            let due = await scheduler.dueWebinars(of: runtime)
            sandbox.hubspot.requestLog.clear()
            var entries: [WebinarAuditEntry] = []
            if perWebinar {
                for item in due {
                    entries.append(await host.coordinator.sync(runtime, webinarID: item.webinar.id, from: item.instance, trigger: .syncNow))
                }
            } else {
                entries = await scheduler.reconcile(runtime, trigger: .syncNow)
            }
            #expect(entries.count == due.count)
            #expect(entries.allSatisfy { $0.status != .failed })
            result.set((sandbox.hubspot.requestLog.all, try SyncFaultToleranceTests.northwindState(host), due.count))
        }
        return try #require(result.value)
    }

    @Test(
        "a reconcile of several webinars sends no more HubSpot requests than the batch minimum, and writes what one sync per webinar writes"
    )
    func reconcileAtBatchMinimum() async throws {
        let batched = try await Self.run(perWebinar: false)
        let separate = try await Self.run(perWebinar: true)
        #expect(batched.webinars >= 4)
        let minimum = BatchMinimum.requests(batched.requests)
        #expect(batched.requests.count <= minimum, "\(batched.requests.count) requests, batch minimum \(minimum)")
        #expect(batched.requests.count < separate.requests.count)
        #expect(batched.state == separate.state, "\(batched.state.differences(from: separate.state))")
    }
}

/// The fewest HubSpot requests that carry what a run sent, computed from the requests alone:
/// the distinct items of each batch endpoint at 100 per request (participations per event and
/// state, as HubSpot's API takes them), and every other distinct request once.
enum BatchMinimum {
    static func requests(_ requests: [RecordedRequest]) -> Int {
        var items: [String: Set<String>] = [:]
        var singles: Set<String> = []
        for request in requests {
            guard let inputs = inputs(of: request.body) else {
                singles.insert("\(request.method) \(request.path)?\(request.query) \(request.body)")
                continue
            }
            let archived = request.query.contains("archived=true") ? "?archived=true" : ""
            items["\(request.method) \(request.path)\(archived)", default: []].formUnion(inputs)
        }
        return singles.count + items.values.reduce(0) { $0 + ($1.count + 99) / 100 }
    }

    /// The identity of each input of a batch body (its id, email or external event id).
    static func inputs(of body: String) -> [String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let inputs = object["inputs"] as? [Any]
        else { return nil }
        return inputs.map { input in
            guard let fields = input as? [String: Any] else { return "\(input)" }
            for key in ["id", "email", "externalEventId"] { if let value = fields[key] as? String { return value.lowercased() } }
            return "\(fields)"
        }
    }
}
