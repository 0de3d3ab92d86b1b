import ConnectorKit
import Foundation
import Logging

/// Takes the full snapshot of one webinar: details, registrations, past instances with their
/// actual times, merged attendance, the latest instance's recording and its transcript.
///
/// Errors Zoom may recover from (rate limits, outages) abort the snapshot so the host retries
/// it whole; a piece Zoom cannot provide (an expired report, a failed transcript download)
/// becomes a line in ``WebinarSnapshot/problems`` and the rest is still synced.
struct ZoomSnapshotter: Sendable {
    let api: ZoomAPIClient
    let zoomEvents: ZoomEventsDirectory
    let now: @Sendable () -> Date
    let logger: Logger
    /// How long after an instance ended a missing cloud recording counts as still processing.
    var processingWindow: TimeInterval = 24 * 3600

    /// The snapshot of webinar `id`.
    func snapshot(_ id: ZoomWebinarID) async throws -> WebinarSnapshot {
        var problems: [String] = []
        var (webinar, autoRecording) = try await details(id, problems: &problems)
        if case .supported = webinar.support {
            webinar = ZoomRecords.marking(webinar, sessions: await zoomEvents.sessions(api: api))
        }
        if case .unsupported = webinar.support {
            return WebinarSnapshot(webinar: webinar, problems: problems, takenAt: now())
        }
        let registrations =
            webinar.registrationRequired ? try await registrations(id, problems: &problems) : []
        let instances = try await instances(id, problems: &problems)
        var attendance: [Attendance] = []
        var unmatched: [UnmatchedParticipant] = []
        for instance in instances {
            let rows: [ZoomParticipantDTO]
            do {
                rows = try await api.participants(instance: instance.uuid)
            } catch let error as ConnectorError where !error.isRetryable {
                problems.append(
                    "The participant report of the session that started \(Self.show(instance.startTime)) is not available in Zoom (\(error.description)); its attendance is not synced."
                )
                continue
            }
            let merged = AttendanceMerger.merge(
                rows: rows, webinarID: id.digits, instance: instance, registrations: registrations)
            attendance += merged.attendance
            let newlyUnmatched = merged.unmatched.filter { !unmatched.contains($0) }
            unmatched += newlyUnmatched
        }
        var recording: Recording?
        var transcript: Transcript?
        if let latest = instances.last {
            (recording, transcript) = try await recordingAndTranscript(
                of: latest, webinar: webinar, autoRecording: autoRecording, problems: &problems)
        }
        // Earlier instances' recordings too, so a sync that sees several instances at once misses none.
        var earlier: [InstanceRecording] = []
        for instance in instances.dropLast() {
            var ignored: [String] = []
            let (found, text) = try await recordingAndTranscript(
                of: instance, webinar: webinar, autoRecording: autoRecording, problems: &ignored, latest: false)
            if let found, found.state == .completed { earlier.append(InstanceRecording(recording: found, transcript: text)) }
        }
        return WebinarSnapshot(
            webinar: webinar, instances: instances, registrations: registrations, cancellations: [],
            attendance: attendance, unmatchedParticipants: unmatched, recording: recording,
            transcript: transcript, earlierRecordings: earlier.isEmpty ? nil : earlier, problems: problems, takenAt: now())
    }

    // MARK: Webinar

    /// The webinar and its `auto_recording` setting. A webinar Zoom no longer lists (expired
    /// 30 days after it ran) is rebuilt from its latest report, when there is one.
    private func details(_ id: ZoomWebinarID, problems: inout [String]) async throws
        -> (Webinar, String?)
    {
        do {
            let dto = try await api.webinar(id)
            return (ZoomRecords.webinar(dto), dto.settings?.autoRecording)
        } catch let error as ConnectorError where error.kind == .notFound {
            let past = (try? await api.pastInstances(id)) ?? []
            guard let latest = Self.sortedInstances(past).last,
                let report = try? await api.webinarReport(instance: latest.uuid)
            else {
                throw ConnectorError(
                    .notFound,
                    "Zoom has no webinar \(id.displayForm) in this account (\(error.message)). Check the id; a deleted webinar cannot be synced.",
                    sourceCode: error.sourceCode, httpStatus: error.httpStatus)
            }
            problems.append(
                "Zoom no longer lists webinar \(id.displayForm) (it expired after it ran); its details come from its last report."
            )
            let webinar = Webinar(
                id: id.digits, topic: report.topic ?? "", hostID: "",
                hostEmail: report.userEmail.flatMap { $0.isEmpty ? nil : $0 },
                startTime: ZoomDate.parse(report.startTime), durationMinutes: report.duration,
                registrationRequired: true)
            return (webinar, nil)
        }
    }

    // MARK: Registrations

