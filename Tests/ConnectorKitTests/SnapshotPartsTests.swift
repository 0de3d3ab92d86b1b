import ConnectorKit
import Foundation
import Testing

@Suite("Snapshot parts (protocol §4)")
struct SnapshotPartsTests {
    @Test("a large snapshot splits into parts of at most N records of one kind; assembling them gives it back in order")
    func splitAndAssemble() throws {
        let large = WireFixtures.largeSnapshot(count: 1500)
        let (parts, rest) = SnapshotPart.split(large, id: .number(7), recordsPerPart: 1000)
        #expect(parts.map(\.recordCount) == [1000, 502, 1, 1000, 501, 1])
        #expect(parts.allSatisfy { $0.id == .number(7) })
        #expect(rest.registrations.isEmpty && rest.attendance.isEmpty && rest.cancellations.isEmpty)
        #expect(rest.webinar == large.webinar && rest.recording == large.recording && rest.problems == large.problems)
        #expect(SnapshotPart.assemble(parts, rest: rest) == large)
        // Parts travel as JSON and come back the same.
        let wire = try parts.map { try ConnectorWire.decode(SnapshotPart.self, from: ConnectorWire.encode($0)) }
        #expect(SnapshotPart.assemble(wire, rest: rest) == large)
    }

    @Test("a small snapshot is not split; a part leaves out its empty arrays")
    func smallAndSparse() throws {
        let (parts, rest) = SnapshotPart.split(WireFixtures.snapshot, id: .number(1), recordsPerPart: 1000)
        #expect(parts.isEmpty)
        #expect(rest == WireFixtures.snapshot)
        var part = SnapshotPart(id: .string("a"))
        part.cancellations = WireFixtures.snapshot.cancellations
        let json = try #require(try JSONSerialization.jsonObject(with: ConnectorWire.encode(part)) as? [String: Any])
        #expect(Set(json.keys) == ["id", "cancellations"])
    }

    @Test("the SDK sends a large snapshot in snapshot_part notifications before its result only when the host offers it")
    func sdkSendsPartsWhenOffered() async throws {
        func lines(features: String) async throws -> [[String: Any]] {
            let (input, feed) = AsyncStream<LineEvent>.makeStream()
            for line in [
                #"{"jsonrpc":"2.0","id":1,"method":"handshake","params":{"protocolVersions":[1]\#(features)}}"#,
                #"{"jsonrpc":"2.0","id":2,"method":"configure","params":{"instance":"i1","config":{"account_id":"acme","token":{"secret":"abcdef"}},"context":{}}}"#,
            ] {
                feed.yield(.line(Data(line.utf8)))
            }
            let sink = CollectingSink()
            let server = Task { await ConnectorPluginServer.serve(FakeConnector.self, lines: input, output: sink) }
            var output = sink.lines.makeAsyncIterator()
            _ = await output.next()
            _ = await output.next()
            feed.yield(.line(Data(#"{"jsonrpc":"2.0","id":3,"method":"snapshot","params":{"instance":"i1","webinarId":"large"}}"#.utf8)))
            feed.finish()
            await server.value
            sink.finish()
            var objects: [[String: Any]] = []
            while let line = await output.next() {
                objects.append(try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any]))
            }
            return objects
        }
        let plain = try await lines(features: "")
        #expect(plain.count == 1)
        #expect(plain.first?["id"] as? Int == 3)

        let parted = try await lines(features: #","features":["snapshot_parts"]"#)
        #expect(parted.count == 7)  // registrations 2 parts, cancellations 1, attendance 2, unmatched 1; the result
        #expect(parted.dropLast().allSatisfy { $0["method"] as? String == "snapshot_part" && $0["id"] == nil })
        #expect(parted.dropLast().allSatisfy { ($0["params"] as? [String: Any])?["id"] as? Int == 3 })
        #expect(parted.last?["id"] as? Int == 3)
        let result = try #require(parted.last?["result"] as? [String: Any])
        #expect(((result["snapshot"] as? [String: Any])?["registrations"] as? [Any])?.isEmpty == true)
    }
}
