import Foundation
import Testing

@testable import ConnectorKit

@Suite("Snapshot parts: the fast writer and reader (protocol §4)")
struct SnapshotPartCodingTests {
    static let start = Date(timeIntervalSince1970: 1_780_000_000.25)

    /// Records with everything a JSON string or number can make hard: escapes, control
    /// characters, non-ASCII, slashes, absent and present optionals, odd doubles.
    static var trickyPart: SnapshotPart {
        var part = SnapshotPart(id: .number(42))
        part.registrations = [
            Registration(
                webinarID: "81234567890", registrantID: "r\"1\\", email: "a/b@example.com", firstName: "Zoë 🎉",
                lastName: "line\nbreak\ttab\u{01}\u{1F}", status: .pending, registeredAt: start,
                joinURL: "https://example.com/j/1?tk=a&b=c"),
            Registration(webinarID: "1", email: "", status: .denied),
        ]
        part.cancellations = [
            Cancellation(webinarID: "1", registrantID: "r9", email: "c@example.com", cancelledAt: Date(timeIntervalSince1970: 0)),
            Cancellation(webinarID: "1", email: "d@example.com"),
        ]
        let percents: [Double?] = [100.0, 33.333333333333336, 0.1, 1e-7, nil]
        part.attendance = percents.map { percent in
            Attendance(
                webinarID: "1", instanceUUID: "u/1==", email: "e@example.com", name: percent == nil ? nil : "Ünïcode \u{7F}",
                registrantID: percent == nil ? "r1" : nil,
                sessions: [
                    AttendanceSession(joinedAt: start, leftAt: start.addingTimeInterval(61.5), durationSeconds: 61),
                    AttendanceSession(
                        joinedAt: Date(timeIntervalSince1970: -86_400), leftAt: Date(timeIntervalSince1970: 253_402_300_799),
                        durationSeconds: -1),
                ], totalSeconds: Int.max, percentOfWebinar: percent, emailSource: percent == nil ? .registrant : .participant)
        }
        part.unmatchedParticipants = [UnmatchedParticipant(name: "Guest \"x\"", reason: "no email \\ none")]
        return part
    }

    static func parse(_ data: Data) throws -> JSON { try JSON.parse(data) }

    @Test("the fast writer writes the same JSON as JSONEncoder, for every field and escape")
    func writerMatchesEncoder() throws {
        for id in [RPCID.number(42), .string("part \"a\"")] {
            var part = Self.trickyPart
            part.id = id
            let fast = try part.notificationLine()
            let slow = try ConnectorWire.encode(RPCNotification(method: ConnectorNotification.snapshotPart, params: part))
            #expect(try Self.parse(fast) == Self.parse(slow))
            #expect(!fast.contains(0x0A), "one message per line")
            #expect(fast.starts(with: Data(#"{"jsonrpc":"2.0","method":"snapshot_part","params":{"id":"#.utf8)))
        }
        var sparse = SnapshotPart(id: .number(1))
        sparse.cancellations = Self.trickyPart.cancellations
        let object = try #require(try JSONSerialization.jsonObject(with: sparse.notificationLine()) as? [String: Any])
        let params = try #require(object["params"] as? [String: Any])
        #expect(Set(params.keys) == ["id", "cancellations"])
    }

    @Test("a double JSON cannot carry falls back to JSONEncoder, which refuses it")
    func nonConformingDouble() throws {
        var part = Self.trickyPart
        part.attendance[0].percentOfWebinar = .nan
        #expect(throws: EncodingError.self) { try part.notificationLine() }
    }

    @Test("the fast reader reads back what either writer wrote, in any key order and spacing")
    func readerRoundTrips() throws {
        let part = Self.trickyPart
        let fast = try part.notificationLine()
        #expect(try SnapshotPart.readNotification(fast) == part)
        let slow = try ConnectorWire.encode(RPCNotification(method: ConnectorNotification.snapshotPart, params: part))
        #expect(try SnapshotPart.readNotification(slow) == part)
        // Pretty-printed, keys sorted, slashes escaped, an unknown field: the same records.
        let encoder = ConnectorWire.encoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let pretty = try encoder.encode(RPCNotification(method: ConnectorNotification.snapshotPart, params: part))
        #expect(try SnapshotPart.readNotification(pretty) == part)
        let extra = Data(
            #"{"jsonrpc":"2.0","method":"snapshot_part","params":{"extra":{"a":[1,2.5e3,true,null,"\u00e9\/"]},"id":"x","registrations":[{"webinarID":"1","email":"\ud83c\udf89\u00e9","status":"approved","registrantID":null,"future":[]}],"attendance":null}}"#
                .utf8)
        let read = try SnapshotPart.readNotification(extra)
        #expect(read.id == .string("x"))
        #expect(read.registrations == [Registration(webinarID: "1", email: "🎉é", status: .approved)])
        #expect(read.attendance.isEmpty)
        #expect(try SnapshotPart.decodeNotification(extra) == read)
    }

