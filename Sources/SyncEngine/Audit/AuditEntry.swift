import Foundation

/// One affected item of an audit warning (an email, a participant, a record).
public struct AuditItem: Sendable, Codable, Hashable {
    /// The email concerned, when there is one.
    public var email: String?
    /// A name (e.g. of a guest without email), when there is one.
    public var name: String?
    /// Why.
    public var reason: AuditReason
    /// More detail, e.g. the API's error message.
    public var detail: String?

    /// Creates an item.
    public init(email: String? = nil, name: String? = nil, reason: AuditReason, detail: String? = nil) {
        self.email = email
        self.name = name
        self.reason = reason
        self.detail = detail
    }
}

/// A warning of one kind in one sync, with its count and items.
public struct AuditWarning: Sendable, Codable, Hashable {
    /// The kind.
    public var kind: AuditWarningKind
    /// The kind's title.
    public var title: String
    /// What to do.
    public var whatToDo: String
    /// How many items are affected.
    public var count: Int
    /// The affected items.
    public var items: [AuditItem]

    /// Groups items into warnings, one per kind, in the kinds' order; `sourceName` words what to do.
    public static func grouping(_ items: [AuditItem], sourceName: String) -> [AuditWarning] {
        let byKind = Dictionary(grouping: items, by: \.reason.kind)
        return AuditWarningKind.allCases.compactMap { kind in
            guard let items = byKind[kind], !items.isEmpty else { return nil }
            return AuditWarning(
                kind: kind, title: kind.title, whatToDo: kind.whatToDo(sourceName: sourceName), count: items.count, items: items)
        }
    }
}

/// How a sync of one webinar ended.
public enum SyncStatus: String, Sendable, Codable, Hashable {
    /// Everything eligible was synced.
    case synced
    /// Synced, with warnings.
    case syncedWithWarnings = "synced_with_warnings"
    /// Not synced because of settings or support (see the warnings).
    case skipped
    /// The sync failed; it will be retried.
    case failed
}

/// What a sync wrote, in numbers.
public struct SyncCounts: Sendable, Codable, Hashable {
    public var registrants = 0
    public var attendees = 0
    public var cancellations = 0
    public var contactsUpserted = 0
    public var participationsRecorded = 0
    public var timelineEventsCreated = 0
    public var callsWritten = 0
    public var excludedEmails = 0

    /// Creates zero counts.
    public init() {}
}

/// The audit-log entry of one sync of one webinar.
public struct WebinarAuditEntry: Sendable, Codable, Hashable {
    /// Webinar id.
    public var webinarID: String
    /// Webinar topic.
    public var topic: String?
    /// What started it: `webhook`, `schedule`, `sync_now`.
    public var trigger: String
    /// Outcome.
    public var status: SyncStatus
    /// When it started.
    public var startedAt: Date
    /// When it finished.
    public var finishedAt: Date
    /// Counts.
    public var counts: SyncCounts
    /// Warnings, by kind.
    public var warnings: [AuditWarning]
    /// The source's name in sentences (the connector's ``HubSpotProfile/sourceName``), which
    /// the items' explanations use; nil when the sync failed before its source was known.
    public var sourceName: String?
    /// For a failed sync: whether it is retried (`transient`) or cannot succeed (`permanent`);
    /// nil otherwise.
    public var failure: SyncFailure?

    /// The explanation of an item's reason, in this entry's source's words.
    public func explanation(of item: AuditItem) -> String {
        item.reason.explanation(sourceName: sourceName ?? "the source")
    }

    /// Creates an entry.
    public init(
        webinarID: String,
        topic: String?,
        trigger: String,
        status: SyncStatus,
        startedAt: Date,
        finishedAt: Date,
        counts: SyncCounts,
        warnings: [AuditWarning],
        sourceName: String? = nil,
        failure: SyncFailure? = nil
    ) {
        self.webinarID = webinarID
        self.topic = topic
        self.trigger = trigger
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.counts = counts
        self.warnings = warnings
        self.sourceName = sourceName
        self.failure = failure
    }
}
