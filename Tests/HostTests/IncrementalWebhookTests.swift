import Foundation
import Host
import Sandbox
import SyncEngine
import Testing

@Suite("End to end: webhooks applied from what they carry")
struct IncrementalWebhookTests {
    @Test("a registration webhook for a known webinar reaches HubSpot without a single Zoom request")
    func registrationWithoutZoomRequests() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            #expect(try await SyncFaultToleranceTests.reconcile(host, rounds: 1) == 1)
            let account = try #require(sandbox.scenario.zoomAccounts.first { $0.credentials.accountID == "nw-zoom-account" })
            let upcoming = account.webinars.filter { !$0.isZoomEvents && $0.startTime > sandbox.scenario.referenceDate }
            sandbox.zoom.requestLog.clear()
            let email = "incremental.reader@example.com"
            var webinarID: Int64?
            for webinar in upcoming where webinarID == nil {
                if (try? await sandbox.zoom.registerThroughZoom(webinarID: webinar.id, email: email, firstName: "Ines", lastName: "Reader"))
                    != nil
                {
                    webinarID = webinar.id
                }
            }
            let id = try #require(webinarID, "no upcoming northwind webinar takes registrations")
            await sandbox.zoom.webhooksSettled()
            #expect(
                try await HostHarness.eventually {
                    let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
                    let event = portal.marketingEvents.first { $0.externalEventID == String(id) }
                    return event?.participations.contains { $0.email == email && $0.state.rawValue == "REGISTERED" } == true
                })
            let apiRequests = sandbox.zoom.requestLog.all.filter { $0.path.hasPrefix("/v2/") }
            #expect(apiRequests.isEmpty, "Zoom requests: \(apiRequests.map(\.path))")
        }
    }

    @Test("joins and leaves during a webinar take no snapshot; its end takes one")
    func liveEventsSettledAtTheEnd() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            #expect(try await SyncFaultToleranceTests.reconcile(host, rounds: 1) == 1)
            let webinar = try Self.upcomingWithRegistrants(sandbox)
            sandbox.zoom.requestLog.clear()
            try await sandbox.zoom.endWebinar(id: webinar.id)
            await sandbox.zoom.webhooksSettled()
            try #require(try await HostHarness.eventually { try await host.store.inboxDepth(tenantID: "northwind") == 0 })
            let snapshots = sandbox.zoom.requestLog.all.filter { $0.method == "GET" && $0.path == "/v2/webinars/\(webinar.id)" }
            #expect(snapshots.count == 1)
            let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            let event = try #require(portal.marketingEvents.first { $0.externalEventID == String(webinar.id) })
            #expect(event.participations.contains { $0.attended })
        }
    }

    @Test(
        "a recording completed after the webinar's end is applied from its webhook: no Zoom request, the call reaches the stored attendees"
    )
    func recordingWithoutZoomRequests() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            // The webinar ends; its recording completes, and the webhook alone goes into the inbox
            // (the transcript's is held back).
            let (webinar, held) = try await Self.endedWithHeldRecordingWebhooks(host, sandbox)
            let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            let event = try #require(portal.marketingEvents.first { $0.externalEventID == String(webinar.id) })
            let attendees = Set(event.participations.filter(\.attended).map(\.email))
            try #require(!attendees.isEmpty)
            let delivery = try #require(held["recording.completed"])
            sandbox.zoom.requestLog.clear()
            sandbox.hubspot.requestLog.clear()
            // Applied by this drain or, were it awake, by the host's own worker: the same work either way.
            _ = try await InboxDrainBatchingTests.drainTogether([delivery], host: host)

            let zoomRequests = sandbox.zoom.requestLog.all.filter { $0.path.hasPrefix("/v2/") }
            #expect(zoomRequests.isEmpty, "Zoom requests: \(zoomRequests.map(\.path))")
            let hubspot = sandbox.hubspot.requestLog.all
            let calls = hubspot.filter { $0.method == "POST" && $0.path == "/crm/v3/objects/calls" }
            #expect(calls.count == 1)
            let associations =
                (try? JSONSerialization.jsonObject(with: Data((calls.first?.body ?? "").utf8)) as? [String: Any])?[
                    "associations"] as? [Any]
            #expect(associations?.count == attendees.count, "the call is associated with every attendee")
            #expect(!hubspot.contains { $0.path == "/crm/v3/objects/contacts/batch/upsert" }, "no contact changed")
            let after = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            let recordingEvents = after.timelineEvents.filter { $0.id.contains("-recording-") && $0.tokens["recordingUrl"] != nil }
            #expect(!recordingEvents.isEmpty)

            // A full sync afterwards adds only the transcript to the call: no second call, no new timeline event.
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            let entry = try await host.coordinator.syncWebinar(runtime, webinarID: String(webinar.id), trigger: .syncNow)
            #expect(entry.status != .failed)
            let final = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            #expect(final.calls.count == after.calls.count)
            #expect(final.timelineEvents.count == after.timelineEvents.count)
        }
    }

    @Test(
        "a transcript completed after the webinar's end is added to its recording's call from one recordings request and the download: no snapshot, no contact written, a full sync afterwards changes nothing",
        arguments: [false, true])
    func transcriptWithoutSnapshot(withItsRecording: Bool) async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            // Its recording and transcript complete; both webhooks are held back and drained here.
            let (webinar, held) = try await Self.endedWithHeldRecordingWebhooks(host, sandbox)
            let recording = try #require(held["recording.completed"])
            let transcript = try #require(held["recording.transcript_completed"])
            let start = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            if !withItsRecording { _ = try await InboxDrainBatchingTests.drainTogether([recording], host: host) }
            let before = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            sandbox.zoom.requestLog.clear()
            sandbox.hubspot.requestLog.clear()
            _ = try await InboxDrainBatchingTests.drainTogether(withItsRecording ? [recording, transcript] : [transcript], host: host)

            let zoomRequests = sandbox.zoom.requestLog.all.filter { !$0.path.hasPrefix("/oauth") }
            let paths = zoomRequests.map { "\($0.method) \($0.path)" }
            #expect((1...2).contains(zoomRequests.count), "Zoom requests: \(paths)")
            #expect(!zoomRequests.contains { $0.path.hasPrefix("/v2/webinars/") || $0.path.hasPrefix("/v2/report/") }, "\(paths)")
            let api = zoomRequests.filter { $0.path.hasPrefix("/v2/") }
            #expect(api.count == 1 && api.allSatisfy { $0.path.hasPrefix("/v2/meetings/") && $0.path.hasSuffix("/recordings") }, "\(paths)")
            let hubspot = sandbox.hubspot.requestLog.all
            #expect(!hubspot.contains { $0.path == "/crm/v3/objects/contacts/batch/upsert" }, "no contact changed")

            let after = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            let known = Set(start.calls.map(\.id))
            let calls = after.calls.filter { !known.contains($0.id) }
            try #require(calls.count == 1, "one call for the recording: \(calls.map(\.id))")
            let body = calls[0].properties["hs_call_body"] ?? ""
            #expect(body.contains("Transcript:\nWEBVTT"), "the call carries the transcript")
            if !withItsRecording {
                #expect(before.calls.count == after.calls.count, "the recording's call is updated, not a second one")
                #expect(before.timelineEvents.count == after.timelineEvents.count, "no new timeline event")
            }

            // A full sync afterwards writes nothing new: same call (with the transcript), same timeline events.
            sandbox.hubspot.requestLog.clear()
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            let entry = try await host.coordinator.syncWebinar(runtime, webinarID: String(webinar.id), trigger: .syncNow)
            #expect(entry.status != .failed)
            let final = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            #expect(final.calls.count == after.calls.count)
            #expect(final.calls.first { $0.id == calls[0].id }?.properties == calls[0].properties)
            #expect(final.timelineEvents.count == after.timelineEvents.count)
            let writes = sandbox.hubspot.requestLog.all.filter { request in
                request.method != "GET" && !request.path.hasSuffix("/read") && !request.path.hasSuffix("/search")
                    && ["/crm/v3/objects/calls", "/timeline/", "/contacts/batch/upsert"].contains { request.path.contains($0) }
            }
            #expect(writes.isEmpty, "a full sync rewrote: \(writes.map { "\($0.method) \($0.path)" })")
        }
    }

    @Test("a transcript whose recording Zoom no longer has is synced from a snapshot of its webinar instead")
    func transcriptOfAGoneRecording() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let (webinar, held) = try await Self.endedWithHeldRecordingWebhooks(host, sandbox)
            let transcript = try #require(held["recording.transcript_completed"])
            // Deleted before the host reads it: Zoom answers 3301 (not found) for the recording.
            try await sandbox.zoom.setRecording(webinarID: webinar.id, state: .trashed)
            sandbox.zoom.requestLog.clear()
            _ = try await InboxDrainBatchingTests.drainTogether([transcript], host: host)

            let zoomRequests = sandbox.zoom.requestLog.all
            #expect(zoomRequests.contains { $0.path.hasPrefix("/v2/meetings/") && $0.path.hasSuffix("/recordings") })
            #expect(zoomRequests.filter { $0.method == "GET" && $0.path == "/v2/webinars/\(webinar.id)" }.count == 1, "one snapshot")
            let log = try await WebinarCatalog(store: host.store).auditLog(tenantID: "northwind", webinarID: String(webinar.id))
            let applied = log.filter { $0.trigger == SyncTrigger.webhook.rawValue }
            #expect(!applied.isEmpty && applied.allSatisfy { $0.status != .failed }, "\(applied.map(\.status))")
        }
    }

    /// Reconciles, ends the first upcoming northwind webinar with registrants (its end-of-webinar
    /// snapshot settles the attendance), then completes its recording with Zoom's webhooks held
    /// back; returns the webinar and the held deliveries by event name (the last of each).
    static func endedWithHeldRecordingWebhooks(_ host: RunningHost, _ sandbox: SandboxServer) async throws
        -> (webinar: ZoomWebinarData, held: [String: ZoomWebhookDelivery])
    {
        #expect(try await SyncFaultToleranceTests.reconcile(host, rounds: 1) == 1)
        let webinar = try Self.upcomingWithRegistrants(sandbox)
        try await sandbox.zoom.endWebinar(id: webinar.id)
        await sandbox.zoom.webhooksSettled()
        try #require(try await HostHarness.eventually { try await host.store.inboxDepth(tenantID: "northwind") == 0 })
        sandbox.zoom.faults.update(FaultPlan(dropWebhookRate: 1))
        try await sandbox.zoom.setRecording(webinarID: webinar.id, state: .completed)
        await sandbox.zoom.webhooksSettled()
        sandbox.zoom.faults.update(.none)
        let dropped = sandbox.zoom.webhookDeliveries.filter { $0.outcome == "dropped" }
        return (webinar, Dictionary(dropped.map { ($0.event, $0) }) { _, last in last })
    }

    /// The first upcoming northwind webinar (primary Zoom account) that has registrants.
    static func upcomingWithRegistrants(_ sandbox: SandboxServer) throws -> ZoomWebinarData {
        let account = try #require(sandbox.scenario.zoomAccounts.first { $0.credentials.accountID == "nw-zoom-account" })
        return try #require(
            account.webinars.first { !$0.isZoomEvents && $0.startTime > sandbox.scenario.referenceDate && !$0.registrants.isEmpty })
    }
}
