import ConnectorKit
import Foundation

/// How the webhook events of one webinar, drained together from a tenant's inbox, are
/// applied: from what they carry when that is enough, from a fresh snapshot of the source
/// only when it is not.
///
/// - Registrations (created, approved, pending, denied) and cancellations carry the person
///   and the time: applied as they are, in the source's order, with no source request, when
///   the webinar is known (its record is in the catalog).
/// - A webinar created: nothing when it is known already; else one snapshot (the event's
///   record lacks what the marketing event needs, such as the registration link).
/// - A participant joining or leaving, and an occurrence starting, write nothing yet: the
///   attendance is settled from the snapshot taken when the occurrence ends, the only point
///   at which the source's report is complete (live events may be lost or out of order).
/// - An occurrence ending, a recording or transcript completed, a webinar updated (the event
///   carries only what changed) or deleted, or an unknown webinar: a fresh snapshot, to which the events'
///   registrations and cancellations are added (the source may list a cancelled registration
///   as denied, or not yet list a new one).
public enum WebhookApplication: Sendable, Hashable {
    /// Nothing to write now.
    case nothing
    /// Applied from the events alone: a partial snapshot, synced incrementally.
    case incremental(WebinarSnapshot)
    /// A fresh snapshot, plus the registrations and cancellations the events reported.
    case snapshot(registrations: [Registration], cancellations: [Cancellation])

    /// Decides for the events of one webinar, oldest first; `known` is the webinar's last known
    /// record (nil when the host never saw it), `now` stamps the partial snapshot.
    public static func decide(events: [SourceEvent], known: Webinar?, now: Date) -> WebhookApplication {
        var registrations: [Registration] = []
        var cancellations: [Cancellation] = []
        var needsSnapshot = false
        for event in events {
            switch event {
            case .registered(let registration): registrations.append(registration)
            case .cancelled(let cancellation): cancellations.append(cancellation)
            case .webinarChanged: needsSnapshot = needsSnapshot || known == nil
            case .participantActivity, .webinarStarted, .ignored: break
            case .webinarTouched, .webinarDeleted, .webinarEnded, .recordingCompleted, .transcriptCompleted: needsSnapshot = true
            }
        }
        if needsSnapshot || (known == nil && !(registrations.isEmpty && cancellations.isEmpty)) {
            return .snapshot(registrations: registrations, cancellations: cancellations)
        }
        guard let webinar = known, !registrations.isEmpty || !cancellations.isEmpty else { return .nothing }
        return .incremental(
            WebinarSnapshot(webinar: webinar, registrations: registrations, cancellations: cancellations, takenAt: now))
    }

    /// Adds what webhooks reported to a fresh snapshot. A cancellation is added unless the
    /// snapshot has one for the person; a registration is added when the snapshot does not list
    /// the person as registered (it lists a cancelled registration as denied, or not yet a new
    /// one), so a registration cancelled before the snapshot is still written, then cancelled.
    public static func merge(into snapshot: inout WebinarSnapshot, registrations: [Registration], cancellations: [Cancellation]) {
        let cancelled = Set(snapshot.cancellations.map { EmailAddress.normalized($0.email) })
        snapshot.cancellations += cancellations.filter { !cancelled.contains(EmailAddress.normalized($0.email)) }
        let listed = Set(snapshot.registrations.filter { $0.status != .denied }.map { EmailAddress.normalized($0.email) })
        var latest: [String: Registration] = [:]
        for registration in registrations { latest[EmailAddress.normalized(registration.email)] = registration }
        for (email, registration) in latest.sorted(by: { $0.key < $1.key }) where !listed.contains(email) && registration.status != .denied
        {
            snapshot.registrations.removeAll { EmailAddress.normalized($0.email) == email }
            snapshot.registrations.append(registration)
        }
    }
}
