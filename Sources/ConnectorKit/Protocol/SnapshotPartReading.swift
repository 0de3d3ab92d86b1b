import Foundation
import SwitchyardJSON

/// The connector protocol's reader: ``JSONByteReader`` with ``WireDate`` dates.
typealias WireJSONReader = JSONByteReader

extension JSONByteReader {
    /// Reads a ``WireDate`` string.
    mutating func date() throws -> Date {
        guard let date = WireDate.parse(utf8: try plainStringBytes()) else { throw Unreadable() }
        return date
    }
}

extension SnapshotPart {
    /// Decodes a `snapshot_part` notification line. The records are read by
    /// ``WireJSONReader`` (several times faster than `JSONDecoder` for a part of 1,000 records);
    /// anything it does not read, `JSONDecoder` decodes or reports precisely.
    public static func decodeNotification(_ line: Data) throws -> SnapshotPart {
        if let part = try? readNotification(line) { return part }
        return try ConnectorWire.decode(RPCNotification<SnapshotPart>.self, from: line).params
    }

    /// The fast reading: what `JSONDecoder` reads from an `RPCNotification<SnapshotPart>`.
    static func readNotification(_ line: Data) throws -> SnapshotPart {
        try line.withUnsafeBytes { raw in
            var reader = WireJSONReader(raw.assumingMemoryBound(to: UInt8.self))
            var part: SnapshotPart?
            var hasVersion = false
            var hasMethod = false
            try reader.object { reader, key in
                if keyIs(key, "jsonrpc") {
                    _ = try reader.string()
                    hasVersion = true
                } else if keyIs(key, "method") {
                    _ = try reader.string()
                    hasMethod = true
                } else if keyIs(key, "params") {
                    part = try readParams(&reader)
                } else {
                    try reader.skip()
                }
            }
            try reader.end()
            guard hasVersion, hasMethod, let part else { throw WireJSONReader.Unreadable() }
            return part
        }
    }

    private static func readParams(_ reader: inout WireJSONReader) throws -> SnapshotPart {
        var id: RPCID?
        var part = SnapshotPart(id: .number(0))
        func records<Record>(_ reader: inout WireJSONReader, _ read: (inout WireJSONReader) throws -> Record) throws -> [Record] {
            if try reader.null() { return [] }
            var records: [Record] = []
            try reader.array { records.append(try read(&$0)) }
            return records
        }
        try reader.object { reader, key in
            if keyIs(key, "id") {
                id = try WireRecordReader.id(&reader)
            } else if keyIs(key, "registrations") {
                part.registrations = try records(&reader, WireRecordReader.registration)
            } else if keyIs(key, "cancellations") {
                part.cancellations = try records(&reader, WireRecordReader.cancellation)
            } else if keyIs(key, "attendance") {
                part.attendance = try records(&reader, WireRecordReader.attendance)
            } else if keyIs(key, "unmatchedParticipants") {
                part.unmatchedParticipants = try records(&reader, WireRecordReader.unmatched)
            } else {
                try reader.skip()
            }
        }
        guard let id else { throw WireJSONReader.Unreadable() }
        part.id = id
        return part
    }
}

/// What the host needs to route a `snapshot_part` line before decoding it.
public struct SnapshotPartHead: Sendable, Equatable {
    /// `params.id`: the snapshot request the part belongs to (nil when the params carry none).
    public var requestID: RPCID?

    /// The head of `line` when it is a well-formed JSON `snapshot_part` notification
    /// (`"jsonrpc": "2.0"`, no id, result or error); nil for any other line, and for unusual
    /// forms, which ``RPCHead`` then reads. The line is scanned, not decoded.
    public static func read(_ line: Data) -> SnapshotPartHead? {
        try? line.withUnsafeBytes { raw -> SnapshotPartHead? in
            var reader = WireJSONReader(raw.assumingMemoryBound(to: UInt8.self))
            var version: String?
            var method: String?
            var requestID: RPCID?
            var other = false
            try reader.object { reader, key in
                if keyIs(key, "jsonrpc") {
                    version = try reader.string()
                } else if keyIs(key, "method") {
                    method = try reader.string()
                } else if keyIs(key, "params"), try reader.peek() == UInt8(ascii: "{") {
                    try reader.object { reader, key in
                        if keyIs(key, "id") { requestID = try WireRecordReader.id(&reader) } else { try reader.skip() }
                    }
                } else {
                    other = other || keyIs(key, "id") || keyIs(key, "result") || keyIs(key, "error")
                    try reader.skip()
                }
            }
            try reader.end()
            guard !other, version == "2.0", method == ConnectorNotification.snapshotPart else { return nil }
            return SnapshotPartHead(requestID: requestID)
        } ?? nil
    }
}

/// Reads the records of a ``SnapshotPart`` as their synthesized `Decodable` conformances do
/// (required keys, `null` or absent optionals, unknown keys ignored), dates as ``WireDate``.
enum WireRecordReader {
    static func id(_ reader: inout WireJSONReader) throws -> RPCID {
        try reader.peek() == UInt8(ascii: "\"") ? .string(try reader.string()) : .number(try reader.int())
    }

