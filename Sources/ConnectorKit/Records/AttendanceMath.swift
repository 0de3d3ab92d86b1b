import Foundation

/// The arithmetic every connector applies to attendance the same way.
public enum AttendanceMath {
    /// Seconds covered by the union of the sessions (overlaps counted once).
    public static func coveredSeconds(_ sessions: [AttendanceSession]) -> Int {
        var total: TimeInterval = 0
        var current: (start: Date, end: Date)?
        for session in sessions.sorted(by: { $0.joinedAt < $1.joinedAt }) {
            guard let open = current else {
                current = (session.joinedAt, session.leftAt)
                continue
            }
            if session.joinedAt <= open.end {
                current = (open.start, max(open.end, session.leftAt))
            } else {
                total += open.end.timeIntervalSince(open.start)
                current = (session.joinedAt, session.leftAt)
            }
        }
        if let open = current { total += open.end.timeIntervalSince(open.start) }
        return Int(total.rounded())
    }

    /// `seconds` as a percentage of `length`, one decimal, capped at 100; nil when unknown.
    public static func percent(_ seconds: Int, of length: Int?) -> Double? {
        guard let length, length > 0 else { return nil }
        let share = min(Double(seconds) / Double(length) * 100, 100)
        return (share * 10).rounded() / 10
    }
}
