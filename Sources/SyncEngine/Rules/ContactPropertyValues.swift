import ConnectorKit
import Foundation
import HubSpot
import Store

/// The four contact properties of the seeds (DESIGN §1) for one person and one source: computed
/// from that person's participation facts of the source's webinars, written under the names the
/// source's ``HubSpotProfile`` gives them.
public struct ContactPropertyValues: Sendable, Hashable {
    /// Mean over attended webinars of the share attended, capped at 100, two decimals; nil when none attended.
    public var averageAttendancePercent: Double?
    /// The URL of the most recent registration's webinar.
    public var lastRegisteredWebinarURL: String?
    /// Webinars registered for.
    public var totalRegistrations: Int
    /// Webinars attended.
    public var totalAttended: Int

    /// Creates values.
    public init(averageAttendancePercent: Double?, lastRegisteredWebinarURL: String?, totalRegistrations: Int, totalAttended: Int) {
        self.averageAttendancePercent = averageAttendancePercent
        self.lastRegisteredWebinarURL = lastRegisteredWebinarURL
        self.totalRegistrations = totalRegistrations
        self.totalAttended = totalAttended
    }

    /// The values as HubSpot property strings under the profile's names (an empty string clears a value).
    public func properties(named names: HubSpotProfile.ContactProperties) -> [String: String] {
        [
            names.averageAttendance.name: averageAttendancePercent.map(Self.format) ?? "",
            names.lastRegisteredWebinar.name: lastRegisteredWebinarURL ?? "",
            names.totalRegistrations.name: String(totalRegistrations),
            names.totalAttended.name: String(totalAttended),
        ]
    }

    /// A percentage as written to HubSpot: at most two decimals, no trailing `.0`.
    public static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Computes the values from a person's facts of one source (one per webinar); facts of
    /// other connector types must be left out by the caller.
    public static func values(from facts: [ParticipationFact]) -> ContactPropertyValues {
        let registered = facts.filter(\.registered)
        let attended = facts.filter(\.attended)
        // Sorted, so the sum (and its rounding) does not depend on the order facts were read in.
        let percents = attended.compactMap(\.attendancePercent).map { min(max($0, 0), 100) }.sorted()
        let average = percents.isEmpty ? nil : percents.reduce(0, +) / Double(percents.count)
        let latest = registered.filter { $0.webinarURL != nil }.max { lhs, rhs in
            (lhs.registeredAt ?? .distantPast, lhs.webinarID) < (rhs.registeredAt ?? .distantPast, rhs.webinarID)
        }
        return ContactPropertyValues(
            averageAttendancePercent: average.map { ($0 * 100).rounded() / 100 },
            lastRegisteredWebinarURL: latest?.webinarURL,
            totalRegistrations: registered.count,
            totalAttended: attended.count
        )
    }

    /// The HubSpot definitions of a profile's four properties, in their group: the two totals
    /// and the average are numbers, the last registered webinar is text.
    public static func definitions(_ profile: HubSpotProfile) -> [PropertyDefinition] {
        let names = profile.contactProperties
        func define(_ property: HubSpotProfile.Property, number: Bool) -> PropertyDefinition {
            PropertyDefinition(
                name: property.name, label: property.label, type: number ? "number" : "string", fieldType: number ? "number" : "text",
                groupName: profile.propertyGroup.name, description: property.description)
        }
        return [
            define(names.averageAttendance, number: true), define(names.lastRegisteredWebinar, number: false),
            define(names.totalRegistrations, number: true), define(names.totalAttended, number: true),
        ]
    }
}
