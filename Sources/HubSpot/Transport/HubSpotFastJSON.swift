import Foundation
import SwitchyardJSON

/// A request body HubSpot receives by the thousand (batch inputs of contacts, timeline events and
/// participations), written by hand with ``JSONByteWriter``: the same JSON `HubSpotJSON.encoder()`
/// writes (keys in ascending order, optional fields left out when nil, no escaped slashes),
/// without Foundation's `Encoder` machinery.
protocol HubSpotBodyWritable: Encodable {
    /// Appends the value's JSON.
    func write(to writer: inout JSONByteWriter) throws
}

/// An answer HubSpot sends by the thousand (batch results), with a hand-written reader.
/// ``HubSpotClient/decode(_:from:operation:)`` tries it first and falls back to `JSONDecoder` for
/// anything it does not read (per-item errors, an unexpected type), which then decodes it or says
/// what is wrong.
protocol HubSpotFastDecodable {
    /// Reads one value; throws ``JSONByteReader/Unreadable`` for anything it does not handle.
    static func read(_ reader: inout JSONByteReader) throws -> Self
}

extension HubSpotRequest {
    /// Writes `value` as the JSON body by hand (see ``HubSpotBodyWritable``).
    mutating func setBody(_ value: some HubSpotBodyWritable) throws {
        var writer = JSONByteWriter(capacity: 16 * 1024)
        do {
            try value.write(to: &writer)
            body = writer.data
        } catch is JSONByteWriter.NonConformingNumber {
            body = try HubSpotJSON.encoder().encode(value)  // says which number JSON cannot carry
        }
    }
}

extension HubSpotJSON {
    /// `data` read by the type's hand-written reader, or nil when the reader does not handle it.
    static func fastRead<Value: HubSpotFastDecodable>(_ type: Value.Type, from data: Data) -> Value? {
        try? JSONByteReader.read(data) { try Value.read(&$0) }
    }

    /// A date as HubSpot sends it: epoch milliseconds or an ISO 8601 string.
    static func readDate(_ reader: inout JSONByteReader) throws -> Date? {
        if try reader.null() { return nil }
        if try reader.peek() != UInt8(ascii: "\"") {
            return Date(timeIntervalSince1970: TimeInterval(try reader.int()) / 1000)
        }
        let bytes = try reader.plainStringBytes()
        if let date = ISO8601Bytes.parse(utf8: bytes) { return date }
        guard let date = parseDate(String(decoding: bytes, as: UTF8.self)) else { throw JSONByteReader.Unreadable() }
        return date
    }
}

// MARK: Bodies

extension HubSpotBatchInput: HubSpotBodyWritable where Input: HubSpotBodyWritable {
    func write(to writer: inout JSONByteWriter) throws {
        writer.raw("{\"inputs\":")
        try writer.array(inputs) { try $1.write(to: &$0) }
        writer.raw("}")
    }
}

extension ObjectBatchInput: HubSpotBodyWritable {
    func write(to writer: inout JSONByteWriter) {
        writer.raw("{\"id\":")
        writer.string(id)
        if let idProperty {
            writer.raw(",\"idProperty\":")
            writer.string(idProperty)
        }
        writer.raw(",\"properties\":")
        writer.sortedMap(properties)
        writer.raw("}")
    }
}

extension ObjectBatchReadInput: HubSpotBodyWritable {
    func write(to writer: inout JSONByteWriter) {
        writer.raw("{")
        if let idProperty {
            writer.raw("\"idProperty\":")
            writer.string(idProperty)
            writer.raw(",")
        }
        writer.raw("\"inputs\":")
        writer.array(inputs) { writer, input in
            writer.raw("{\"id\":")
            writer.string(input.id)
            writer.raw("}")
        }
        writer.raw(",\"properties\":")
        writer.strings(properties)
        writer.raw(",\"propertiesWithHistory\":")
        writer.strings(propertiesWithHistory)
        writer.raw("}")
    }
}

extension TimelineEventInput: HubSpotBodyWritable {
    func write(to writer: inout JSONByteWriter) {
        writer.raw("{")
        if let email {
            writer.raw("\"email\":")
            writer.string(email)
            writer.raw(",")
        }
        writer.raw("\"eventTemplateId\":")
        writer.string(eventTemplateId)
        writer.raw(",\"id\":")
        writer.string(id)
        if let objectId {
            writer.raw(",\"objectId\":")
            writer.string(objectId)
        }
        if let timestamp {
            writer.raw(",\"timestamp\":\"")
            ISO8601Bytes.write(timestamp, into: &writer.bytes, alwaysMilliseconds: true)
            writer.raw("\"")
        }
        writer.raw(",\"tokens\":")
        writer.sortedMap(tokens)
        writer.raw("}")
    }
}

