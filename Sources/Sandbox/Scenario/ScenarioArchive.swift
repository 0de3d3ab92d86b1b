import Foundation

extension TenantScenarioBuilder {
    /// Days ago of the archived webinars of the primary account's first host: two Zoom no
    /// longer lists (expired 30 days after they ran) but still holds reports for, and one older
    /// than the six months Zoom keeps reports.
    static let archivedWebinarDaysAgo = [45, 75, 200]

    /// Webinars held long ago: registered for and attended, but expired, so only Zoom's reports
    /// (within six months) still show them; `switchyard backfill` finds them there. Drawn from
    /// a generator of their own, so the rest of the scenario is the same as without them.
    mutating func archivedWebinars(host: ZoomUserData, pool: [ScenarioPersonSeed]) -> [ZoomWebinarData] {
        var generator = SeededGenerator(seed: UInt64(bitPattern: host.pmi) ^ 0xA4C1_1BED)
        var webinars: [ZoomWebinarData] = []
        for (index, daysAgo) in Self.archivedWebinarDaysAgo.enumerated() {
            var webinar = scheduled(host: host, start: day(-daysAgo, hour: 15), using: &generator)
            webinar.topic = "Archived: " + webinar.topic
            let people = sample(pool, count: sizes.registrantsPerWebinar, using: &generator)
            webinar.registrants = people.map { registrant($0, before: webinar, using: &generator) }
            hold(&webinar, host: host, slot: 4, using: &generator)  // a completed recording, no special UUID
            notableWebinars["archived\(index)"] = webinar.id
            webinars.append(webinar)
        }
        return webinars
    }
}
