import Foundation
import Composition
import Host
import Logging
import Sandbox
import ServiceLifecycle
import SyncEngine
import Synchronization
import Testing

/// A pending workflow action survives a host restart: the simulators run on their own (so
/// HubSpot keeps waiting for the callback), two hosts run one after the other on one state file.
@Suite("Workflow action: durable across a host restart")
struct WorkflowActionRestartTests {
    @Test("an execution answered BLOCK before a restart is registered and completed by the next host")
    func completesAfterRestart() async throws {
        let samples = try HostHarness.sampleTenants()
        let scenario = StandaloneSandbox(bindAddress: "127.0.0.1", port: 0, seed: 7, tenantsDirectory: samples, logger: Logger(label: "t"))
            .scenario(environment: [:])
        let server = SandboxServer(scenario: scenario)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.makeApplication(host: "127.0.0.1", port: 0) { continuation.yield($0) }
        let statePath = NSTemporaryDirectory() + "switchyard-restart-\(UUID().uuidString)/state.sqlite"
        try await withGracefulServices([app], logger: Logger(label: "sandbox")) {
            var iterator = ports.makeAsyncIterator()
            let origin = "http://127.0.0.1:\(try #require(await iterator.next()))"
            // The host's tenants point at the standalone simulators instead of `sandbox`.
            let northwind = try String(contentsOfFile: samples + "/northwind.yaml", encoding: .utf8)
                .replacingOccurrences(of: "        api_base: sandbox", with: "        api_base: \(origin)/v2")
                .replacingOccurrences(of: "  api_base: sandbox", with: "  api_base: \(origin)")
                .replacingOccurrences(of: "oauth_base: sandbox", with: "oauth_base: \(origin)")
            try FileManager.default.removeItem(atPath: samples + "/contoso.yaml")
            try northwind.write(toFile: samples + "/northwind.yaml", atomically: true, encoding: .utf8)
            let configure: @Sendable (inout HostSettings) -> Void = {
                $0.statePath = statePath
                $0.workflowActionResponseBudget = .milliseconds(200)
            }
            let tenant = try #require(scenario.tenants.first { $0.hubSpot.credentials.portalID == 4_400_123 })
            let webinar = try #require(
                tenant.zoomAccounts[0].webinars.first { $0.startTime > Date() && $0.questions.allSatisfy { !$0.required } })
            let callback = LockedValue<String>()

            server.zoom.faults.update(FaultPlan(rateLimitBurst: 100_000))
            try await HostHarness.withHost(tenants: samples, sandbox: .off, environment: [:], configure: configure) { host, _ in
                let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
                try await host.coordinator.prepare(runtime)
                let definition = try #require(server.hubspot.snapshot(portalID: 4_400_123)?.actionDefinitions.first)
                let contact = try #require(
                    server.hubspot.snapshot(portalID: 4_400_123)?.contacts.first { $0.properties["firstname"] != nil })
                let delivery = try await server.hubspot.sendWorkflowAction(
                    portalID: 4_400_123,
                    WorkflowActionRequest(
                        url: "", definitionID: definition.id, objectID: contact.id, inputFields: ["webinar_id": String(webinar.id)]))
                #expect(WorkflowActionScene.outputs(delivery.responseBody)["hs_execution_state"] == "BLOCK")
                callback.set(delivery.callbackID)
                let stored = try await host.workflowExecutions?.workflowExecution(callbackID: delivery.callbackID)
                #expect(stored?.state == .pending)
            }
            let callbackID = try #require(callback.get())
            #expect(server.hubspot.snapshot(portalID: 4_400_123)?.callbackCompletions.isEmpty == true)

            server.zoom.faults.update(FaultPlan())
            try await HostHarness.withHost(tenants: samples, sandbox: .off, environment: [:], configure: configure) { host, _ in
                let completed = try await waitUntil(seconds: 60) {
                    server.hubspot.snapshot(portalID: 4_400_123)?.callbackCompletions.contains { $0.callbackID == callbackID } == true
                }
                #expect(completed)
                let completion = server.hubspot.snapshot(portalID: 4_400_123)?.callbackCompletions.first { $0.callbackID == callbackID }
                #expect(completion?.outputFields["hs_execution_state"] == "SUCCESS", "\(completion?.outputFields ?? [:])")
                // HubSpot has the completion a moment before the host has stored that it delivered it.
                let done = try await waitUntil(seconds: 30) {
                    try await host.workflowExecutions?.workflowExecution(callbackID: callbackID)?.state == .done
                }
                #expect(done)
            }
        }
    }
}

/// A value set in one closure and read after it.
final class LockedValue<Value: Sendable>: Sendable {
    private let storage = Mutex<Value?>(nil)
    func set(_ value: Value) { storage.withLock { $0 = value } }
    func get() -> Value? { storage.withLock { $0 } }
}
