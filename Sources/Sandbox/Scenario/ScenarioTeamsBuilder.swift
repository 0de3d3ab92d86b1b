import Foundation

/// Builds one simulated Entra tenant (Teams webinars) of a scenario tenant, from its own seeded
/// generator so adding Teams never changes the Zoom and HubSpot data of a seed.
struct TeamsScenarioBuilder {
    let credentials: GraphTenantCredentials
    let isPrimary: Bool
    let sizes: ScenarioSizes
    let dayStart: Date
    var notablePeople: [GraphScenarioPerson] = []
    var notableWebinars: [String: String] = [:]
    var heldCount = 0

    /// Start of day `offset` (negative: past) at `hour` UTC.
    func day(_ offset: Int, _ hour: Int) -> Date {
        dayStart.addingTimeInterval(TimeInterval(offset * 86_400 + hour * 3600))
    }

    /// The tenant: one user per organizer email, each organizer's past and upcoming webinars, and
    /// in the primary tenant the showcase webinar (every special case, a recording and a
    /// transcript) and a webinar with a required custom registration question.
    mutating func build(
        pool: [ScenarioPersonSeed], specials: [(ScenarioPersonSeed, ScenarioPerson.Role)],
        using generator: inout SeededGenerator
    ) -> GraphTenantData {
        let users = credentials.organizerEmails.map { email in
            let local = email.split(separator: "@").first.map(String.init) ?? "organizer"
            let name = local.split(separator: ".").map { $0.capitalized }.joined(separator: " ")
            return GraphUserData(id: GraphIdentifiers.guid(using: &generator), displayName: name, mail: email)
        }
        var webinars: [GraphWebinarData] = []
        for (index, organizer) in users.enumerated() {
            for week in 0..<sizes.pastWebinarsPerHost {
                let showcase = isPrimary && index == 0 && week == 0
                var webinar = scheduled(organizer, start: day(-7 * week - index - 2, 16), using: &generator)
                webinar.registrations = sample(pool, sizes.registrantsPerWebinar, using: &generator).map {
                    registration($0, before: webinar, using: &generator)
                }
                if showcase { addSpecials(specials, to: &webinar, using: &generator) }
                hold(&webinar, organizer: organizer, showcase: showcase, using: &generator)
                webinars.append(webinar)
            }
            for week in 0..<sizes.upcomingWebinarsPerHost {
                var webinar = scheduled(organizer, start: day(7 * (week + 1) + index + 1, 17), using: &generator)
                webinar.registrations = sample(pool, max(sizes.registrantsPerWebinar / 2, 1), using: &generator).map {
                    registration($0, before: webinar, using: &generator)
                }
                if notableWebinars["upcoming"] == nil { notableWebinars["upcoming"] = webinar.id }
                webinars.append(webinar)
            }
        }
        if isPrimary, let organizer = users.first {
            var webinar = scheduled(organizer, start: day(12, 15), using: &generator)
            webinar.questions.append(
                GraphQuestionData(
                    id: GraphIdentifiers.guid(using: &generator), displayName: "How many employees does your company have?",
                    isRequired: true, predefinedLabel: nil, answerInputType: "singleChoice",
                    answerChoices: ["1-50", "51-500", "500+"]))
            notableWebinars["requiredQuestion"] = webinar.id
            webinars.append(webinar)
        }
        return GraphTenantData(
            credentials: credentials, users: users, webinars: webinars, notablePeople: notablePeople,
            notableWebinars: notableWebinars)
    }

    /// A published webinar of one hour, registration open three weeks before, with an optional
    /// predefined job-title question; one session at the same time.
    func scheduled(_ organizer: GraphUserData, start: Date, using generator: inout SeededGenerator) -> GraphWebinarData {
        let topic = ScenarioNames.topics[Int.random(in: 0..<ScenarioNames.topics.count, using: &generator)]
        let end = start.addingTimeInterval(3600)
        let id = GraphIdentifiers.webinarID(tenantID: credentials.tenantID, using: &generator)
        let thread = GraphIdentifiers.threadID(using: &generator)
        let subject = "\(topic) with \(organizer.displayName)"
        let session = GraphSessionData(
            id: GraphIdentifiers.sessionID(threadID: thread),
            onlineMeetingID: GraphIdentifiers.onlineMeetingID(organizerID: organizer.id, threadID: thread), subject: subject,
            joinWebUrl:
                "https://teams.microsoft.com/l/meetup-join/\(thread.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? thread)/0",
            startDateTime: start, endDateTime: end, attendanceReports: [], recordings: [], transcripts: [])
        return GraphWebinarData(
            id: id, organizerID: organizer.id, displayName: subject,
            descriptionText: "A sandbox Teams webinar organized by \(organizer.displayName).", startDateTime: start,
            endDateTime: end, status: "published", audience: "everyone", createdDateTime: start.addingTimeInterval(-21 * 86_400),
            questions: [
                GraphQuestionData(
                    id: GraphIdentifiers.guid(using: &generator), displayName: "Job title", isRequired: false,
                    predefinedLabel: "jobTitle", answerInputType: nil, answerChoices: nil)
            ],
            registrations: [], sessions: [session])
    }

    func registration(_ person: ScenarioPersonSeed, before webinar: GraphWebinarData, using generator: inout SeededGenerator)
        -> GraphRegistrationData
    {
        let window = Int(webinar.startDateTime.timeIntervalSince(webinar.createdDateTime))
        let at = webinar.createdDateTime.addingTimeInterval(TimeInterval(Int.random(in: 0..<max(window, 1), using: &generator)))
        return GraphRegistrationData(
            id: GraphIdentifiers.guid(using: &generator), firstName: person.firstName, lastName: person.lastName,
            email: person.email, status: "registered", registrationDateTime: at, cancelationDateTime: nil,
            preferredTimezone: "UTC", preferredLanguage: "en-us", userId: nil, registrationQuestionAnswers: [])
    }

    func sample(_ pool: [ScenarioPersonSeed], _ count: Int, using generator: inout SeededGenerator) -> [ScenarioPersonSeed] {
        Array(pool.shuffled(using: &generator).prefix(count))
    }

    /// Adds the special registrants (HubSpot user, excluded domains, secondary email, invalid
    /// emails, deleted contact) and cancels the first registration.
    mutating func addSpecials(
        _ specials: [(ScenarioPersonSeed, ScenarioPerson.Role)], to webinar: inout GraphWebinarData,
        using generator: inout SeededGenerator
    ) {
        for (person, role) in specials {
            webinar.registrations.append(registration(person, before: webinar, using: &generator))
            notablePeople.append(GraphScenarioPerson(role: role, email: person.email, name: person.name, webinarID: webinar.id))
        }
        if !webinar.registrations.isEmpty {
            webinar.registrations[0].status = "canceled"
            webinar.registrations[0].cancelationDateTime = webinar.startDateTime.addingTimeInterval(-86_400)
            let canceled = webinar.registrations[0]
            notablePeople.append(
                GraphScenarioPerson(
                    role: .cancelledRegistration, email: canceled.email ?? "",
                    name: "\(canceled.firstName ?? "") \(canceled.lastName ?? "")", webinarID: webinar.id))
        }
        notableWebinars["showcase"] = webinar.id
    }
}
