import Foundation
import SwitchyardJSON

/// A Zoom answer with a hand-written reader for its snake_case JSON: the pages a webinar's
/// snapshot reads by the thousand (registrants, report participants). ``ZoomJSON/decode(_:from:operation:)``
/// tries the reader first and falls back to `JSONDecoder` for anything it does not read (an
/// unexpected type, an escaped key), which then decodes it or reports what is wrong.
protocol ZoomFastDecodable {
    /// Reads one value; throws ``JSONByteReader/Unreadable`` for anything it does not handle.
    static func read(_ reader: inout JSONByteReader) throws -> Self
}

extension ZoomRegistrantsPage: ZoomFastDecodable {
    static func read(_ reader: inout JSONByteReader) throws -> ZoomRegistrantsPage {
        var page = ZoomRegistrantsPage()
        try reader.object { reader, key in
            if keyIs(key, "registrants") {
                page.registrants = try reader.null() ? nil : ZoomJSON.readArray(&reader, ZoomRegistrantDTO.read)
            } else if keyIs(key, "next_page_token") {
                page.nextPageToken = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        return page
    }
}

extension ZoomRegistrantDTO: ZoomFastDecodable {
    static func read(_ reader: inout JSONByteReader) throws -> ZoomRegistrantDTO {
        var registrant = ZoomRegistrantDTO()
        try reader.object { reader, key in
            if keyIs(key, "id") {
                registrant.id = try reader.optionalString()
            } else if keyIs(key, "email") {
                registrant.email = try reader.optionalString()
            } else if keyIs(key, "first_name") {
                registrant.firstName = try reader.optionalString()
            } else if keyIs(key, "last_name") {
                registrant.lastName = try reader.optionalString()
            } else if keyIs(key, "status") {
                registrant.status = try reader.optionalString()
            } else if keyIs(key, "create_time") {
                registrant.createTime = try reader.optionalString()
            } else if keyIs(key, "join_url") {
                registrant.joinUrl = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        return registrant
    }
}

extension ZoomParticipantsPage: ZoomFastDecodable {
    static func read(_ reader: inout JSONByteReader) throws -> ZoomParticipantsPage {
        var page = ZoomParticipantsPage()
        try reader.object { reader, key in
            if keyIs(key, "participants") {
                page.participants = try reader.null() ? nil : ZoomJSON.readArray(&reader, ZoomParticipantDTO.read)
            } else if keyIs(key, "next_page_token") {
                page.nextPageToken = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        return page
    }
}

extension ZoomParticipantDTO: ZoomFastDecodable {
    static func read(_ reader: inout JSONByteReader) throws -> ZoomParticipantDTO {
        var participant = ZoomParticipantDTO()
        try reader.object { reader, key in
            if keyIs(key, "id") {
                participant.id = try reader.optionalString()
            } else if keyIs(key, "user_id") {
                participant.userId = try reader.optionalString()
            } else if keyIs(key, "participant_user_id") {
                participant.participantUserId = try reader.optionalString()
            } else if keyIs(key, "name") {
                participant.name = try reader.optionalString()
            } else if keyIs(key, "user_email") {
                participant.userEmail = try reader.optionalString()
            } else if keyIs(key, "registrant_id") {
                participant.registrantId = try reader.optionalString()
            } else if keyIs(key, "join_time") {
                participant.joinTime = try reader.optionalString()
            } else if keyIs(key, "leave_time") {
                participant.leaveTime = try reader.optionalString()
            } else if keyIs(key, "duration") {
                participant.duration = try reader.optionalInt()
            } else if keyIs(key, "status") {
                participant.status = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        return participant
    }
}

extension ZoomJSON {
    /// Reads `[element, …]` with `read`.
    static func readArray<Element>(_ reader: inout JSONByteReader, _ read: (inout JSONByteReader) throws -> Element) throws
        -> [Element]
    {
        var elements: [Element] = []
        try reader.array { elements.append(try read(&$0)) }
        return elements
    }

    /// `data` read by the type's hand-written reader, or nil when the reader does not handle it.
    static func fastRead<Value: ZoomFastDecodable>(_ type: Value.Type, from data: Data) -> Value? {
        try? JSONByteReader.read(data) { try Value.read(&$0) }
    }
}
