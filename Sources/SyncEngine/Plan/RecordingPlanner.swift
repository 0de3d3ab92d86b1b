import ConnectorKit
import Foundation

/// Decides whether a webinar's recording and transcript become a call record.
enum RecordingPlanner {
    struct Outcome {
        var call: PlannedCall?
        var auditItems: [AuditItem] = []
    }

    /// `attendees`: for a recording applied from its webhook alone, the webinar's attendees as
    /// stored (its snapshot has no people); nil: the snapshot's attendance.
    static func plan(
        snapshot: WebinarSnapshot, decision: WebinarGateDecision, people: PeopleSelection, wording: HubSpotProfile.RecordingCall,
        businessUnitID: Int?, attendees: [String]? = nil
    ) -> Outcome {
        guard decision.syncRecordings else { return Outcome() }
        if attendees == nil {
            guard !snapshot.instances.isEmpty else { return Outcome() }  // upcoming: nothing recorded yet
            guard !snapshot.attendance.isEmpty || !snapshot.unmatchedParticipants.isEmpty else {
                return Outcome(auditItems: [AuditItem(reason: .noParticipants)])
            }
        }
        guard let recording = snapshot.recording else {
            return Outcome(auditItems: [AuditItem(reason: .recordingUnavailable)])
        }
        switch recording.state {
        case .processing: return Outcome(auditItems: [AuditItem(reason: .recordingProcessing)])
        case .deleted, .absent: return Outcome(auditItems: [AuditItem(reason: .recordingUnavailable)])
        case .completed: break
        }
        var outcome = Outcome()
        let url = recording.shareURL ?? recording.files.first?.playURL ?? ""
        let values = ["topic": snapshot.webinar.topic, "webinarId": snapshot.webinar.id, "url": url]
        var body = HubSpotProfile.RecordingCall.render(wording.bodyTemplate, values)
        if let transcript = snapshot.transcript {
            body += "\n\nTranscript:\n" + transcript.webVTT
        } else {
            outcome.auditItems.append(AuditItem(reason: .transcriptNotFound))
        }
        let key = "\(snapshot.webinar.id)-\(recording.instanceUUID ?? "latest")"
        var properties = [
            "hs_call_title": HubSpotProfile.RecordingCall.render(wording.titleTemplate, values),
            "hs_call_body": body,
            "hs_call_recording_url": url,
            "hs_call_status": "COMPLETED",
            "hs_call_direction": "OUTBOUND",
        ]
        properties["hs_timestamp"] = (recording.startTime ?? snapshot.instances.last?.startTime).map(TimelineEventBuilder.millis)
        properties["hs_call_duration"] = recording.durationMinutes.map { String($0 * 60_000) }
        properties["hs_all_assigned_business_unit_ids"] = businessUnitID.map(String.init)
        outcome.call = PlannedCall(key: key, properties: properties, attendeeEmails: attendees ?? people.attendance.keys.sorted())
        return outcome
    }
}
