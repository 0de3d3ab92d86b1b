import ConnectorKit
import Foundation
import Logging

/// Lists the webinars of the account's hosts: the users named in the config, or every active
/// user of the account when the config names none.
struct ZoomWebinarListing: Sendable {
    let api: ZoomAPIClient
    let hosts: [String]
    let zoomEvents: ZoomEventsDirectory
    let logger: Logger

    /// Upcoming and recently held webinars of every host, each once, in start order; those that
    /// belong to Zoom Events (by their links or Zoom's Events API) are marked unsupported.
    func webinars() async throws -> [Webinar] {
        let hostEmails = hosts.isEmpty ? try await api.users().map(\.email) : hosts
        var webinars: [Webinar] = []
        var seen: Set<String> = []
        for host in hostEmails {
            let listed: [ZoomWebinarSummaryDTO]
            do {
                listed = try await api.webinars(ofUser: host)
            } catch let error as ConnectorError where error.kind == .notFound {
                logger.warning(
                    "A configured Zoom host does not exist in the account; fix the connector's users list",
                    metadata: ["zoom.host": "\(host)", "error": "\(error)"])
                continue
            }
            for dto in listed where seen.insert(dto.id.value).inserted {
                webinars.append(ZoomRecords.webinar(dto, hostEmail: host))
            }
        }
        if webinars.contains(where: { $0.support == .supported }) {
            let sessions = await zoomEvents.sessions(api: api)
            webinars = webinars.map { ZoomRecords.marking($0, sessions: sessions) }
        }
        return webinars.sorted {
            ($0.startTime ?? .distantFuture, $0.id) < ($1.startTime ?? .distantFuture, $1.id)
        }
    }
}
