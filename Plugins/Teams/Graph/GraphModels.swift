import Foundation

// Graph v1.0 resources as the connector reads them (names as in Microsoft's metadata); every
// property is optional so a missing one is reported where it matters, not as a decoding failure.

/// `dateTimeTimeZone`.
struct GraphDateTimeZone: Codable, Sendable, Hashable {
    var dateTime: String?
    var timeZone: String?
}

/// `identity`.
struct GraphIdentity: Codable, Sendable, Hashable {
    var id: String?
    var displayName: String?
}

/// `communicationsIdentitySet` (the parts read).
struct GraphIdentitySet: Codable, Sendable, Hashable {
    var user: GraphIdentity?
}

/// `virtualEventWebinar`.
struct GraphWebinar: Codable, Sendable, Hashable {
    var id: String
    var displayName: String?
    var startDateTime: GraphDateTimeZone?
    var endDateTime: GraphDateTimeZone?
    var isRegistrationRequired: Bool?
    var status: String?
    var createdBy: GraphIdentitySet?
    var coOrganizers: [GraphIdentity]?
}

/// `virtualEventWebinarRegistrationConfiguration`.
struct GraphRegistrationConfiguration: Codable, Sendable, Hashable {
    var registrationWebUrl: String?
}

/// `virtualEventRegistrationQuestionBase` and its two kinds (predefined: `label`; custom).
struct GraphRegistrationQuestion: Codable, Sendable, Hashable {
    var odataType: String?
    var id: String?
    var displayName: String?
    var isRequired: Bool?
    var label: String?

    enum CodingKeys: String, CodingKey {
        case odataType = "@odata.type"
        case id, displayName, isRequired, label
    }
}

/// `virtualEventRegistration`.
struct GraphRegistration: Codable, Sendable, Hashable {
    var id: String
    var email: String?
    var firstName: String?
    var lastName: String?
    var status: String?
    var registrationDateTime: String?
    var cancelationDateTime: String?
    var userId: String?
}

/// A new `virtualEventRegistration` (the fields the workflow action fills).
struct GraphRegistrationInput: Encodable {
    var firstName: String
    var lastName: String
    var email: String
}

/// `virtualEventSession`.
struct GraphSession: Codable, Sendable, Hashable {
    var id: String
    var subject: String?
    var joinWebUrl: String?
    var startDateTime: GraphDateTimeZone?
    var endDateTime: GraphDateTimeZone?
    var videoOnDemandWebUrl: String?
}

/// `meetingAttendanceReport`.
struct GraphAttendanceReport: Codable, Sendable, Hashable {
    var id: String
    var meetingStartDateTime: String?
    var meetingEndDateTime: String?
    var totalParticipantCount: Int?
}

/// `attendanceInterval`.
struct GraphAttendanceInterval: Codable, Sendable, Hashable {
    var joinDateTime: String?
    var leaveDateTime: String?
    var durationInSeconds: Int?
}

/// `attendanceRecord`.
struct GraphAttendanceRecord: Codable, Sendable, Hashable {
    var id: String?
    var emailAddress: String?
    var registrationId: String?
    var role: String?
    var totalAttendanceInSeconds: Int?
    var identity: GraphIdentity?
    var attendanceIntervals: [GraphAttendanceInterval]?
}

/// `user` (the parts read).
struct GraphUserIdentity: Codable, Sendable, Hashable {
    var id: String
    var userPrincipalName: String?
}

/// `onlineMeeting` (the parts read): a session's meeting, found by its join URL.
struct GraphOnlineMeeting: Codable, Sendable, Hashable {
    var id: String
    var joinWebUrl: String?
}

/// `callRecording` and `callTranscript` (the parts read).
struct GraphMeetingArtifact: Codable, Sendable, Hashable {
    var id: String
    var meetingId: String?
    var createdDateTime: String?
    var endDateTime: String?
    var recordingContentUrl: String?
    var transcriptContentUrl: String?
}

/// `subscription`.
struct GraphSubscription: Codable, Sendable, Hashable {
    var id: String?
    var resource: String
    var changeType: String
    var notificationUrl: String?
    var lifecycleNotificationUrl: String?
    var expirationDateTime: String
    var clientState: String?
}

/// Graph's dates: `DateTimeOffset` strings (up to seven fractional digits) and `dateTimeTimeZone`.
enum GraphDate {
    /// Parses `2024-03-25T08:00:00Z`, `…00.1234567Z`, `…+02:00`, or a zone-less time read in `zone` (UTC when unknown).
    static func parse(_ text: String?, zone: String? = nil) -> Date? {
        guard var text = text?.trimmingCharacters(in: .whitespaces), text.count >= 19 else { return nil }
        var suffix = ""
        if text.hasSuffix("Z") {
            text.removeLast()
            suffix = "Z"
        } else if let sign = text.dropFirst(19).lastIndex(where: { $0 == "+" || $0 == "-" }) {
            suffix = String(text[sign...])
            text = String(text[..<sign])
        }
        let seconds = String(text.prefix(19))
        var fraction = 0.0
        if text.count > 20, text.dropFirst(19).first == "." { fraction = Double("0" + text.dropFirst(19)) ?? 0 }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if suffix.isEmpty {
            guard let wall = formatter.date(from: seconds + "Z") else { return nil }
            let timeZone = zone.flatMap { TimeZone(identifier: $0) } ?? TimeZone.gmt
            return wall.addingTimeInterval(fraction - TimeInterval(timeZone.secondsFromGMT(for: wall)))
        }
        return formatter.date(from: seconds + suffix).map { $0.addingTimeInterval(fraction) }
    }

    /// A `dateTimeTimeZone`.
    static func parse(_ value: GraphDateTimeZone?) -> Date? {
        parse(value?.dateTime, zone: value?.timeZone)
    }

    /// `2024-03-25T08:00:00Z`.
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
