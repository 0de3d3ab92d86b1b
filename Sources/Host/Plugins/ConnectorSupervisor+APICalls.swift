import ConnectorKit
import Foundation

extension ConnectorSupervisor {
    /// The most distinct provider/operation pairs counted for one connector type; the calls of
    /// any further pair are counted as operation `other` (protocol §2).
    static let maxAPICallLabels = 50

    /// Counts the calls of an `api_calls` notification in the host's metrics, under the same
    /// names and labels as a built-in connector's, with the labels bounded. Metrics are best
    /// effort: a report that does not fit is logged (once) and ignored, never a violation.
    func receiveAPICalls(_ line: Data) {
        guard let report = try? ConnectorWire.decode(RPCNotification<APICallReport>.self, from: line).params,
            report.calls.count <= APICallReport.maxCalls
        else {
            warnOnce("an api_calls notification that does not fit the protocol was ignored")
            return
        }
        for call in report.calls {
            guard Self.isLabel(call.provider), Self.isLabel(call.operation), call.seconds.isFinite, call.seconds >= 0,
                call.status.map({ (100...599).contains($0) }) ?? true
            else {
                warnOnce("an API call with a field out of range was not counted")
                continue
            }
            var record = call.record
            let pair = record.provider + "\u{0}" + record.operation
            if !apiCallLabels.contains(pair) {
                if apiCallLabels.count < Self.maxAPICallLabels {
                    apiCallLabels.insert(pair)
                } else {
                    warnOnce("more than \(Self.maxAPICallLabels) API operations reported; further ones are counted as 'other'")
                    record.operation = "other"
                }
            }
            health.apiCall(record)
        }
    }

    private func warnOnce(_ message: String) {
        guard apiCallWarnings.insert(message).inserted else { return }
        logger.warning("the \(type) connector's API call report: \(message)")
    }

    /// 1–64 characters of letters, digits, space and `_ . : / -`.
    static func isLabel(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                case UInt8(ascii: " "), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }
}
