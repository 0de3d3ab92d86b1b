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
/// - A recording completed, alone in the batch, of a known webinar: applied as the event carries
///   it (files, share URL, times), with no source request; its call and "recording available"
///   timeline events reach the webinar's registrants and attendees as stored (the attendance was
///   settled by the snapshot taken when the occurrence ended). Its transcript, when the source
///   has one later, comes with the transcript's event.
/// - A transcript completed (alone, or with its recording's event), of a known webinar, from a
///   connector that can read one recording (capability `recording_fetch`): that occurrence's
///   recording and transcript are read from the source (``Connector/recording(webinarID:instanceUUID:)``,
///   a request or two instead of a snapshot) and applied like a recording alone; the call record
///   of the recording gets the transcript.
/// - An occurrence ending, a transcript completed otherwise (its file must be downloaded from the
///   source), a recording not (yet) completed, a webinar updated (the event carries only what
///   changed) or deleted, or an unknown webinar: a fresh snapshot, to which the events'
///   registrations and cancellations are added (the source may list a cancelled registration as
///   denied, or not yet list a new one).
public enum WebhookApplication: Sendable, Hashable {
    /// Nothing to write now.
    case nothing
    /// Applied from the events alone: a partial snapshot, synced incrementally.
    case incremental(WebinarSnapshot)
    /// A fresh snapshot, plus the registrations and cancellations the events reported.
    case snapshot(registrations: [Registration], cancellations: [Cancellation])
    /// One occurrence's recording and transcript read from the source (the latest occurrence when
    /// `instanceUUID` is nil), applied with the webinar's last known record, synced incrementally.
    case recording(Webinar, instanceUUID: String?)

    /// Decides for the events of one webinar, oldest first; `known` is the webinar's last known
    /// record (nil when the host never saw it), `now` stamps the partial snapshot;
    /// `fetchesRecordings`: the webinar's connector reads one recording without a snapshot
    /// (capability `recording_fetch`).
    public static func decide(events: [SourceEvent], known: Webinar?, now: Date, fetchesRecordings: Bool = false)
        -> WebhookApplication
    {
        var registrations: [Registration] = []
        var cancellations: [Cancellation] = []
        var recording: Recording?
        var transcripts: [String?] = []
        var needsSnapshot = false
        for event in events {
            switch event {
            case .registered(let registration): registrations.append(registration)
            case .cancelled(let cancellation): cancellations.append(cancellation)
            case .webinarChanged: needsSnapshot = needsSnapshot || known == nil
            case .participantActivity, .webinarStarted, .ignored: break
            case .recordingCompleted(let completed) where completed.state == .completed: recording = completed
            case .transcriptCompleted(_, let instanceUUID) where fetchesRecordings:
                if !transcripts.contains(instanceUUID) { transcripts.append(instanceUUID) }
            case .webinarTouched, .webinarDeleted, .webinarEnded, .recordingCompleted, .transcriptCompleted: needsSnapshot = true
            }
        }
        // A recording or transcript alone is applied as it came (its people are the stored ones);
        // with registrations or cancellations beside it, or transcripts of several occurrences,
        // the snapshot settles them all.
        let people = !(registrations.isEmpty && cancellations.isEmpty)
        if (recording != nil || !transcripts.isEmpty) && people || transcripts.count > 1 { needsSnapshot = true }
        if needsSnapshot || (known == nil && (people || recording != nil || !transcripts.isEmpty)) {
            return .snapshot(registrations: registrations, cancellations: cancellations)
        }
        if let webinar = known, let instanceUUID = transcripts.first {
            return .recording(webinar, instanceUUID: instanceUUID ?? recording?.instanceUUID)
        }
        if let webinar = known, let recording {
            return .incremental(WebinarSnapshot(webinar: webinar, recording: recording, takenAt: now))
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
