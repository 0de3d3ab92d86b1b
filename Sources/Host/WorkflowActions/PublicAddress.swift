import Synchronization

/// The URL HubSpot reaches the host at: the configured public URL, else the host's own base
/// URL once the server listens. Signatures cover this URL, and the action definition names it.
final class PublicAddress: Sendable {
    private let configured: String?
    private let bound = Mutex<String?>(nil)

    init(configured: String?) {
        self.configured = configured
    }

    /// Records the server's own base URL (`http://address:port`).
    func serverStarted(baseURL: String) {
        bound.withLock { $0 = baseURL }
    }

    /// The base URL (no trailing slash); `host` (the request's Host header) only when nothing else is known.
    func url(host: String? = nil) -> String {
        configured ?? bound.withLock { $0 } ?? "http://\(host ?? "localhost")"
    }
}