    private static func optionalString(_ reader: inout WireJSONReader) throws -> String? {
        try reader.null() ? nil : try reader.string()
    }

    private static func optionalDate(_ reader: inout WireJSONReader) throws -> Date? {
        try reader.null() ? nil : try reader.date()
    }

    private static func required<Value>(_ value: Value?) throws -> Value {
        guard let value else { throw WireJSONReader.Unreadable() }
        return value
    }

    static func registration(_ reader: inout WireJSONReader) throws -> Registration {
        var webinarID: String?
        var email: String?
        var status: Registration.Status?
        var record = Registration(webinarID: "", email: "")
        try reader.object { reader, key in
            if keyIs(key, "webinarID") {
                webinarID = try reader.string()
            } else if keyIs(key, "registrantID") {
                record.registrantID = try optionalString(&reader)
            } else if keyIs(key, "email") {
                email = try reader.string()
            } else if keyIs(key, "firstName") {
                record.firstName = try optionalString(&reader)
            } else if keyIs(key, "lastName") {
                record.lastName = try optionalString(&reader)
            } else if keyIs(key, "status") {
                status = Registration.Status(rawValue: try reader.string())
                _ = try required(status)
            } else if keyIs(key, "registeredAt") {
                record.registeredAt = try optionalDate(&reader)
            } else if keyIs(key, "joinURL") {
                record.joinURL = try optionalString(&reader)
            } else {
                try reader.skip()
            }
        }
        record.webinarID = try required(webinarID)
        record.email = try required(email)
        record.status = try required(status)
        return record
    }

    static func cancellation(_ reader: inout WireJSONReader) throws -> Cancellation {
        var webinarID: String?
        var email: String?
        var record = Cancellation(webinarID: "", email: "")
        try reader.object { reader, key in
            if keyIs(key, "webinarID") {
                webinarID = try reader.string()
            } else if keyIs(key, "registrantID") {
                record.registrantID = try optionalString(&reader)
            } else if keyIs(key, "email") {
                email = try reader.string()
            } else if keyIs(key, "cancelledAt") {
                record.cancelledAt = try optionalDate(&reader)
            } else {
                try reader.skip()
            }
        }
        record.webinarID = try required(webinarID)
        record.email = try required(email)
        return record
    }

    static func attendance(_ reader: inout WireJSONReader) throws -> Attendance {
        var webinarID: String?
        var instanceUUID: String?
        var email: String?
        var sessions: [AttendanceSession]?
        var totalSeconds: Int?
        var emailSource: Attendance.EmailSource?
        var record = Attendance(webinarID: "", instanceUUID: "", email: "", sessions: [], totalSeconds: 0, percentOfWebinar: nil)
        try reader.object { reader, key in
            if keyIs(key, "webinarID") {
                webinarID = try reader.string()
            } else if keyIs(key, "instanceUUID") {
                instanceUUID = try reader.string()
            } else if keyIs(key, "email") {
                email = try reader.string()
            } else if keyIs(key, "name") {
                record.name = try optionalString(&reader)
            } else if keyIs(key, "registrantID") {
                record.registrantID = try optionalString(&reader)
            } else if keyIs(key, "sessions") {
                var list: [AttendanceSession] = []
                try reader.array { list.append(try session(&$0)) }
                sessions = list
            } else if keyIs(key, "totalSeconds") {
                totalSeconds = try reader.int()
            } else if keyIs(key, "percentOfWebinar") {
                record.percentOfWebinar = try reader.null() ? nil : try reader.double()
            } else if keyIs(key, "emailSource") {
                emailSource = Attendance.EmailSource(rawValue: try reader.string())
                _ = try required(emailSource)
            } else {
                try reader.skip()
            }
        }
        record.webinarID = try required(webinarID)
        record.instanceUUID = try required(instanceUUID)
        record.email = try required(email)
        record.sessions = try required(sessions)
        record.totalSeconds = try required(totalSeconds)
        record.emailSource = try required(emailSource)
        return record
    }

    static func session(_ reader: inout WireJSONReader) throws -> AttendanceSession {
        var joinedAt: Date?
        var leftAt: Date?
        var durationSeconds: Int?
        try reader.object { reader, key in
            if keyIs(key, "joinedAt") {
                joinedAt = try reader.date()
            } else if keyIs(key, "leftAt") {
                leftAt = try reader.date()
            } else if keyIs(key, "durationSeconds") {
                durationSeconds = try reader.int()
            } else {
                try reader.skip()
            }
        }
        return AttendanceSession(
            joinedAt: try required(joinedAt), leftAt: try required(leftAt), durationSeconds: try required(durationSeconds))
    }

    static func unmatched(_ reader: inout WireJSONReader) throws -> UnmatchedParticipant {
        var name: String?
        var reason: String?
        try reader.object { reader, key in
            if keyIs(key, "name") {
                name = try reader.string()
            } else if keyIs(key, "reason") {
                reason = try reader.string()
            } else {
                try reader.skip()
            }
        }
        return UnmatchedParticipant(name: try required(name), reason: try required(reason))
    }
}
