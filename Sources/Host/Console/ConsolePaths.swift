/// The console's URLs, in one place.
enum ConsolePaths {
    static let home = "/console"
    static let signIn = "/console/sign-in"
    static let signOut = "/console/sign-out"
    static let stylesheet = "/console/console.css"

    static func tenant(_ id: String) -> String { "/console/tenants/\(ConsoleFormat.segment(id))" }
    static func webinars(_ id: String) -> String { tenant(id) + "/webinars" }
    static func webinar(_ id: String, _ webinarID: String) -> String { webinars(id) + "/\(ConsoleFormat.segment(webinarID))" }
    static func syncNow(_ id: String, _ webinarID: String) -> String { webinar(id, webinarID) + "/sync" }
    static func run(_ id: String, _ runID: String) -> String { tenant(id) + "/runs/\(ConsoleFormat.segment(runID))" }
    static func contact(_ id: String) -> String { tenant(id) + "/contact" }
}
