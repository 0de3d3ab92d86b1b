import Foundation
import Synchronization

/// The simulator's mutable state: accounts, issued tokens and the run-time id generator.
///
/// Thread-safe; every read and write goes through one lock.
final class ZoomStore: Sendable {
    struct IssuedToken: Sendable, Codable {
        var accountID: String
        var expiresAt: Date
    }

    struct State: Sendable, Codable {
        var accountOrder: [String]
        var accounts: [String: ZoomAccountData]
        var tokens: [String: IssuedToken] = [:]
        var generator: SeededGenerator
    }

    private let state: Mutex<State>
    /// Signalled after every access that may have changed the state (for persistence).
    let changes = ChangeSignal()

    init(accounts: [ZoomAccountData], seed: UInt64) {
        var byID: [String: ZoomAccountData] = [:]
        for account in accounts {
            byID[account.credentials.accountID] = account
        }
        state = Mutex(
            State(
                accountOrder: accounts.map(\.credentials.accountID),
                accounts: byID,
                generator: SeededGenerator(seed: seed ^ 0x5A00_4D5F_5349_4D00)
            )
        )
    }

    /// Runs `body` with exclusive access to the state.
    func withState<T>(_ body: (inout State) throws -> T) rethrows -> T {
        defer { changes.signal() }
        return try state.withLock { try body(&$0) }
    }

    /// A copy of the whole state (saving the sandbox; signals no change).
    var snapshot: State {
        state.withLock { $0 }
    }

    /// Replaces the whole state (restoring a saved sandbox).
    func replaceState(_ saved: State) {
        state.withLock { $0 = saved }
    }

    /// Every account, in configuration order.
    var accounts: [ZoomAccountData] {
        withState { state in state.accountOrder.compactMap { state.accounts[$0] } }
    }

    /// One account.
    func account(_ accountID: String) -> ZoomAccountData? {
        withState { $0.accounts[accountID] }
    }

    /// Reads one webinar of an account.
    func webinar(accountID: String, id: Int64) -> ZoomWebinarData? {
        withState { state in state.accounts[accountID]?.webinars.first { $0.id == id } }
    }

    /// Mutates one webinar of an account and returns what `body` returns, or nil when absent.
    func updateWebinar<T>(
        accountID: String, id: Int64, _ body: (inout ZoomWebinarData, inout SeededGenerator) throws -> T
    ) rethrows -> T? {
        try withState { state in
            guard var account = state.accounts[accountID],
                let index = account.webinars.firstIndex(where: { $0.id == id })
            else { return nil }
            let result = try body(&account.webinars[index], &state.generator)
            state.accounts[accountID] = account
            return result
        }
    }

    /// Finds the account and webinar of a webinar id in any account (control routes).
    func locateWebinar(id: Int64) -> (accountID: String, webinar: ZoomWebinarData)? {
        withState { state in
            for accountID in state.accountOrder {
                if let webinar = state.accounts[accountID]?.webinars.first(where: { $0.id == id }) {
                    return (accountID, webinar)
                }
            }
            return nil
        }
    }

    /// Sets (or clears) the URL an account's webhooks are pushed to.
    func setWebhookURL(accountID: String, url: String?) -> Bool {
        withState { state in
            guard state.accounts[accountID] != nil else { return false }
            state.accounts[accountID]?.credentials.webhookURL = url
            return true
        }
    }
}

/// An instance of a webinar found by id (latest instance) or by instance UUID.
struct ZoomInstanceRef: Sendable {
    var webinar: ZoomWebinarData
    var instanceIndex: Int

    var instance: ZoomInstanceData { webinar.instances[instanceIndex] }
}

extension ZoomStore {
    /// Resolves `id` (numeric: the latest past instance) or an instance UUID within an account.
    func instance(accountID: String, idOrUUID: String) -> ZoomInstanceRef? {
        guard let account = account(accountID) else { return nil }
        if let numericID = Int64(idOrUUID) {
            guard let webinar = account.webinars.first(where: { $0.id == numericID }),
                !webinar.instances.isEmpty
            else { return nil }
            return ZoomInstanceRef(webinar: webinar, instanceIndex: webinar.instances.count - 1)
        }
        for webinar in account.webinars {
            if let index = webinar.instances.firstIndex(where: { $0.uuid == idOrUUID }) {
                return ZoomInstanceRef(webinar: webinar, instanceIndex: index)
            }
        }
        return nil
    }
}
