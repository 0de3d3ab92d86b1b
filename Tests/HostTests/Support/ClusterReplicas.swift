import Foundation
import Sandbox
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The replica processes of a test cluster by index; a replica started again after a kill
/// takes the killed one's place (same index, port and settings).
final class ReplicaSlots: Sendable {
    private let replicas: Mutex<[HostProcess]>

    init(_ replicas: [HostProcess]) { self.replicas = Mutex(replicas) }

    /// The processes now.
    var current: [HostProcess] { replicas.withLock { $0 } }

    /// Puts `replica` in slot `index`.
    func replace(_ index: Int, with replica: HostProcess) { replicas.withLock { $0[index] = replica } }
}

extension ClusterEndToEndTests.Cluster {
    /// Starts replica `index` again (it must have been killed) with its arguments and
    /// environment, and waits up to 30 s until its `/health` answers: from then on it handles
    /// SIGTERM gracefully like the others. Returns whether it answered.
    @discardableResult
    func restart(_ index: Int) async throws -> Bool {
        let old = replicas[index]
        precondition(!old.process.isRunning, "restart replica \(index) after killing it")
        slots.replace(index, with: try old.restarted())
        return try await poll(seconds: 30, every: .milliseconds(100)) { try await owned(by: index) != nil }
    }

    /// Waits until every replica answers `/health` (each within 60 s); one that exits first or
    /// stays silent (its port taken, its database unreachable) ends the test at once with how it
    /// ended and its last log lines, instead of the test waiting out every step without it.
    func awaitStarted() async throws {
        for index in replicas.indices {
            let replica = replicas[index]
            let answered = try await poll(seconds: 60, every: .milliseconds(100)) {
                guard replica.process.isRunning else { return true }
                return try await owned(by: index) != nil
            }
            guard answered, replica.process.isRunning else {
                throw ClusterTestError.replicaDidNotStart(index: index, ending: replica.ending, lastLines: Self.lastLines(replica.log, 40))
            }
        }
    }

    /// The first of `candidates` (nil: the replicas running at each look) seen owning `tenant`
    /// within `seconds` (nil: none).
    func newOwner(of tenant: String, among candidates: [Int]?, seconds: Double) async throws -> Int? {
        var owner: Int?
        _ = try await poll(seconds: seconds, every: .milliseconds(100)) {
            let indices = candidates ?? replicas.indices.filter { replicas[$0].process.isRunning }
            for index in indices where try await owned(by: index)?.contains(tenant) == true {
                owner = index
                return true
            }
            return false
        }
        return owner
    }

    /// SIGTERM to the replicas still running, then waits for each without blocking a thread
    /// (their graceful shutdown needs this process's sandbox and balancer to answer). Each must
    /// exit with 0 (or have been killed by the test): otherwise the issue says how and when it
    /// ended (before SIGTERM was sent or after) and shows its last log lines (an error thrown out of the host, a crash's message).
    func stopAll() async throws {
        let replicas = self.replicas
        let running = replicas.map(\.process.isRunning)
        for replica in replicas where replica.process.isRunning { replica.process.terminate() }
        for (index, replica) in replicas.enumerated() {
            let when = running[index] ? "after SIGTERM" : "before SIGTERM (while the test ran)"
            let status = try await replica.exitStatus()
            let killed = replica.process.terminationReason == .uncaughtSignal && status == SIGKILL
            let clean = replica.process.terminationReason == .exit && status == 0
            #expect(
                clean || killed,
                "replica \(index) ended with \(replica.ending) \(when); its last log lines:\n\(Self.lastLines(replica.log, 40))")
        }
    }

    /// The last `count` lines of `log`.
    static func lastLines(_ log: String, _ count: Int) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }
}

/// Duplicates in the sandbox's HubSpot portals, read directly from its records (not through
/// ``PortalState``): a contact email held by two active contacts, a timeline event id used
/// twice for one template, a contact with two participations in one marketing event, one
/// attendance call recorded twice, a call (title and recording) created twice.
enum HubSpotDuplicates {
    static func find(in server: SandboxServer, portals: [Int]) -> [String] {
        var found: [String] = []
        for portal in portals {
            guard let snapshot = server.hubspot.snapshot(portalID: portal) else { continue }
            func report(_ what: String, _ keys: [String]) {
                let counts = Dictionary(keys.map { ($0, 1) }, uniquingKeysWith: +)
                for (key, count) in counts.sorted(by: { $0.key < $1.key }) where count > 1 {
                    found.append("portal \(portal): \(what) \(key) × \(count)")
                }
            }
            report("contact", snapshot.contacts.map { ($0.properties["email"] ?? "no email \($0.id)").lowercased() })
            report("timeline event", snapshot.timelineEvents.map { "\($0.eventTemplateID)/\($0.id)" })
            report(
                "participation",
                snapshot.marketingEvents.flatMap { event in event.participations.map { "\(event.externalEventID) \($0.contactID)" } })
            report(
                "attendance call",
                snapshot.marketingEvents.flatMap { event in
                    event.participations.flatMap { participation in
                        participation.interactions.map {
                            "\(event.externalEventID) \(participation.contactID) \($0.subscriberState)@\($0.interactionDateTime)"
                        }
                    }
                })
            report(
                "call",
                snapshot.calls.map { call in
                    ["hs_call_title", "hs_call_recording_url"].map { call.properties[$0] ?? "-" }.joined(separator: " ")
                })
        }
        return found
    }
}
