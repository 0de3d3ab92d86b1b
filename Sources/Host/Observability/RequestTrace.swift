import ConnectorKit
import Crypto
import Foundation
import HTTPTypes
import Logging

/// The trace id that follows a webhook from its `200` to the HubSpot writes it causes.
///
/// The id is derived from the delivery's raw body (the first 16 hex digits of its SHA-256),
/// so the webhook route and the inbox worker — possibly after a restart — find the same id
/// without storing it: the route answers it in `X-Request-Id`, and the worker runs the
/// sync of the events with it in ``current`` (several ids, comma-separated, when one sync
/// applies several deliveries). Loggers built with
/// ``metadataProvider`` add it to every message as `trace_id`, HubSpot calls included.
public enum RequestTrace {
    /// The trace id of the work the current task does, if any.
    @TaskLocal public static var current: String?

    /// The trace id of a webhook delivery with this body.
    public static func id(ofWebhookBody body: Data) -> String {
        SHA256.hash(data: body).withUnsafeBytes { HexEncoding.string($0, prefix: 8) }
    }

    /// The trace of work done for several deliveries: their ids, comma-separated (at most
    /// eight, then how many more).
    static func id(ofWebhookBodies bodies: [Data]) -> String {
        var ids: [String] = []
        for body in bodies.prefix(8) {
            let id = self.id(ofWebhookBody: body)
            if !ids.contains(id) { ids.append(id) }
        }
        return ids.joined(separator: ",") + (bodies.count > 8 ? ",+\(bodies.count - 8)" : "")
    }

    /// Adds `trace_id` to log messages written while a trace is current.
    public static let metadataProvider = Logger.MetadataProvider {
        guard let current else { return [:] }
        return ["trace_id": .string(current)]
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`: the trace id of a webhook delivery.
    static let requestID = HTTPField.Name("X-Request-Id")!
}
