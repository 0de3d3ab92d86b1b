import Foundation

/// A row of the tenant list.
struct TenantRow: Sendable {
    var id: String
    var displayName: String
    var href: String
    var health: Badge
    var errors: [String]
    var portalID: Int
    var connectors: [String]
    var inboxDepth: Int
    var deadLetters: Int
    var version: String
    var loadedAt: String

    init(_ summary: TenantSummary) {
        id = summary.id
        displayName = summary.displayName
        href = ConsolePaths.tenant(summary.id)
        health = Badge.health(summary.state, connectorFailing: !summary.connectorErrors.isEmpty)
        errors = summary.lastReloadErrors + summary.connectorErrors
        portalID = summary.portalID
        connectors = summary.connectors
        inboxDepth = summary.inboxDepth
        deadLetters = summary.deadLetters
        version = summary.configVersion.hash
        loadedAt = ConsoleFormat.date(summary.configVersion.loadedAt)
    }
}

/// The tenant list.
struct TenantListContent: Sendable {
    var tenants: [TenantRow]
    /// Tenant files that do not load (the operator's only).
    var brokenFiles: [FailedTenantFile]
}

/// A host selection in words.
struct SelectionModel: Sendable {
    var summary: String
    var users: [String]

    init(_ view: HostSelectionView, sourceNames: String) {
        summary = ConsoleFormat.selection(view.mode, users: view.users, sourceNames: sourceNames)
        users = view.mode == "selected" ? view.users : []
    }
}

/// A per-webinar toggle of a host.
struct ToggleModel: Sendable {
    var webinarID: String
    var state: Badge
}

/// A webinar host's per-user settings.
struct HostUserModel: Sendable {
    var email: String
    var newWebinars: Badge
    var recordings: Badge
    var toggles: [ToggleModel]

    init(_ user: HostUserView) {
        email = user.email
        newWebinars = .onOff(user.syncNewWebinarsByDefault)
        recordings = .onOff(user.syncRecordingsAndTranscripts)
        toggles = user.webinarToggles.sorted { $0.key < $1.key }.map { ToggleModel(webinarID: $0.key, state: .onOff($0.value)) }
    }
}

/// A connected account of a business unit.
struct AccountModel: Sendable {
    var connectorLabel: String
    var accountID: String
    var running: Bool
    var users: [HostUserModel]

    init(_ account: ConnectedAccountView) {
        connectorLabel = account.sourceName
        accountID = account.accountID
        running = account.running
        users = account.users.map(HostUserModel.init)
    }
}

/// A business unit.
struct BusinessUnitModel: Sendable {
    var id: Int
    var name: String
    var primary: Bool
    var accounts: [AccountModel]

    init(_ unit: BusinessUnitView) {
        id = unit.id
        name = unit.name
        primary = unit.primary
        accounts = unit.connectedAccounts.map(AccountModel.init)
    }
}

/// The tenant page: health, settings in the words of HubSpot's webinar integrations, business units.
/// Secrets are never part of it (not even redacted).
struct TenantContent: Sendable {
    var health: Badge
    var errors: [String]
    var portalID: Int
    var version: String
    var loadedAt: String
    var webinarsHref: String
    var contactHref: String
    var globalSync: Badge
    var webinarSync: Badge
    var webinarSyncBlocked: Bool
    var webinarHosts: SelectionModel
    var recordings: SelectionModel
    var reconcileMinutes: Int
    var recordingDomains: [String]
    var contactDomains: [String]
    var businessUnits: [BusinessUnitModel]
    var deadLetters: [DeadLetterRow]
    var replayHint: String

    init(summary: TenantSummary, settings: TenantSettingsView, deadLetters: [DeadLetterView] = []) {
        self.deadLetters = deadLetters.map(DeadLetterRow.init)
        replayHint = "switchyard inbox replay \(summary.id) ID"
        health = Badge.health(summary.state, connectorFailing: !summary.connectorErrors.isEmpty)
        errors = summary.lastReloadErrors
        portalID = settings.hubSpot.portalID
        version = settings.configVersion.hash
        loadedAt = ConsoleFormat.date(settings.configVersion.loadedAt)
        webinarsHref = ConsolePaths.webinars(summary.id)
        contactHref = ConsolePaths.contact(summary.id)
        globalSync = .onOff(settings.sync.globalSync)
        webinarSync = .onOff(settings.sync.webinarSync)
        webinarSyncBlocked = settings.sync.webinarSync && !settings.sync.globalSync
        let sources = settings.businessUnits.flatMap(\.connectedAccounts).map(\.sourceName)
        let sourceNames = sources.enumerated().filter { !sources[..<$0.offset].contains($0.element) }.map(\.element)
            .joined(separator: "/")
        webinarHosts = SelectionModel(settings.sync.webinarHosts, sourceNames: sourceNames)
        recordings = SelectionModel(settings.sync.recordingsAndTranscripts, sourceNames: sourceNames)
        reconcileMinutes = max(1, settings.sync.reconcileIntervalSeconds / 60)
        recordingDomains = settings.exclusions.recordingDomains
        contactDomains = settings.exclusions.contactDomains
        businessUnits = settings.businessUnits.map(BusinessUnitModel.init)
    }
}

/// A dead letter on the tenant page.
struct DeadLetterRow: Sendable {
    var id: Int64
    var eventType: String
    var receivedAt: String
    var deadLetteredAt: String
    var attempts: Int
    var reason: String

    init(_ view: DeadLetterView) {
        id = view.id
        eventType = view.eventType
        receivedAt = ConsoleFormat.date(view.receivedAt)
        deadLetteredAt = ConsoleFormat.date(view.deadLetteredAt)
        attempts = view.attempts
        reason = view.reason
    }
}
