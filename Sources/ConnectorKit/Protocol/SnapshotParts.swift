import Foundation

/// Optional features a host offers in `handshake` (protocol §3). A connector uses a feature
/// only when the host offered it; one that knows none of them speaks plain version 1.
public enum ConnectorFeature {
    /// The connector may send a large snapshot's records in `snapshot_part` notifications
    /// before its result (protocol §4), so both sides encode and decode in parallel and no
    /// line grows with the webinar.
    public static let snapshotParts = "snapshot_parts"
}

/// The most bytes of `snapshot_part` lines a host accepts for one snapshot: 512 MiB.
public let connectorMaxSnapshotBytes = 512 << 20

/// Notifications a connector may send (connector → host).
public enum ConnectorNotification {
    /// Records of a snapshot in flight: ``SnapshotPart``.
    public static let snapshotPart = "snapshot_part"
}

/// `snapshot_part` params: records of the snapshot requested by `id`, sent before its result.
/// The host appends each part's arrays, in the order the parts arrived, before the result's
/// own arrays. Empty arrays may be left out.
public struct SnapshotPart: Codable, Sendable, Hashable {
    /// The id of the `snapshot` request these records belong to.
    public var id: RPCID
    /// Registrations.
    public var registrations: [Registration] = []
    /// Cancellations.
    public var cancellations: [Cancellation] = []
    /// Attendance.
    public var attendance: [Attendance] = []
    /// Participants without a usable email.
    public var unmatchedParticipants: [UnmatchedParticipant] = []

    /// Creates an empty part for request `id`.
    public init(id: RPCID) { self.id = id }

    /// The number of records in the part.
    public var recordCount: Int {
        registrations.count + cancellations.count + attendance.count + unmatchedParticipants.count
    }

    private enum CodingKeys: String, CodingKey { case id, registrations, cancellations, attendance, unmatchedParticipants }

    /// Decodes a part; missing arrays are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(RPCID.self, forKey: .id)
        registrations = try container.decodeIfPresent([Registration].self, forKey: .registrations) ?? []
        cancellations = try container.decodeIfPresent([Cancellation].self, forKey: .cancellations) ?? []
        attendance = try container.decodeIfPresent([Attendance].self, forKey: .attendance) ?? []
        unmatchedParticipants = try container.decodeIfPresent([UnmatchedParticipant].self, forKey: .unmatchedParticipants) ?? []
    }

    /// Encodes the part, leaving out empty arrays.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        if !registrations.isEmpty { try container.encode(registrations, forKey: .registrations) }
        if !cancellations.isEmpty { try container.encode(cancellations, forKey: .cancellations) }
        if !attendance.isEmpty { try container.encode(attendance, forKey: .attendance) }
        if !unmatchedParticipants.isEmpty { try container.encode(unmatchedParticipants, forKey: .unmatchedParticipants) }
    }

    /// Splits a snapshot with more than `recordsPerPart` records into parts of at most that
    /// many records each (one kind of record per part) and the rest: the snapshot without
    /// those records. A smaller snapshot comes back whole, with no parts.
    public static func split(_ snapshot: WebinarSnapshot, id: RPCID, recordsPerPart: Int = 1000)
        -> (parts: [SnapshotPart], rest: WebinarSnapshot)
    {
        let size = max(1, recordsPerPart)
        let total =
            snapshot.registrations.count + snapshot.cancellations.count + snapshot.attendance.count
            + snapshot.unmatchedParticipants.count
        guard total > size else { return ([], snapshot) }
        var parts: [SnapshotPart] = []
        func chunks<Record>(_ records: [Record], into path: WritableKeyPath<SnapshotPart, [Record]>) {
            for start in stride(from: 0, to: records.count, by: size) {
                var part = SnapshotPart(id: id)
                part[keyPath: path] = Array(records[start..<min(start + size, records.count)])
                parts.append(part)
            }
        }
        chunks(snapshot.registrations, into: \.registrations)
        chunks(snapshot.cancellations, into: \.cancellations)
        chunks(snapshot.attendance, into: \.attendance)
        chunks(snapshot.unmatchedParticipants, into: \.unmatchedParticipants)
        var rest = snapshot
        rest.registrations = []
        rest.cancellations = []
        rest.attendance = []
        rest.unmatchedParticipants = []
        return (parts, rest)
    }

    /// The snapshot the parts and the result's `rest` describe: each part's records in order,
    /// then the rest's own.
    public static func assemble(_ parts: [SnapshotPart], rest: WebinarSnapshot) -> WebinarSnapshot {
        guard !parts.isEmpty else { return rest }
        var snapshot = rest
        snapshot.registrations = parts.flatMap(\.registrations) + rest.registrations
        snapshot.cancellations = parts.flatMap(\.cancellations) + rest.cancellations
        snapshot.attendance = parts.flatMap(\.attendance) + rest.attendance
        snapshot.unmatchedParticipants = parts.flatMap(\.unmatchedParticipants) + rest.unmatchedParticipants
        return snapshot
    }
}
