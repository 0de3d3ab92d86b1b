import Foundation
import Host
import Sandbox
import Store
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

@Suite("End to end: an inbox drain batches HubSpot writes across webinars")
struct InboxDrainBatchingTests {
    @Test("registrations for two webinars drained together share one contact upsert and one timeline batch")
    func drainSharesBatches() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            #expect(try await SyncFaultToleranceTests.reconcile(host, rounds: 1) == 1)
            let tenant = try #require(
                sandbox.scenario.tenants.first { $0.hubSpot.credentials.portalID == SyncEndToEndTests.northwindPortal })
            // The webhooks are not sent: their bodies go into the inbox together, as if they had
            // arrived while the tenant's previous sync ran, and one drain takes both.
            sandbox.zoom.faults.update(FaultPlan(dropWebhookRate: 1))
            var registered: [(webinar: Int64, email: String)] = []
            let upcoming = tenant.zoomAccounts.flatMap(\.webinars).filter {
                !$0.isZoomEvents && $0.startTime > sandbox.scenario.referenceDate
            }
            for webinar in upcoming {
                guard registered.count < 2 else { break }
                let email = "drained.\(registered.count)@example.com"
                if (try? await sandbox.zoom.registerThroughZoom(webinarID: webinar.id, email: email, firstName: "Dee", lastName: "Rained"))
                    != nil
                {
                    registered.append((webinar.id, email))
                }
            }
            await sandbox.zoom.webhooksSettled()
            sandbox.zoom.faults.update(.none)
            try #require(registered.count == 2, "two upcoming northwind webinars (of its two Zoom accounts) take registrations")
            let dropped = sandbox.zoom.webhookDeliveries.filter { $0.outcome == "dropped" }
            #expect(dropped.count == 2)
            sandbox.hubspot.requestLog.clear()
            #expect(try await Self.drainTogether(dropped, host: host) == 2)
            let requests = sandbox.hubspot.requestLog.all
            let upserts = requests.filter { $0.path == "/crm/v3/objects/contacts/batch/upsert" }
            #expect(
                upserts.count == 1 && registered.allSatisfy { upserts.first?.body.contains($0.email) == true }, "\(upserts.map(\.body))")
            let timeline = requests.filter { $0.path == "/integrators/timeline/v3/events/batch/create" }
            #expect(timeline.count == 1, "\(timeline.map(\.body))")
            #expect(requests.count <= BatchMinimum.requests(requests), "\(requests.map(\.path))")
            let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            for (webinar, email) in registered {
                let event = portal.marketingEvents.first { $0.externalEventID == String(webinar) }
                #expect(event?.participations.contains { $0.email == email } == true, "\(email)")
            }
        }
    }
}

extension InboxDrainBatchingTests {
    /// Puts webhook deliveries the sandbox did not send (dropped by its fault plan) into
    /// northwind's inbox, without waking the host's worker, and drains them in one batch;
    /// returns how many items this drain handled, once northwind's inbox is empty (were the
    /// host's worker awake meanwhile, it may have taken some: their work is done too).
    static func drainTogether(_ deliveries: [ZoomWebhookDelivery], host: RunningHost) async throws -> Int {
        for delivery in deliveries {
            _ = try await host.store.appendToInbox(
                NewInboxItem(
                    tenantID: "northwind", connectorType: "zoom", routingKey: delivery.accountID,
                    deliveryKey: "drain-together-\(delivery.sequence)", eventType: delivery.event, body: Data(delivery.body.utf8),
                    receivedAt: Date()))
        }
        let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
        let worker = InboxWorker(registry: host.registry, coordinator: host.coordinator, store: host.store, logger: .init(label: "test"))
        let handled = await worker.drainOnce(runtime)
        #expect(try await HostHarness.eventually { try await host.store.inboxDepth(tenantID: "northwind") == 0 })
        return handled
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