extension MarketingEventEmailSubscriberInput: HubSpotBodyWritable {
    func write(to writer: inout JSONByteWriter) {
        writer.raw("{\"contactProperties\":")
        writer.sortedMap(contactProperties)
        writer.raw(",\"email\":")
        writer.string(email)
        writer.raw(",\"interactionDateTime\":")
        writer.int64(interactionDateTime)
        writer.raw(",\"properties\":")
        writer.sortedMap(properties)
        writer.raw("}")
    }
}

extension CallCreateInput: HubSpotBodyWritable {
    /// A call of a large webinar carries an association per attendee.
    func write(to writer: inout JSONByteWriter) {
        writer.raw("{\"associations\":")
        writer.array(associations) { writer, association in
            writer.raw("{\"to\":{\"id\":")
            writer.string(association.to.id)
            writer.raw("},\"types\":")
            writer.array(association.types) { writer, kind in
                writer.raw("{\"associationCategory\":")
                writer.string(kind.associationCategory)
                writer.raw(",\"associationTypeId\":")
                writer.int(kind.associationTypeId)
                writer.raw("}")
            }
            writer.raw("}")
        }
        if let objectWriteTraceId {
            writer.raw(",\"objectWriteTraceId\":")
            writer.string(objectWriteTraceId)
        }
        writer.raw(",\"properties\":")
        writer.sortedMap(properties)
        writer.raw("}")
    }
}

// MARK: Answers

extension HubSpotBatchResponse: HubSpotFastDecodable where Item: HubSpotFastDecodable {
    /// Reads `results` and `status`; an answer with per-item errors is left to `JSONDecoder`
    /// (they are rare, and decoded leniently there).
    static func read(_ reader: inout JSONByteReader) throws -> HubSpotBatchResponse<Item> {
        var results: [Item]?
        var status: String?
        try reader.object { reader, key in
            if keyIs(key, "results") {
                var items: [Item] = []
                try reader.array { items.append(try Item.read(&$0)) }
                results = items
            } else if keyIs(key, "status") {
                status = try reader.optionalString()
            } else if keyIs(key, "errors") {
                try reader.array { _ in throw JSONByteReader.Unreadable() }
            } else {
                try reader.skip()
            }
        }
        guard let results else { throw JSONByteReader.Unreadable() }
        return HubSpotBatchResponse(results: results, errors: nil, status: status)
    }
}

extension HubSpotObject: HubSpotFastDecodable {
    static func read(_ reader: inout JSONByteReader) throws -> HubSpotObject {
        var id: String?
        var object = HubSpotObject(id: "", properties: [:])
        try reader.object { reader, key in
            if keyIs(key, "id") {
                id = try reader.string()
            } else if keyIs(key, "properties") {
                if try reader.null() { return }
                try reader.object { reader, key in
                    guard let name = String(validating: key, as: UTF8.self) else { throw JSONByteReader.Unreadable() }
                    if let value = try reader.optionalString() { object.properties[name] = value }
                }
            } else if keyIs(key, "createdAt") {
                object.createdAt = try HubSpotJSON.readDate(&reader)
            } else if keyIs(key, "updatedAt") {
                object.updatedAt = try HubSpotJSON.readDate(&reader)
            } else if keyIs(key, "archived") {
                object.archived = try reader.null() ? false : reader.bool()
            } else if keyIs(key, "new") {
                object.isNew = try reader.null() ? nil : reader.bool()
            } else {
                try reader.skip()
            }
        }
        guard let id else { throw JSONByteReader.Unreadable() }
        object.id = id
        return object
    }
}

extension TimelineEventResult: HubSpotFastDecodable {
    static func read(_ reader: inout JSONByteReader) throws -> TimelineEventResult {
        var id: String?
        var eventTemplateId: String?
        var objectType: String?
        var objectId: String?
        try reader.object { reader, key in
            if keyIs(key, "id") {
                id = try reader.string()
            } else if keyIs(key, "eventTemplateId") {
                eventTemplateId = try reader.string()
            } else if keyIs(key, "objectType") {
                objectType = try reader.string()
            } else if keyIs(key, "objectId") {
                objectId = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        guard let id, let eventTemplateId, let objectType else { throw JSONByteReader.Unreadable() }
        return TimelineEventResult(id: id, eventTemplateId: eventTemplateId, objectType: objectType, objectId: objectId)
    }
}

extension MarketingEventSubscriberResult: HubSpotFastDecodable {
    static func read(_ reader: inout JSONByteReader) throws -> MarketingEventSubscriberResult {
        var email: String?
        var vid: Int?
        try reader.object { reader, key in
            if keyIs(key, "email") {
                email = try reader.string()
            } else if keyIs(key, "vid") {
                vid = try reader.int()
            } else {
                try reader.skip()
            }
        }
        guard let email, let vid else { throw JSONByteReader.Unreadable() }
        return MarketingEventSubscriberResult(email: email, vid: Int64(vid))
    }
}
