import ArgumentParser
import AsyncHTTPClient
import Foundation
import Host

/// `switchyard inbox list|show|replay|drop TENANT [ID]`: the dead letters of a tenant's inbox,
/// through a running host's admin API (so the host's metrics and inbox worker see each change
/// at once, and tenancy is checked as for every admin request).
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "List, show, replay or drop the dead letters of a tenant's inbox (through a running host).",
        discussion: """
            A dead letter is a webhook whose sync kept failing on transient errors until its retries were used up, or \
            that its connector cannot decode. `replay` makes it due again now, with no attempts; `drop` removes it. \
            Authenticated with --token, $SWITCHYARD_OPERATOR_TOKEN, or the tenant's own admin token from its tenant file.
            """
    )

    /// What to do.
    enum Action: String, ExpressibleByArgument, CaseIterable {
        case list, show, replay, drop
    }

    @Argument(help: "list, show, replay or drop.") var action: Action
    @Argument(help: "Tenant id.") var tenant: String
    @Argument(help: "Dead letter id (show, replay, drop), as `list` prints it.") var id: Int64?
    @Option(name: .long, help: "The running host.") var host = "http://127.0.0.1:8080"
    @Option(name: .long, help: "Bearer token.") var token: String?
    @Option(name: .long, help: "Tenants directory (to read the tenant's admin token).") var tenants = "tenants"

    func validate() throws {
        if action != .list, id == nil {
            throw ValidationError("\(action.rawValue) needs the dead letter's id: switchyard inbox list \(tenant) shows them")
        }
    }

    func run() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        let api = HostAPIClient(
            host: host, bearer: try HostAPIClient.token(token, tenant: tenant, tenantsDirectory: tenants), client: client)
        let path = "/api/v1/tenants/\(tenant)/dead-letters"
        switch action {
        case .list:
            let list: DeadLetterList = try await api.call("GET", path)
            for letter in list.deadLetters { print(Self.line(letter)) }
            print("\(list.deadLetters.count) dead letter(s)")
        case .show:
            let letter: DeadLetterView = try await api.call("GET", "\(path)/\(id ?? 0)")
            print(Self.line(letter))
            print("received \(Self.date(letter.receivedAt)), dead since \(Self.date(letter.deadLetteredAt))")
            print(letter.body ?? "")
        case .replay:
            let done: DeadLetterAction = try await api.call("POST", "\(path)/\(id ?? 0)/replay")
            print("dead letter \(done.id) replayed: the inbox takes it up now")
        case .drop:
            let done: DeadLetterAction = try await api.call("DELETE", "\(path)/\(id ?? 0)")
            print("dead letter \(done.id) dropped")
        }
    }

    private static func line(_ letter: DeadLetterView) -> String {
        "\(letter.id)\t\(letter.connectorType)\t\(letter.eventType)\t\(letter.attempts) attempt(s)\t\(letter.reason)"
    }

    private static func date(_ date: Date) -> String { date.formatted(.iso8601) }
}
