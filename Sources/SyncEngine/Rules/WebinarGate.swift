import ConnectorKit
import TenantConfig

/// Whether a webinar, and its recording and transcript, may be synced.
public struct WebinarGateDecision: Sendable, Hashable {
    /// Sync the webinar's registrations and attendance.
    public var syncWebinar: Bool
    /// Sync its recording and transcript.
    public var syncRecordings: Bool
    /// Why something is not synced (empty when everything is).
    public var reasons: [AuditReason]
}

/// The settings rules of a webinar (DESIGN §1 "Settings" and "Exclusions").
public enum WebinarGate {
    /// Decides for one webinar of a source account.
    public static func decide(
        webinar: Webinar,
        settings: SyncSettings,
        exclusions: Exclusions,
        account: SourceAccount
    ) -> WebinarGateDecision {
        var reasons: [AuditReason] = []
        if case .unsupported = webinar.support { reasons.append(.unsupportedWebinar) }
        if !settings.global { reasons.append(.globalSyncOff) }
        if !settings.webinars { reasons.append(.webinarSyncOff) }
        let host = webinar.hostEmail
        if let host, exclusions.recordingDomains.contains(where: { EmailAddress.address(host, isInDomain: $0) }) {
            reasons.append(.hostDomainExcluded)
        }
        if !settings.webinarHosts.includes(host) { reasons.append(.hostNotSelected) }
        let policy = account.policy(forHost: host)
        if let override = policy?.webinarOverrides[webinar.id] {
            if !override { reasons.append(.webinarToggledOff) }
        } else if let policy, !policy.syncNewWebinarsByDefault {
            reasons.append(.newWebinarsOffByDefault)
        }
        guard reasons.isEmpty else {
            return WebinarGateDecision(syncWebinar: false, syncRecordings: false, reasons: reasons)
        }
        let recordingsOn = settings.recordingsAndTranscripts.includes(host) && (policy?.syncRecordings ?? true)
        return WebinarGateDecision(
            syncWebinar: true, syncRecordings: recordingsOn, reasons: recordingsOn ? [] : [.recordingSettingOff])
    }
}
