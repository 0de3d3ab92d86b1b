import ConnectorKit
import Foundation
import Logging

/// Which configured organizer each webinar belongs to, as last listed (Graph's webinar carries
/// the organizer's object id, not the email the sync settings are keyed by).
actor OrganizerDirectory {
    private var organizers: [TeamsOrganizer]
    private var resolved = false
    private var byWebinar: [String: TeamsOrganizer] = [:]

    init(organizers: [TeamsOrganizer]) { self.organizers = organizers }

    /// Finds the object id of organizers configured by user principal name only
    /// (`GET /users/{userPrincipalName}`), since `getByUserIdAndRole` takes object ids.
    private func resolveIDs(api: GraphClient) async throws {
        guard !resolved else { return }
        for index in organizers.indices where organizers[index].userID == nil {
            organizers[index].userID = try await api.user(organizers[index].email).id
        }
        resolved = true
    }

    /// Lists every organizer's webinars (drafts left out), remembering whose each is.
    func webinars(api: GraphClient) async throws -> [(GraphWebinar, TeamsOrganizer)] {
        try await resolveIDs(api: api)
        var found: [(GraphWebinar, TeamsOrganizer)] = []
        var seen: Set<String> = []
        for organizer in organizers {
            for webinar in try await api.webinars(organizedBy: organizer.graphUserKey) where seen.insert(webinar.id).inserted {
                byWebinar[webinar.id] = organizer
                if webinar.status != "draft" { found.append((webinar, organizer)) }
            }
        }
        return found
    }

    /// The organizer of a webinar: remembered, or matched by Graph's `createdBy` id, or found by listing again.
    func organizer(of webinar: GraphWebinar, api: GraphClient) async throws -> TeamsOrganizer? {
        if let known = byWebinar[webinar.id] { return known }
        try await resolveIDs(api: api)
        if let id = webinar.createdBy?.user?.id, let match = organizers.first(where: { $0.userID == id }) { return match }
        _ = try await webinars(api: api)
        return byWebinar[webinar.id]
    }
}

/// Reads one webinar whole: details, registrations, sessions with their attendance reports and
/// records, and the latest held session's recording and transcript.
struct TeamsSnapshotter: Sendable {
    let api: GraphClient
    let organizers: OrganizerDirectory
    let now: @Sendable () -> Date
    let logger: Logger

    func snapshot(_ id: String) async throws -> WebinarSnapshot {
        var problems: [String] = []
        let dto: GraphWebinar
        do {
            dto = try await api.webinar(id)
        } catch let error as ConnectorError where error.kind == .notFound {
            throw ConnectorError(
                .notFound, "There is no webinar \(id) in the connected Microsoft Teams tenant (\(error.message)); check the id.",
                httpStatus: error.httpStatus)
        }
        let organizer = try await organizers.organizer(of: dto, api: api)
        let sessions = try await api.sessions(id)
        var registrationURL: String?
        do {
            registrationURL = try await api.registrationConfiguration(id).registrationWebUrl?.nilIfEmpty
        } catch let error as ConnectorError where !error.isRetryable {
            problems.append("The registration settings of the webinar could not be read (\(error.description)).")
        }
        let webinar = TeamsRecords.webinar(
            dto, organizer: organizer, joinURL: sessions.first?.joinWebUrl?.nilIfEmpty, registrationURL: registrationURL)
        if case .unsupported = webinar.support { return WebinarSnapshot(webinar: webinar, problems: problems, takenAt: now()) }
        let listed = webinar.registrationRequired ? try await api.registrations(id) : []
        let (registrations, cancellations) = TeamsRecords.registrations(listed, webinarID: id)
        var instances: [WebinarInstance] = []
        var attendance: [Attendance] = []
        var unmatched: [UnmatchedParticipant] = []
        var held: [(WebinarInstance, GraphSession)] = []
        for session in sessions {
            let reports: [GraphAttendanceReport]
            do {
                reports = try await api.attendanceReports(id, session: session.id)
            } catch let error as ConnectorError where !error.isRetryable && error.kind != .unauthorized {
                problems.append(
                    "The attendance reports of session '\(session.subject ?? session.id)' are not available (\(error.description)).")
                continue
            }
            for report in reports {
                guard let instance = TeamsRecords.instance(report, session: session) else {
                    problems.append("An attendance report of session '\(session.subject ?? session.id)' has no start time; it is skipped.")
                    continue
                }
                let records = try await api.attendanceRecords(id, session: session.id, report: report.id)
                let merged = TeamsRecords.attendance(records, webinarID: id, instance: instance, registrations: listed)
                instances.append(instance)
                held.append((instance, session))
                attendance += merged.attendance
                unmatched += merged.unmatched.filter { !unmatched.contains($0) }
            }
        }
        instances.sort { $0.startTime < $1.startTime }
        var recording: Recording?
        var transcript: Transcript?
        if let (latest, session) = held.max(by: { $0.0.startTime < $1.0.startTime }), let organizer {
            (recording, transcript) = await artifacts(
                of: session, instance: latest, webinar: webinar, organizer: organizer, problems: &problems)
        }
        return WebinarSnapshot(
            webinar: webinar, instances: instances, registrations: registrations, cancellations: cancellations,
            attendance: attendance, unmatchedParticipants: unmatched, recording: recording, transcript: transcript,
            problems: problems, takenAt: now())
    }

    /// The recording and transcript of a held session, read from the organizer's online meeting.
    private func artifacts(
        of session: GraphSession, instance: WebinarInstance, webinar: Webinar, organizer: TeamsOrganizer,
        problems: inout [String]
    ) async -> (Recording?, Transcript?) {
        let absent = Recording(webinarID: webinar.id, instanceUUID: instance.uuid, state: .absent)
        do {
            // The session runs as an online meeting of its organizer, found by the session's join URL.
            guard let joinWebUrl = session.joinWebUrl?.nilIfEmpty,
                let meeting = try await api.onlineMeeting(organizer: organizer.graphUserKey, joinWebUrl: joinWebUrl)?.id
            else { return (absent, nil) }
            let files: [GraphMeetingArtifact]
            do {
                files = try await api.recordings(organizer: organizer.graphUserKey, meeting: meeting)
            } catch let error as ConnectorError where error.kind == .notFound {
                return (absent, nil)
            }
            let recording = TeamsRecords.recording(files, webinar: webinar, instance: instance, session: session)
            guard organizer.syncTranscripts,
                let latest = try await api.transcripts(organizer: organizer.graphUserKey, meeting: meeting).max(by: {
                    ($0.createdDateTime ?? "") < ($1.createdDateTime ?? "")
                })
            else { return (recording, nil) }
            let text = try await api.transcriptContent(organizer: organizer.graphUserKey, meeting: meeting, transcript: latest.id)
            guard text.hasPrefix("WEBVTT") || text.hasPrefix("\u{FEFF}WEBVTT") else {
                problems.append("The transcript Graph returned is not a WebVTT file; it is not synced.")
                return (recording, nil)
            }
            return (recording, Transcript(webinarID: webinar.id, instanceUUID: instance.uuid, webVTT: text))
        } catch {
            problems.append("The recording and transcript could not be read from Microsoft Graph (\(error)).")
            return (nil, nil)
        }
    }
}