    private func registrations(_ id: ZoomWebinarID, problems: inout [String]) async throws
        -> [Registration]
    {
        var registrations: [Registration] = []
        for status in [Registration.Status.approved, .pending, .denied] {
            do {
                let page = try await api.registrants(id, status: status.rawValue)
                registrations += page.map {
                    ZoomRecords.registration($0, webinarID: id.digits, status: status)
                }
            } catch let error as ConnectorError
                where !error.isRetryable && error.sourceCode == ZoomErrorCode.registrationRefused
            {
                return []  // registration is not enabled for this webinar
            } catch let error as ConnectorError where !error.isRetryable {
                problems.append(
                    "The \(status.rawValue) registrants of webinar \(id.displayForm) could not be read (\(error.description))."
                )
            }
        }
        return registrations
    }

    // MARK: Instances

    private static func sortedInstances(_ list: [ZoomPastInstancesDTO.Instance])
        -> [(uuid: String, start: Date?)]
    {
        var seen: Set<String> = []
        return list.compactMap { item -> (uuid: String, start: Date?)? in
            guard let uuid = item.uuid, !uuid.isEmpty, seen.insert(uuid).inserted else { return nil }
            return (uuid, ZoomDate.parse(item.startTime))
        }.sorted { ($0.start ?? .distantPast) < ($1.start ?? .distantPast) }
    }

    /// Past instances with their actual start, end and length from `/report/webinars/{uuid}`.
    private func instances(_ id: ZoomWebinarID, problems: inout [String]) async throws
        -> [WebinarInstance]
    {
        let listed: [ZoomPastInstancesDTO.Instance]
        do {
            listed = try await api.pastInstances(id)
        } catch let error as ConnectorError where error.kind == .notFound {
            return []  // never held
        }
        var instances: [WebinarInstance] = []
        for item in Self.sortedInstances(listed) {
            do {
                let report = try await api.webinarReport(instance: item.uuid)
                let start = ZoomDate.parse(report.startTime) ?? item.start ?? now()
                let end = ZoomDate.parse(report.endTime)
                let length =
                    end.map { Int($0.timeIntervalSince(start).rounded()) } ?? report.duration.map { $0 * 60 }
                instances.append(
                    WebinarInstance(uuid: item.uuid, startTime: start, endTime: end, durationSeconds: length))
            } catch let error as ConnectorError where !error.isRetryable {
                problems.append(
                    "The report of the session that started \(Self.show(item.start)) is not available in Zoom (\(error.description)); its actual length is unknown."
                )
                instances.append(WebinarInstance(uuid: item.uuid, startTime: item.start ?? now()))
            }
        }
        return instances.sorted { $0.startTime < $1.startTime }
    }

    // MARK: Recording

    /// The recording of `instance` and its transcript; for an earlier instance (`latest` false),
    /// a missing recording is simply none (its state was reported when it was the latest).
    private func recordingAndTranscript(
        of instance: WebinarInstance, webinar: Webinar, autoRecording: String?,
        problems: inout [String], latest: Bool = true
    ) async throws -> (Recording?, Transcript?) {
        let dto: ZoomRecordingDTO
        do {
            dto = try await api.recording(instance: instance.uuid)
        } catch let error as ConnectorError where error.kind == .notFound {
            guard latest else { return (nil, nil) }
            let state = await missingRecordingState(
                instance: instance, webinar: webinar, autoRecording: autoRecording)
            return (Recording(webinarID: webinar.id, instanceUUID: instance.uuid, state: state), nil)
        } catch let error as ConnectorError where !error.isRetryable {
            problems.append("The recording could not be read from Zoom (\(error.description)).")
            return (nil, nil)
        }
        let recording = ZoomRecords.recording(dto, webinarID: webinar.id)
        let transcript = await ZoomRecordingReader(api: api).transcript(of: dto, recording: recording, problems: &problems)
        return (recording, try transcript.get())
    }

    /// Zoom answers 3301 alike for a recording that never existed, one still processing and a
    /// deleted one. A recording in the host's trash is deleted; a cloud-recorded webinar that
    /// ended less than a day ago is still processing; anything else is absent.
    private func missingRecordingState(
        instance: WebinarInstance, webinar: Webinar, autoRecording: String?
    ) async -> Recording.State {
        if let id = ZoomWebinarID(webinar.id), !webinar.hostID.isEmpty,
            let trashed = try? await api.trashedRecordings(host: webinar.hostID, webinar: id),
            trashed.contains(where: { $0.uuid == instance.uuid })
        {
            return .deleted
        }
        let ended = instance.endTime ?? instance.startTime
        if autoRecording == "cloud", now().timeIntervalSince(ended) < processingWindow {
            return .processing
        }
        return .absent
    }

    private static func show(_ date: Date?) -> String {
        date.map { $0.formatted(.iso8601) } ?? "at an unknown time"
    }
}
