import AsyncHTTPClient
import Foundation
import Sandbox
import Store
import SyncEngine
import Testing

@testable import Host

@Suite("Recovery in seconds: a dead run's leases, transient sync failures, every occurrence's recording")
struct RecoveryTests {
    /// The id of a process that has exited (and so no longer exists).
    private static func exitedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("a lease holder is gone when no process has its id, or another process started with it; this process is not")
    func leaseHolders() throws {
        let current = LeaseHolder.current
        #expect(!LeaseHolder.isGone(current.text))
        let dead = try Self.exitedProcessID()
        #expect(LeaseHolder.isGone(LeaseHolder(machine: current.machine, pid: dead, started: current.started).text))
        #expect(LeaseHolder.isGone(LeaseHolder(machine: current.machine, pid: current.pid, started: "another-start").text))
        // Another machine's leases are never taken (its process may well run).
        #expect(!LeaseHolder.isGone(LeaseHolder(machine: current.machine + "-elsewhere", pid: dead, started: "x").text))
        #expect(!LeaseHolder.isGone(""))
    }

    @Test("on start, the items a dead previous run had claimed are processed at once, not after their 300 s lease")
    func deadRunsLeasesAreReleased() async throws {
        let statePath = NSTemporaryDirectory() + "switchyard-recovery-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: statePath) }
        let store = try SQLiteStateStore(path: statePath)
        let body = #"{"event":"meeting.started","event_ts":1,"payload":{"account_id":"acct-a","object":{"id":"1"}}}"#
        _ = try await store.appendToInbox(
            NewInboxItem(
                tenantID: "alpha", connectorType: "zoom", routingKey: "acct-a", deliveryKey: "k-1", eventType: "meeting.started",
                body: Data(body.utf8), receivedAt: Date()))
        let dead = LeaseHolder(machine: LeaseHolder.current.machine, pid: try Self.exitedProcessID(), started: "x").text
        let now = Date()
        #expect(try await store.claimInbox(tenantID: "alpha", limit: 10, now: now, leaseUntil: now + 300, owner: dead).count == 1)
        #expect(try await store.inboxLeaseOwners() == [dead])

        let directory = try HostHarness.tenantsDirectory(["a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a")])
        try await HostHarness.withHost(tenants: directory, configure: { $0.statePath = statePath }) { host, _ in
            let drained = try await SignedZoom.within(20) { try await host.store.inboxDepth(tenantID: "alpha") == 0 }
            #expect(drained)
        }
    }

    @Test("a scheduled sync that failed on a transient error is retried with backoff, not at the next reconcile")
    func transientReconcileFailureIsRetried() async throws {
        let directory = try HostHarness.sampleTenants()
        let file = directory + "/northwind.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        // Northwind starts with sync off (no reconcile), so the fault below is in place before its first one.
        try text.replacingOccurrences(of: "  global: true\n  webinars: true\n", with: "  global: false\n  webinars: false\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:],
            configure: {
                $0.reconcile = true
                $0.inboxRetry = InboxRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20))
            }
        ) { host, _ in
            let sandbox = try #require(host.sandbox)
            // Zoom fails every read of past instances: every snapshot fails on a transient error.
            sandbox.zoom.faults.update(FaultPlan(serverErrorRate: 1, onlyPathsContaining: "/past_webinars/"))
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let ids = sandbox.scenario.zoomAccounts.filter { $0.credentials.accountID.hasPrefix("nw-") }.flatMap(\.webinars).map {
                String($0.id)
            }
            // The reconcile interval is 15 minutes; a second scheduled attempt of a webinar within seconds is the retry.
            let retried = try await SignedZoom.within(120) {
                for id in ids {
                    let audit = try await host.store.auditRecords(tenantID: "northwind", webinarID: id, limit: 10)
                    if audit.filter({ $0.trigger == "schedule" && $0.status == "failed" }).count >= 2 { return true }
                }
                return false
            }
            #expect(retried)
        }
    }

    @Test("when a delayed first sync sees two occurrences together, every occurrence's recording becomes a call")
    func everyOccurrencesRecordingSyncs() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            // No webhooks, so nothing syncs until the one sync below: a delayed first sync.
            _ = sandbox.zoom.setWebhookURL(accountID: "nw-zoom-account", url: nil)
            let account = try #require(sandbox.scenario.zoomAccounts.first { $0.credentials.accountID == "nw-zoom-account" })
            let webinar = try #require(
                account.webinars.first { webinar in
                    !webinar.isZoomEvents && webinar.instances.last?.recording.state == .completed
                        && webinar.instances.last?.participants.isEmpty == false
                })
            // Two more occurrences, each recorded: three recorded occurrences, none synced yet.
            for _ in 0..<2 {
                let instance = try await sandbox.zoom.endWebinar(id: webinar.id)
                try await sandbox.zoom.setRecording(webinarID: webinar.id, instanceUUID: instance.uuid, state: .completed)
            }
            let before = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal)).calls.count
            let entry = try await host.coordinator.syncWebinar(runtime, webinarID: String(webinar.id), trigger: .syncNow)
            #expect(entry.status != .failed)
            let after = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal)).calls.count
            #expect(after - before == 3)
            // A second sync writes nothing new.
            _ = try await host.coordinator.syncWebinar(runtime, webinarID: String(webinar.id), trigger: .syncNow)
            #expect(try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal)).calls.count == after)
        }
    }
}