    @Test(
        "what the fast reader does not read, JSONDecoder decodes as it always did",
        arguments: [
            // An integer written with a fraction; a lone surrogate escape.
            #"{"jsonrpc":"2.0","method":"snapshot_part","params":{"id":1,"attendance":[{"webinarID":"1","instanceUUID":"u","email":"e","sessions":[],"totalSeconds":5.0,"emailSource":"participant"}]}}"#,
            #"{"jsonrpc":"2.0","method":"snapshot_part","params":{"id":1,"unmatchedParticipants":[{"name":"\ud800","reason":"r"}]}}"#,
        ])
    func fallback(line: String) throws {
        let data = Data(line.utf8)
        #expect(throws: WireJSONReader.Unreadable.self) { try SnapshotPart.readNotification(data) }
        let slow = try? ConnectorWire.decode(RPCNotification<SnapshotPart>.self, from: data).params
        #expect((try? SnapshotPart.decodeNotification(data)) == slow)
    }

    @Test(
        "a part that does not fit the protocol is rejected with JSONDecoder's description",
        arguments: [
            // A missing required field, an unknown status, a bad date, broken JSON, trailing text, a leading zero.
            #"{"jsonrpc":"2.0","method":"snapshot_part","params":{"id":1,"registrations":[{"webinarID":"1","status":"approved"}]}}"#,
            #"{"jsonrpc":"2.0","method":"snapshot_part","params":{"id":1,"registrations":[{"webinarID":"1","email":"e","status":"maybe"}]}}"#,
            #"{"jsonrpc":"2.0","method":"snapshot_part","params":{"id":1,"cancellations":[{"webinarID":"1","email":"e","cancelledAt":"yesterday"}]}}"#,
            #"{"jsonrpc":"2.0","method":"snapshot_part","params":{"id":1,"registrations":[{"webinarID":"1","email":"e","status":"approved"}]"#,
            #"{"jsonrpc":"2.0","method":"snapshot_part","params":{"id":1}} trailing"#,
            #"{"jsonrpc":"2.0","method":"snapshot_part","params":{"id":01}}"#,
        ])
    func rejects(line: String) throws {
        let data = Data(line.utf8)
        #expect(throws: WireJSONReader.Unreadable.self) { try SnapshotPart.readNotification(data) }
        #expect(throws: DecodingError.self) { try SnapshotPart.decodeNotification(data) }
    }

    @Test("the host routes a part by scanning its head; anything else is left to RPCHead")
    func partHead() throws {
        #expect(SnapshotPartHead.read(try Self.trickyPart.notificationLine()) == SnapshotPartHead(requestID: .number(42)))
        let keysLast = Data(#"{"params":{"registrations":[],"id":"s"} ,"method":"snapshot_part","jsonrpc":"2.0"}"#.utf8)
        #expect(SnapshotPartHead.read(keysLast) == SnapshotPartHead(requestID: .string("s")))
        #expect(
            SnapshotPartHead.read(Data(#"{"jsonrpc":"2.0","method":"snapshot_part","params":{}}"#.utf8)) == SnapshotPartHead(requestID: nil)
        )
        for other in [
            #"{"jsonrpc":"2.0","id":3,"result":{}}"#,
            #"{"jsonrpc":"2.0","method":"snapshot_part","id":4,"params":{"id":3}}"#,
            #"{"jsonrpc":"1.0","method":"snapshot_part","params":{"id":3}}"#,
            #"{"jsonrpc":"2.0","method":"log","params":{"id":3}}"#,
            #"{"jsonrpc":"2.0","method":"snapshot_part","params":{"id":3}"#,
            "not json",
        ] {
            #expect(SnapshotPartHead.read(Data(other.utf8)) == nil, "\(other)")
        }
    }

    @Test("WireDate writes into bytes what format returns and parses it back")
    func wireDateBytes() {
        for date in [Self.start, Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1.5)] {
            var bytes: [UInt8] = []
            WireDate.write(date, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == WireDate.format(date))
            #expect(bytes.withUnsafeBufferPointer { WireDate.parse(utf8: $0) } == date)
        }
    }
}
