import Foundation
import Store

/// A webhook delivery that became a dead letter: its sync failed on transient errors until
/// its retries were used up, or its connector could not decode it. It stays until an operator
/// replays it (due again now, attempts reset) or drops it.
public struct DeadLetterView: Sendable, Codable, Hashable {
    /// The inbox item's id (what `switchyard inbox show|replay|drop` take).
    public var id: Int64
    /// The connector type that verified it.
    public var connectorType: String
    /// The source's event type, e.g. `webinar.registration_created`.
    public var eventType: String
    /// When the host received it.
    public var receivedAt: Date
    /// When it became a dead letter.
    public var deadLetteredAt: Date
    /// Attempts made.
    public var attempts: Int
    /// Why: the last failure's reason.
    public var reason: String
    /// The raw body as received (only when one dead letter is shown).
    public var body: String?

    init(_ item: InboxItem, withBody: Bool) {
        id = item.id
        connectorType = item.connectorType
        eventType = item.eventType
        receivedAt = item.receivedAt
        deadLetteredAt = item.deadLetteredAt ?? item.receivedAt
        attempts = item.attempts
        reason = item.lastError ?? "unknown"
        body = withBody ? String(decoding: item.body, as: UTF8.self) : nil
    }
}

/// `GET /tenants/{tenant}/dead-letters`.
public struct DeadLetterList: Sendable, Codable, Hashable {
    /// Oldest first.
    public var deadLetters: [DeadLetterView]
}

/// The answer to a replay or a drop.
public struct DeadLetterAction: Sendable, Codable, Hashable {
    /// What was done.
    public enum Action: String, Sendable, Codable, CaseIterable {
        /// Due again now; the inbox worker takes it up at once.
        case replayed
        /// Removed for good.
        case dropped
    }

    /// The item.
    public var id: Int64
    /// What was done.
    public var action: Action
}

extension AdminServices {
    /// The dead letters of a tenant the principal may see, oldest first.
    public func deadLetters(_ tenantID: String, for principal: AdminPrincipal) async throws -> [DeadLetterView] {
        let runtime = try await access.tenant(tenantID, for: principal)
        return try await board().list(tenantID: runtime.id).map { DeadLetterView($0, withBody: false) }
    }

    /// One dead letter, with its body; 404 when the tenant has none with this id.
    public func deadLetter(_ tenantID: String, id: Int64, for principal: AdminPrincipal) async throws -> DeadLetterView {
        let runtime = try await access.tenant(tenantID, for: principal)
        guard let item = try await board().item(tenantID: runtime.id, id: id) else { throw Self.noDeadLetter(tenantID, id) }
        return DeadLetterView(item, withBody: true)
    }

    /// Replays or drops a dead letter; 404 when the tenant has none with this id.
    public func act(on tenantID: String, id: Int64, _ action: DeadLetterAction.Action, for principal: AdminPrincipal) async throws
        -> DeadLetterAction
    {
        let runtime = try await access.tenant(tenantID, for: principal)
        let board = try board()
        let done =
            switch action {
            case .replayed: try await board.replay(tenantID: runtime.id, id: id)
            case .dropped: try await board.drop(tenantID: runtime.id, id: id)
            }
        guard done else { throw Self.noDeadLetter(tenantID, id) }
        return DeadLetterAction(id: id, action: action)
    }

    private func board() throws -> DeadLetterBoard {
        guard let deadLetters else { throw AdminError(.internalError, "this host keeps no dead letters") }
        return deadLetters
    }

    private static func noDeadLetter(_ tenantID: String, _ id: Int64) -> AdminError {
        .notFound("tenant '\(tenantID)' has no dead letter \(id); GET /api/v1/tenants/\(tenantID)/dead-letters lists them")
    }
}
