import ConnectorKit
import Foundation

/// Turns Zoom's answers into ConnectorKit's normalized records.
enum ZoomRecords {
    /// Why Zoom Events webinars are skipped (DESIGN §1).
    static let zoomEventsReason =
        "This webinar belongs to Zoom Events (its join and registration links are on events.zoom.us); "
        + "Zoom Events webinars are not supported, so it is not synced."

    /// Whether a webinar belongs to Zoom Events. The Meetings API has no flag for it; such a
    /// webinar's join and registration links point at `events.zoom.us`.
    static func isZoomEvents(joinURL: String?, registrationURL: String?) -> Bool {
        [joinURL, registrationURL].contains { url in
            guard let host = url.flatMap({ URL(string: $0)?.host?.lowercased() }) else { return false }
            return host == "events.zoom.us" || host.hasSuffix(".events.zoom.us")
        }
    }

    /// Why a webinar that Zoom's Events API lists as a session of an event is skipped.
    static func zoomEventSessionReason(_ session: ZoomEventSession) -> String {
        "This webinar belongs to the Zoom Event '\(session.eventName)' (session '\(session.sessionName)'); "
            + "Zoom Events webinars are not supported, so it is not synced."
    }

    /// The webinar marked unsupported when Zoom's Events API lists it as an event session
    /// (the link signal of ``isZoomEvents(joinURL:registrationURL:)`` is already applied).
    static func marking(_ webinar: Webinar, sessions: ZoomEventsDirectory.Sessions?) -> Webinar {
        guard case .supported = webinar.support, let session = sessions?[webinar.id] else {
            return webinar
        }
        var marked = webinar
        marked.support = .unsupported(reason: zoomEventSessionReason(session))
        return marked
    }

    /// A webinar from `GET /webinars/{webinarId}`.
    static func webinar(_ dto: ZoomWebinarDTO) -> Webinar {
        let zoomEvents = isZoomEvents(joinURL: dto.joinUrl, registrationURL: dto.registrationUrl)
        let nextOccurrence = dto.occurrences?.first { $0.status != "deleted" }
        return Webinar(
            id: dto.id.value,
            topic: dto.topic ?? "",
            hostID: dto.hostId ?? "",
            hostEmail: dto.hostEmail.flatMap { $0.isEmpty ? nil : $0 },
            startTime: ZoomDate.parse(dto.startTime) ?? ZoomDate.parse(nextOccurrence?.startTime),
            durationMinutes: dto.duration ?? nextOccurrence?.duration,
            timezone: dto.timezone,
            joinURL: dto.joinUrl,
            registrationURL: dto.registrationUrl.flatMap { $0.isEmpty ? nil : $0 },
            registrationRequired: (dto.settings?.approvalType ?? 2) != 2,
            createdAt: ZoomDate.parse(dto.createdAt),
            support: zoomEvents ? .unsupported(reason: zoomEventsReason) : .supported)
    }

    /// A webinar from an item of `GET /users/{userId}/webinars`. The list carries no
    /// registration settings, so ``Webinar/registrationRequired`` is only known from a snapshot.
    static func webinar(_ dto: ZoomWebinarSummaryDTO, hostEmail: String?) -> Webinar {
        let zoomEvents = isZoomEvents(joinURL: dto.joinUrl, registrationURL: nil)
        return Webinar(
            id: dto.id.value,
            topic: dto.topic ?? "",
            hostID: dto.hostId ?? "",
            hostEmail: hostEmail,
            startTime: ZoomDate.parse(dto.startTime),
            durationMinutes: dto.duration,
            timezone: dto.timezone,
            joinURL: dto.joinUrl,
            createdAt: ZoomDate.parse(dto.createdAt),
            support: zoomEvents ? .unsupported(reason: zoomEventsReason) : .supported)
    }

    /// A registration from a registrant of the list (its status is the list's `status`).
    static func registration(
        _ dto: ZoomRegistrantDTO, webinarID: String, status: Registration.Status
    ) -> Registration {
        Registration(
            webinarID: webinarID,
            registrantID: dto.id,
            email: dto.email ?? "",
            firstName: dto.firstName.flatMap { $0.isEmpty ? nil : $0 },
            lastName: dto.lastName.flatMap { $0.isEmpty ? nil : $0 },
            status: Registration.Status(rawValue: dto.status ?? "") ?? status,
            registeredAt: ZoomDate.parse(dto.createTime),
            joinURL: dto.joinUrl)
    }

    /// A recording from `GET /meetings/{meetingId}/recordings` or a recording webhook. It is
    /// `.processing` while any file is still processing, else `.completed`.
    static func recording(_ dto: ZoomRecordingDTO, webinarID: String) -> Recording {
        let files = (dto.recordingFiles ?? []).map { file in
            Recording.File(
                id: file.id ?? "",
                fileType: file.fileType ?? "",
                recordingType: file.recordingType,
                downloadURL: file.downloadUrl,
                playURL: file.playUrl,
                sizeBytes: file.fileSize.map { Int($0) })
        }
        let processing = (dto.recordingFiles ?? []).contains { $0.status == "processing" }
        return Recording(
            webinarID: webinarID,
            instanceUUID: dto.uuid,
            state: processing ? .processing : .completed,
            topic: dto.topic,
            startTime: ZoomDate.parse(dto.startTime),
            durationMinutes: dto.duration,
            shareURL: dto.shareUrl ?? files.first { $0.playURL != nil }?.playURL,
            files: files)
    }

    /// The transcript file of a recording: `TRANSCRIPT` (WebVTT), not closed captions.
    static func transcriptFile(_ dto: ZoomRecordingDTO) -> ZoomRecordingFileDTO? {
        (dto.recordingFiles ?? []).first {
            $0.fileType == "TRANSCRIPT" && $0.downloadUrl != nil && $0.status != "processing"
        }
    }
}
