import Foundation
import Store

/// The four contact properties the integration creates and maintains (DESIGN §1).
public enum ZoomContactProperties {
    /// The property group they live in.
    public static let groupName = "switchyard_zoom_webinars"
    /// The group's label.
    public static let groupLabel = "Zoom webinars (Switchyard)"

    /// Average Zoom webinar attendance duration, in percent (0–100).
    public static let averageAttendance = "zoom_average_webinar_attendance_percent"
    /// URL of the webinar the contact most recently registered for.
    public static let lastRegisteredWebinar = "zoom_last_registered_webinar"
    /// Total Zoom webinar registrations.
    public static let totalRegistrations = "zoom_total_webinar_registrations"
    /// Total Zoom webinars attended.
    public static let totalAttended = "zoom_total_webinars_attended"

    /// One property definition.
    public struct Definition: Sendable, Hashable {
        public var name: String
        public var label: String
        public var description: String
        /// HubSpot property type: `number` or `string`.
        public var type: String
        /// HubSpot field type: `number` or `text`.
        public var fieldType: String
    }

    /// Every definition, as created in HubSpot.
    public static let definitions: [Definition] = [
        Definition(
            name: averageAttendance, label: "Average Zoom webinar attendance duration",
            description: "The average percentage of each Zoom webinar the contact attended (100 = stayed for the whole of every webinar).",
            type: "number", fieldType: "number"),
        Definition(
            name: lastRegisteredWebinar, label: "Last registered Zoom webinar",
            description: "The URL of the Zoom webinar the contact most recently registered for.", type: "string", fieldType: "text"),
        Definition(
            name: totalRegistrations, label: "Total Zoom webinar registrations",
            description: "The total number of Zoom webinars the contact registered for.", type: "number", fieldType: "number"),
        Definition(
            name: totalAttended, label: "Total Zoom webinars attended",
            description: "The total number of Zoom webinars the contact attended.", type: "number", fieldType: "number"),
    ]

    /// The values for one person, computed from all their participation facts in the tenant.
    public struct Values: Sendable, Hashable {
        /// Mean over attended webinars of the share attended, capped at 100, two decimals; nil when none attended.
        public var averageAttendancePercent: Double?
        /// The URL of the most recent registration's webinar.
        public var lastRegisteredWebinarURL: String?
        /// Webinars registered for.
        public var totalRegistrations: Int
        /// Webinars attended.
        public var totalAttended: Int

        /// The values as HubSpot property strings (empty string clears a value).
        public var properties: [String: String] {
            [
                ZoomContactProperties.averageAttendance: averageAttendancePercent.map(Self.format) ?? "",
                ZoomContactProperties.lastRegisteredWebinar: lastRegisteredWebinarURL ?? "",
                ZoomContactProperties.totalRegistrations: String(totalRegistrations),
                ZoomContactProperties.totalAttended: String(totalAttended),
            ]
        }

        static func format(_ value: Double) -> String {
            let rounded = (value * 100).rounded() / 100
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
    }

    /// Computes the values from a person's facts (one per webinar).
    public static func values(from facts: [ParticipationFact]) -> Values {
        let registered = facts.filter(\.registered)
        let attended = facts.filter(\.attended)
        // Sorted, so the sum (and its rounding) does not depend on the order facts were read in.
        let percents = attended.compactMap(\.attendancePercent).map { min(max($0, 0), 100) }.sorted()
        let average = percents.isEmpty ? nil : percents.reduce(0, +) / Double(percents.count)
        let latest = registered.filter { $0.webinarURL != nil }.max { lhs, rhs in
            (lhs.registeredAt ?? .distantPast, lhs.webinarID) < (rhs.registeredAt ?? .distantPast, rhs.webinarID)
        }
        return Values(
            averageAttendancePercent: average.map { ($0 * 100).rounded() / 100 },
            lastRegisteredWebinarURL: latest?.webinarURL,
            totalRegistrations: registered.count,
            totalAttended: attended.count
        )
    }
}
