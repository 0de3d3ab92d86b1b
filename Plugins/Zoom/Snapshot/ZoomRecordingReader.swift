import ConnectorKit
import Foundation

/// Reads one webinar occurrence's cloud recording and downloads its transcript: for a snapshot,
/// and on its own for a transcript that completed after its recording (capability
/// `recording_fetch`: one Light `GET /meetings/{meetingId}/recordings` and the transcript's
/// download, instead of a snapshot's ten or so requests).
struct ZoomRecordingReader: Sendable {
    let api: ZoomAPIClient

    /// The recording of occurrence `instanceUUID` of webinar `id` (the latest occurrence when nil:
    /// Zoom answers a webinar id with its latest instance's recording) and its transcript. Zoom
    /// answers 3301 (not found) alike for a recording never made, one still processing and a
    /// deleted one: the result then has no recording, and the host takes a snapshot.
    func fetch(_ id: ZoomWebinarID, instanceUUID: String?) async throws -> RecordingFetch {
        let dto: ZoomRecordingDTO
        do {
            dto = try await api.recording(instance: instanceUUID ?? id.digits)
        } catch let error as ConnectorError where error.kind == .notFound {
            return RecordingFetch(recording: nil)
        }
        var problems: [String] = []
        let recording = ZoomRecords.recording(dto, webinarID: id.digits)
        let transcript = await transcript(of: dto, recording: recording, problems: &problems)
        return RecordingFetch(recording: recording, transcript: try transcript.get(), problems: problems)
    }

    /// The transcript of a recording, when it has a `TRANSCRIPT` file: downloaded with the
    /// account's token. A download Zoom refuses for good, or a file that is not WebVTT, becomes a
    /// problem and no transcript; a retryable failure is the result's error (the host retries).
    func transcript(of dto: ZoomRecordingDTO, recording: Recording, problems: inout [String]) async -> Result<Transcript?, any Error> {
        guard let file = ZoomRecords.transcriptFile(dto), let url = file.downloadUrl else { return .success(nil) }
        do {
            let data = try await api.download(url, operation: "download the transcript")
            let text = String(decoding: data, as: UTF8.self)
            guard text.hasPrefix("WEBVTT") || text.hasPrefix("\u{FEFF}WEBVTT") else {
                problems.append("The transcript Zoom returned is not a WebVTT file; it is not synced.")
                return .success(nil)
            }
            return .success(Transcript(webinarID: recording.webinarID, instanceUUID: recording.instanceUUID, webVTT: text))
        } catch let error as ConnectorError where !error.isRetryable {
            problems.append("The transcript could not be downloaded from Zoom (\(error.description)).")
            return .success(nil)
        } catch {
            return .failure(error)
        }
    }
}
