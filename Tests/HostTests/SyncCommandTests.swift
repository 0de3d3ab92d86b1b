import Foundation
import Host
import Testing

/// `switchyard sync` against a running host: starts a sync-now run over the admin API and
/// follows it to its result.
@Suite("CLI: sync")
struct SyncCommandTests {
    /// Runs the binary off the cooperative pool (it blocks while the in-process host answers it).
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        try await SwitchyardBinary.run(arguments, environment: [:])
    }

    @Test("sync --webinar prints the audit summary; a wrong token exits 1 with the host's answer")
    func syncOneWebinar() async throws {
        try await AdminAPIEndToEndTests.withSampleHost { host, _ in
            let sandbox = try #require(host.sandbox)
            let webinar = String(try AdminAPIEndToEndTests.webinarWithExclusion(sandbox).webinar.id)
            let result = try await Self.run([
                "sync", "northwind", "--webinar", webinar, "--host", host.baseURL, "--token", "demo-northwind-admin-token",
            ])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("webinar \(webinar)"))
            #expect(result.output.contains("1 webinar(s) synced: 1 ok, 0 failed"))
            let refused = try await Self.run(["sync", "northwind", "--webinar", webinar, "--host", host.baseURL, "--token", "wrong"])
            #expect(refused.status == 1)
            #expect(refused.error.contains("401"))
        }
    }
}
