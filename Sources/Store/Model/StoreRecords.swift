import Foundation

/// A webhook delivery waiting in a tenant's durable inbox.
public struct InboxItem: Sendable, Codable, Hashable {
    /// Store-assigned id, increasing in arrival order.
    public var id: Int64
    /// The tenant it was routed to.
    public var tenantID: String
    /// The connector type that verified it (e.g. `zoom`).
    public var connectorType: String
    /// The connector instance's routing key (e.g. the Zoom account id).
    public var routingKey: String
    /// Identifies the delivery's content; a second delivery with the same key is a replay.
    public var deliveryKey: String
    /// Event type, e.g. `webinar.registration_created`.
    public var eventType: String
    /// The raw body as received.
    public var body: Data
    /// When the host received it.
    public var receivedAt: Date
    /// Processing attempts so far.
    public var attempts: Int
    /// The error of the last failed attempt.
    public var lastError: String?
    /// Not to be processed before this time (backoff after a failure).
    public var notBefore: Date?
    /// When it became a dead letter (its retries were used up, or it can never be processed;
    /// ``lastError`` says why); nil while it waits to be processed. Dead letters are never
    /// claimed, and are not counted in the inbox's depth, until they are replayed.
    public var deadLetteredAt: Date? = nil
}

/// A webhook delivery to add to an inbox.
public struct NewInboxItem: Sendable, Hashable {
    public var tenantID: String
    public var connectorType: String
    public var routingKey: String
    public var deliveryKey: String
    public var eventType: String
    public var body: Data
    public var receivedAt: Date

    /// Creates an item.
    public init(
        tenantID: String,
        connectorType: String,
        routingKey: String,
        deliveryKey: String,
        eventType: String,
        body: Data,
        receivedAt: Date
    ) {
        self.tenantID = tenantID
        self.connectorType = connectorType
        self.routingKey = routingKey
        self.deliveryKey = deliveryKey
        self.eventType = eventType
        self.body = body
        self.receivedAt = receivedAt
    }
}

/// The result of appending to an inbox.
public enum InboxAppendOutcome: Sendable, Hashable {
    /// Stored under this id.
    case stored(id: Int64)
    /// A delivery with the same key was already stored (a replay); nothing was added.
    case duplicate(existingID: Int64)
}

/// What the sync wrote for one source object, so a replay or re-sync writes nothing twice.
public struct LedgerEntry: Sendable, Codable, Hashable {
    /// Tenant.
    public var tenantID: String
    /// Identifies the source object and the kind of write, e.g. `zoom:812…:registration:ada@example.com`.
    public var key: String
    /// The kind of HubSpot object written, e.g. `contact`, `timeline_event`, `call`.
    public var target: String
    /// The HubSpot id of what was written, when it has one.
    public var targetID: String?
    /// Hash of the content written; a different hash means the object must be updated.
    public var contentHash: String
    /// When it was last written.
    public var updatedAt: Date

    /// Creates an entry.
    public init(
        tenantID: String, key: String, target: String, targetID: String?, contentHash: String,
        updatedAt: Date
    ) {
        self.tenantID = tenantID
        self.key = key
        self.target = target
        self.targetID = targetID
        self.contentHash = contentHash
        self.updatedAt = updatedAt
    }
}

/// A person's participation in one webinar: the facts the four contact properties are
/// computed from, kept per tenant and source so totals stay exact across webinars and re-syncs.
public struct ParticipationFact: Sendable, Codable, Hashable {
    /// Tenant.
    public var tenantID: String
    /// The connector type of the webinar's source: each source's totals count only its own facts.
    public var connectorType: String
    /// Normalized (lower-cased) email.
    public var email: String
    /// Webinar id.
    public var webinarID: String
    /// Whether the person registered.
    public var registered: Bool
    /// When they registered.
    public var registeredAt: Date?
    /// The webinar's URL recorded for the "last registered webinar" property.
    public var webinarURL: String?
    /// Whether the person attended.
    public var attended: Bool
    /// Share of the webinar attended, 0–100.
    public var attendancePercent: Double?

    /// Creates a fact.
    public init(
        tenantID: String,
        connectorType: String,
        email: String,
        webinarID: String,
        registered: Bool,
        registeredAt: Date? = nil,
        webinarURL: String? = nil,
        attended: Bool,
        attendancePercent: Double? = nil
    ) {
        self.tenantID = tenantID
        self.connectorType = connectorType
        self.email = email
        self.webinarID = webinarID
        self.registered = registered
        self.registeredAt = registeredAt
        self.webinarURL = webinarURL
        self.attended = attended
        self.attendancePercent = attendancePercent
    }
}

/// One audit-log record of one sync of one webinar. The sync engine owns the payload's
/// format (JSON); the store keeps it with the columns needed to list and filter.
public struct AuditRecord: Sendable, Codable, Hashable {
    /// Store-assigned id (0 before it is stored).
    public var id: Int64
    /// Tenant.
    public var tenantID: String
    /// Webinar id.
    public var webinarID: String
    /// What started the sync: `webhook`, `schedule`, `sync_now`.
    public var trigger: String
    /// Outcome: e.g. `synced`, `synced_with_warnings`, `skipped`, `failed`.
    public var status: String
    /// When the sync started.
    public var startedAt: Date
    /// When it finished.
    public var finishedAt: Date
    /// The sync engine's detailed record (JSON).
    public var payload: Data

    /// Creates a record.
    public init(
        id: Int64 = 0,
        tenantID: String,
        webinarID: String,
        trigger: String,
        status: String,
        startedAt: Date,
        finishedAt: Date,
        payload: Data
    ) {
        self.id = id
        self.tenantID = tenantID
        self.webinarID = webinarID
        self.trigger = trigger
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.payload = payload
    }
}
