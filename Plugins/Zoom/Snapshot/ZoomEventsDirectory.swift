import ConnectorKit
import Foundation
import Logging

/// The event and session a webinar belongs to, as Zoom's Events API lists it.
struct ZoomEventSession: Sendable, Hashable {
    /// The event's name.
    var eventName: String
    /// The session's name.
    var sessionName: String
}

/// The webinars of one Zoom account that are sessions of a Zoom Event, read from Zoom's
/// Events API and cached.
///
/// The hosted events (upcoming and past) and their sessions are read at most once per
/// ``lifetime`` and lazily: the first listing or snapshot after the cache expired refreshes it,
/// and concurrent callers share that one refresh. An account without a Zoom Webinars Plus or
/// Events license, or an app without the Zoom Events scopes, has no Zoom Events: Zoom's refusal
/// is logged once at info and cached like a result. When Zoom fails (429 or 5xx after the
/// client's retries), the answer is unknown for ``failureLifetime``, a warning is logged, and
/// the webinars' links alone decide.
actor ZoomEventsDirectory {
    /// Webinar id → the event session it is.
    typealias Sessions = [String: ZoomEventSession]

    private struct Entry {
        /// nil when Zoom could not be asked.
        var sessions: Sessions?
        var fetchedAt: Date
    }

    /// How long a result is used before the next listing or snapshot reads the events again.
    let lifetime: TimeInterval
    /// How long a failed refresh is remembered before the next one is tried.
    let failureLifetime: TimeInterval
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var entry: Entry?
    private var refreshing: Task<Entry, Never>?
    private var loggedNoAccess = false

    /// Creates the directory of one account.
    init(
        lifetime: TimeInterval = 600, failureLifetime: TimeInterval = 60,
        now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.lifetime = lifetime
        self.failureLifetime = failureLifetime
        self.now = now
        self.logger = logger
    }

    /// The account's webinars that are Zoom Events sessions; nil when Zoom could not say.
    func sessions(api: ZoomAPIClient) async -> Sessions? {
        if let entry, now().timeIntervalSince(entry.fetchedAt) < validity(of: entry) {
            return entry.sessions
        }
        if let refreshing {
            return await refreshing.value.sessions
        }
        let task = Task { await self.read(api: api) }
        refreshing = task
        let fresh = await task.value
        entry = fresh
        refreshing = nil
        return fresh.sessions
    }

    /// The sessions as last read, however old, without asking Zoom; nil before the first read
    /// or after a failed one.
    func cachedSessions() -> Sessions? {
        entry?.sessions
    }

    private func validity(of entry: Entry) -> TimeInterval {
        entry.sessions == nil ? failureLifetime : lifetime
    }

    /// Reads the hosted events and the webinar sessions of each.
    private func read(api: ZoomAPIClient) async -> Entry {
        do {
            var sessions: Sessions = [:]
            var seenEvents: Set<String> = []
            for status in ["upcoming", "past"] {
                for event in try await api.hostedZoomEvents(status: status) {
                    guard let eventID = event.eventId, !eventID.isEmpty,
                        seenEvents.insert(eventID).inserted, Self.mayHaveWebinars(event)
                    else { continue }
                    for session in try await webinarSessions(of: event, id: eventID, api: api) {
                        sessions[session.webinarID] = session.session
                    }
                }
            }
            logger.debug(
                "Read the account's Zoom Events", metadata: ["zoom.event_webinars": "\(sessions.count)"])
            return Entry(sessions: sessions, fetchedAt: now())
        } catch let error as ConnectorError where Self.meansNoAccess(error) {
            if !loggedNoAccess {
                loggedNoAccess = true
                logger.info(
                    "This Zoom account has no Zoom Events access (a Zoom Webinars Plus or Events license and the scopes zoom_events_basic:read:admin and zoom_events_sessions:read:admin are needed); only the events.zoom.us links of webinars mark Zoom Events webinars",
                    metadata: ["error": "\(error)"])
            }
            return Entry(sessions: [:], fetchedAt: now())
        } catch {
            logger.warning(
                "Could not read the account's Zoom Events; until they can be read, only the events.zoom.us links of webinars mark Zoom Events webinars",
                metadata: ["error": "\(error)"])
            return Entry(sessions: nil, fetchedAt: now())
        }
    }

    private func webinarSessions(of event: ZoomEventDTO, id: String, api: ZoomAPIClient)
        async throws -> [(webinarID: String, session: ZoomEventSession)]
    {
        let sessions: [ZoomEventSessionDTO]
        do {
            sessions = try await api.zoomEventSessions(eventID: id)
        } catch let error as ConnectorError
            where error.sourceCode == ZoomEventsErrorCode.accessDenied
            || error.sourceCode == ZoomEventsErrorCode.eventNotFound
        {
            logger.debug(
                "Skipped a Zoom Event whose sessions Zoom does not show",
                metadata: ["zoom.event_id": "\(id)", "error": "\(error)"])
            return []
        }
        let eventName = event.name.flatMap { $0.isEmpty ? nil : $0 } ?? id
        return sessions.compactMap { session in
            guard session.type == ZoomEventSessionDTO.webinarType,
                let webinarID = session.webinarId?.value, !webinarID.isEmpty
            else { return nil }
            let sessionName = session.name.flatMap { $0.isEmpty ? nil : $0 } ?? session.sessionId ?? ""
            return (webinarID, ZoomEventSession(eventName: eventName, sessionName: sessionName))
        }
    }

    /// A single-session or recurring event of meetings has no webinar sessions.
    private static func mayHaveWebinars(_ event: ZoomEventDTO) -> Bool {
        event.eventType?.uppercased() == "CONFERENCE" || event.meetingType?.uppercased() != "MEETING"
    }

    /// Zoom's refusal of an account without the license or an app without the scopes
    /// (400, e.g. code 4711 "does not contain scopes", 401, 403 or 404), as opposed to a
    /// failure worth retrying later.
    private static func meansNoAccess(_ error: ConnectorError) -> Bool {
        switch error.kind {
        case .unauthorized, .notFound, .invalidInput, .rejected: true
        default: false
        }
    }
}
