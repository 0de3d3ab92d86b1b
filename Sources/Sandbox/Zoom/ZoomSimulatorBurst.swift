import Foundation

extension ZoomSimulator {
    /// Registers `count` new people, spread round-robin over `webinarIDs` (upcoming webinars with
    /// registration; others are skipped), and pushes their `webinar.registration_created` events
    /// `concurrency` at a time, as a burst of sign-ups would make Zoom do. The registrants are
    /// added to the webinars first, in one update per webinar, so Zoom's API agrees with the
    /// webhooks. Returns the number of events whose first delivery was attempted.
    public func pushRegistrationBurst(webinarIDs: [Int64], count: Int, concurrency: Int) async -> Int {
        let now = configuration.now()
        var located: [(accountID: String, id: Int64)] = []
        for id in webinarIDs {
            guard let found = store.locateWebinar(id: id), found.webinar.registrationEnabled, found.webinar.startTime > now
            else { continue }
            located.append((found.accountID, id))
        }
        guard !located.isEmpty, count > 0 else { return 0 }
        var events: [(ZoomWebhookEvent, String)] = []
        events.reserveCapacity(count)
        for (slot, target) in located.enumerated() {
            let indices = Array(stride(from: slot, to: count, by: located.count))
            let pushed = store.updateWebinar(accountID: target.accountID, id: target.id) { webinar, generator in
                indices.map { index in
                    let registrant = ZoomRegistrantData(
                        id: ZoomIdentifiers.registrantID(using: &generator), email: "burst-\(index)@burst.example",
                        firstName: "Burst", lastName: "Person \(index)",
                        status: webinar.approvalType == 1 ? "pending" : "approved", createTime: now, customAnswers: [:],
                        fieldAnswers: [:])
                    webinar.registrants.append(registrant)
                    return ZoomWebhookEvents.registration(
                        "webinar.registration_created", webinar: webinar, registrant: registrant, accountID: target.accountID,
                        operator: nil, now: now)
                }
            }
            events += (pushed ?? []).map { ($0, target.accountID) }
        }
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            for _ in 0..<max(1, concurrency) where next < events.count {
                let (event, accountID) = events[next]
                next += 1
                group.addTask { await self.webhooks.deliver(event, accountID: accountID) }
            }
            while await group.next() != nil, next < events.count {
                let (event, accountID) = events[next]
                next += 1
                group.addTask { await self.webhooks.deliver(event, accountID: accountID) }
            }
        }
        return events.count
    }
}
