import ConnectorKit
import Foundation
import Sandbox
import Testing
import ZoomConnector

@Suite("Zoom connector against the simulator: listing and snapshots")
struct SimulatorSnapshotTests {
    static let account = "nwAccount0001"

    @Test("listing returns the unexpired webinars of the configured hosts, Zoom Events marked")
    func listing() async throws {
        try await SimulatorHarness.run { harness in
            let data = try harness.account(Self.account)
            let hosts = Set(data.credentials.hostEmails.map { $0.lowercased() })
            let now = SimulatorHarness.referenceDate
            let expected = data.webinars.filter {
                hosts.contains($0.hostEmail.lowercased())
                    && $0.scheduledEnd.addingTimeInterval(30 * 86_400) > now
            }
            let listed = try await harness.connector(Self.account).listWebinars()
            #expect(Set(listed.map(\.id)) == Set(expected.map { String($0.id) }))
            #expect(listed.count == expected.count)
            // The events.zoom.us webinar and the Zoom Event session with ordinary links.
            let zoomEvents = [
                String(try harness.notable("zoomEvents")), String(try harness.notable("zoomEventSession")),
            ]
            for webinar in listed {
                let isUnsupported: Bool
                if case .unsupported = webinar.support {
                    isUnsupported = true
                } else {
                    isUnsupported = false
                }
                #expect(isUnsupported == zoomEvents.contains(webinar.id), "\(webinar.id) \(webinar.topic)")
                #expect(webinar.hostEmail.map { hosts.contains($0.lowercased()) } == true)
            }
        }
    }

    @Test("a past webinar's snapshot matches the simulator's data")
    func pastWebinarSnapshots() async throws {
        try await SimulatorHarness.run { harness in
            let data = try harness.account(Self.account)
            let connector = try harness.connector(Self.account)
            let people = harness.scenario.tenants[0].notablePeople
            // Webinars Zoom still has (those expired 30 days after they ran: PastWebinarListingTests).
            let now = SimulatorHarness.referenceDate
            let held = data.webinars.filter {
                !$0.instances.isEmpty && !$0.isZoomEvents && $0.scheduledEnd.addingTimeInterval(30 * 86_400) > now
            }
            try #require(!held.isEmpty)
            for webinar in held {
                let snapshot = try await connector.snapshot(webinarID: String(webinar.id))
                try check(snapshot, against: webinar, people: people)
            }
        }
    }

    private func check(
        _ snapshot: WebinarSnapshot, against webinar: ZoomWebinarData, people: [ScenarioPerson]
    ) throws {
        #expect(snapshot.webinar.topic == webinar.topic)
        #expect(snapshot.webinar.hostEmail == webinar.hostEmail)
        #expect(snapshot.problems == [], "\(webinar.id): \(snapshot.problems)")
        #expect(snapshot.instances.map(\.uuid) == webinar.instances.map(\.uuid), "\(webinar.id)")
        for (instance, truth) in zip(snapshot.instances, webinar.instances) {
            #expect(instance.startTime == truth.startTime)
            #expect(instance.endTime == truth.endTime)
            #expect(instance.durationSeconds == Int(truth.endTime.timeIntervalSince(truth.startTime)))
        }
        #expect(snapshot.registrations.count == webinar.registrants.count)
        #expect(
            Set(snapshot.registrations.compactMap(\.registrantID)) == Set(webinar.registrants.map(\.id)))
        // Everyone whose rows carry an email attends, once per instance.
        let emails = Set(
            webinar.instances.flatMap(\.participants).map(\.email).filter { !$0.isEmpty }
                .map { $0.lowercased() })
        #expect(emails.isSubset(of: Set(snapshot.attendance.map(\.email))))
        #expect(snapshot.attendance.allSatisfy { ($0.percentOfWebinar ?? 0) <= 100 })
        #expect(snapshot.attendance.allSatisfy { $0.totalSeconds > 0 })
        for person in people where person.webinarID == webinar.id {
            switch person.role {
            case .guestMatchedByRegistrantID:
                let attendance = snapshot.attendance.first { $0.email == person.email.lowercased() }
                #expect(attendance?.emailSource == .registrant, "\(person.name)")
            case .unmatchedGuest:
                #expect(snapshot.unmatchedParticipants.contains { $0.name == person.name })
            default:
                break
            }
        }
        let latest = try #require(webinar.instances.last)
        let recording = try #require(snapshot.recording)
        if latest.recording.state == .completed {
            #expect(recording.state == .completed)
            #expect(snapshot.transcript?.webVTT == latest.recording.transcriptVTT)
        } else {
            #expect(recording.state != .completed)
            #expect(snapshot.transcript == nil)
        }
    }

    @Test("UUIDs beginning with / or containing // reach the report (double-encoded)")
    func slashUUIDs() async throws {
        try await SimulatorHarness.run { harness in
            let connector = try harness.connector(Self.account)
            for name in ["slashUUID", "doubleSlashUUID"] {
                let id = try harness.notable(name)
                let snapshot = try await connector.snapshot(webinarID: String(id))
                let uuid = try #require(snapshot.instances.first?.uuid)
                #expect(uuid.hasPrefix("/") || uuid.contains("//"))
                #expect(snapshot.instances.first?.endTime != nil, "the report was found")
                #expect(!snapshot.attendance.isEmpty)
                #expect(snapshot.problems.isEmpty, "\(snapshot.problems)")
            }
        }
    }

    @Test("the Zoom Events webinar is unsupported with its reason, and not read further")
    func zoomEventsUnsupported() async throws {
        try await SimulatorHarness.run { harness in
            let id = try harness.notable("zoomEvents")
            let before = harness.simulator.requestLog.all.count
            let snapshot = try await harness.connector(Self.account).snapshot(webinarID: String(id))
            guard case .unsupported(let reason) = snapshot.webinar.support else {
                Issue.record("the Zoom Events webinar should be unsupported")
                return
            }
            #expect(reason.contains("Zoom Events"))
            #expect(snapshot.attendance.isEmpty && snapshot.registrations.isEmpty)
            let paths = harness.simulator.requestLog.all.dropFirst(before).map(\.path)
            #expect(paths.filter { $0.hasPrefix("/v2/") } == ["/v2/webinars/\(id)"])
        }
    }
}
