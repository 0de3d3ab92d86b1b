import Foundation

extension TenantScenarioBuilder {
    /// One Zoom account: a user per host email and each host's past and upcoming webinars.
    /// The primary account also holds the showcase webinar (every special case), a Zoom Events
    /// webinar (`events.zoom.us` links), a webinar that is a session of a Zoom Event but has
    /// ordinary links, and a webinar with an extra required registration question.
    mutating func zoomAccount(
        _ credentials: ZoomAccountCredentials,
        isPrimary: Bool,
        pool: [ScenarioPersonSeed],
        specials: SpecialRegistrants,
        using generator: inout SeededGenerator
    ) -> ZoomAccountData {
        let users = credentials.hostEmails.map { email in
            let parts = email.split(separator: "@").first.map { $0.split(separator: ".") } ?? []
            let first = parts.first.map { $0.capitalized } ?? "Host"
            let last = parts.count > 1 ? parts[1].capitalized : "Team"
            return ZoomUserData(
                id: ZoomIdentifiers.userID(using: &generator), email: email, firstName: first,
                lastName: last,
                pmi: Int64.random(in: 2_000_000_000...9_999_999_999, using: &generator),
                createdAt: day(-400, hour: 9))
        }
        var webinars: [ZoomWebinarData] = []
        var events: [ZoomEventData] = []
        for (hostIndex, host) in users.enumerated() {
            for week in 1...max(sizes.pastWebinarsPerHost, 1) where sizes.pastWebinarsPerHost > 0 {
                let showcase = isPrimary && hostIndex == 0 && week == 1
                var webinar = scheduled(
                    host: host, start: day(-7 * week - hostIndex, hour: 15), using: &generator)
                let people = sample(pool, count: sizes.registrantsPerWebinar, using: &generator)
                webinar.registrants = people.map { registrant($0, before: webinar, using: &generator) }
                if showcase {
                    addSpecialRegistrants(to: &webinar, specials: specials, using: &generator)
                }
                hold(&webinar, host: host, showcase: showcase, using: &generator)
                webinars.append(webinar)
            }
            for week in 0..<sizes.upcomingWebinarsPerHost {
                var webinar = scheduled(
                    host: host, start: day(7 * (week + 1) + hostIndex, hour: 15), using: &generator)
                let people = sample(pool, count: max(sizes.registrantsPerWebinar / 2, 1), using: &generator)
                webinar.registrants = people.map { registrant($0, before: webinar, using: &generator) }
                if isPrimary && hostIndex == 0 && week == 0 {
                    requireExtraQuestion(&webinar)
                }
                webinars.append(webinar)
            }
        }
        if isPrimary, let host = users.first {
            if notableWebinars["requiredQuestion"] == nil {
                var webinar = scheduled(host: host, start: day(10, hour: 16), using: &generator)
                requireExtraQuestion(&webinar)
                webinars.append(webinar)
            }
            webinars.append(zoomEventsWebinar(host: host, pool: pool, using: &generator))
            if sizes.pastWebinarsPerHost >= 3 { webinars += archivedWebinars(host: host, pool: pool) }
            let (sessionWebinar, event) = zoomEventSessionWebinar(host: host, pool: pool, using: &generator)
            webinars.append(sessionWebinar)
            events.append(event)
        }
        // The primary account has a Zoom Events license; the others do not.
        return ZoomAccountData(
            credentials: credentials, users: users, webinars: webinars, zoomEventsLicensed: isPrimary,
            events: events)
    }

    /// A scheduled (not yet held) webinar with automatic approval and a last-name question.
    func scheduled(host: ZoomUserData, start: Date, using generator: inout SeededGenerator)
        -> ZoomWebinarData
    {
        let topic = ScenarioNames.topics[
            Int.random(in: 0..<ScenarioNames.topics.count, using: &generator)]
        return ZoomWebinarData(
            id: ZoomIdentifiers.webinarID(using: &generator),
            uuid: ZoomIdentifiers.instanceUUID(using: &generator),
            hostID: host.id,
            hostEmail: host.email,
            topic: "\(topic) with \(host.firstName)",
            agenda: "A sandbox webinar hosted by \(host.firstName) \(host.lastName).",
            startTime: start,
            durationMinutes: 60,
            createdAt: start.addingTimeInterval(-21 * 86_400),
            questions: [ZoomStandardQuestion(fieldName: "last_name", required: false)]
        )
    }

    /// A registrant who registered between scheduling and start.
    func registrant(
        _ person: ScenarioPersonSeed, before webinar: ZoomWebinarData,
        using generator: inout SeededGenerator
    )
        -> ZoomRegistrantData
    {
        let window = webinar.startTime.timeIntervalSince(webinar.createdAt)
        let offset = Double(Int.random(in: 0..<max(Int(window), 1), using: &generator))
        return ZoomRegistrantData(
            id: ZoomIdentifiers.registrantID(using: &generator), email: person.email,
            firstName: person.firstName,
            lastName: person.lastName, createTime: webinar.createdAt.addingTimeInterval(offset))
    }

    /// `count` distinct people of the pool, in a seeded order.
    func sample(_ pool: [ScenarioPersonSeed], count: Int, using generator: inout SeededGenerator)
        -> [ScenarioPersonSeed]
    {
        Array(pool.shuffled(using: &generator).prefix(count))
    }

    /// Adds every special registrant to the showcase webinar and records who they are.
    mutating func addSpecialRegistrants(
        to webinar: inout ZoomWebinarData,
        specials: SpecialRegistrants,
        using generator: inout SeededGenerator
    ) {
        let user = specials.hubSpotUser
        let cases: [(ScenarioPersonSeed, ScenarioPerson.Role)] = [
            (
                ScenarioPersonSeed(firstName: user.firstName, lastName: user.lastName, email: user.email),
                .hubSpotUser
            ),
            (specials.excluded, .excludedDomain),
            (specials.excludedSubdomain, .excludedSubdomain),
            (specials.secondary, .secondaryEmail),
            (
                ScenarioPersonSeed(firstName: "Tom", lastName: "Jones", email: "tom..jones@example.com"),
                .invalidEmail
            ),
            (
                ScenarioPersonSeed(firstName: "Ana", lastName: "Ortiz", email: "ana.ortiz@example"),
                .invalidEmail
            ),
            (specials.archived, .archivedContact),
        ]
        for (person, role) in cases {
            webinar.registrants.append(registrant(person, before: webinar, using: &generator))
            notablePeople.append(
                ScenarioPerson(role: role, email: person.email, name: person.name, webinarID: webinar.id))
        }
        if let first = webinar.registrants.indices.first {
            webinar.registrants[first].status = "denied"
            webinar.registrants[first].cancelled = true
            let cancelled = webinar.registrants[first]
            notablePeople.append(
                ScenarioPerson(
                    role: .cancelledRegistration, email: cancelled.email,
                    name: "\(cancelled.firstName) \(cancelled.lastName)", webinarID: webinar.id))
        }
    }

    /// Holds a past webinar: one instance with the host and most approved registrants attending
    /// (several sessions each), guests, and a recording whose state cycles through
    /// completed, processing, absent and trashed.
    mutating func hold(
        _ webinar: inout ZoomWebinarData,
        host: ZoomUserData,
        showcase: Bool,
        using generator: inout SeededGenerator
    ) {
        switch pastWebinarCount {
        case 0:
            webinar.uuid = ZoomIdentifiers.slashLeadingUUID(using: &generator)
            notableWebinars["slashUUID"] = webinar.id
        case 1:
            webinar.uuid = ZoomIdentifiers.doubleSlashUUID(using: &generator)
            notableWebinars["doubleSlashUUID"] = webinar.id
        default:
            break
        }
        let start = webinar.startTime.addingTimeInterval(
            TimeInterval(Int.random(in: 0...300, using: &generator)))
        let end = start.addingTimeInterval(
            TimeInterval(webinar.durationMinutes * 60 + Int.random(in: -300...600, using: &generator)))
        var rows = AttendanceGenerator.sessions(
            name: "\(host.firstName) \(host.lastName)", email: host.email, registrantID: nil,
            visibility: .internalUser(zoomUserID: host.id), start: start, end: end, maxSessions: 1,
            using: &generator)
        var forcedGuest = showcase
        for registrant in webinar.registrants where registrant.status == "approved" {
            let special = notablePeople.contains {
                $0.webinarID == webinar.id && $0.email == registrant.email
            }
            guard special || Double.random(in: 0..<1, using: &generator) < 0.75 else { continue }
            var visibility: AttendeeVisibility =
                Double.random(in: 0..<1, using: &generator) < 0.25
                ? .registrantAsGuest : .registrantWithEmail
            if special { visibility = .registrantWithEmail }
            if forcedGuest && !special {
                visibility = .registrantAsGuest
                forcedGuest = false
                notablePeople.append(
                    ScenarioPerson(
                        role: .guestMatchedByRegistrantID, email: registrant.email,
                        name: "\(registrant.firstName) \(registrant.lastName)", webinarID: webinar.id))
            }
            rows += AttendanceGenerator.sessions(
                name: "\(registrant.firstName) \(registrant.lastName)", email: registrant.email,
                registrantID: registrant.id, visibility: visibility, start: start, end: end,
                maxSessions: sizes.maxSessionsPerAttendee, using: &generator)
        }
        if showcase {
            let guestName = "Guest \(Int.random(in: 100...999, using: &generator))"
            rows += AttendanceGenerator.sessions(
                name: guestName, email: "", registrantID: nil, visibility: .unmatchedGuest, start: start,
                end: end,
                maxSessions: 2, using: &generator)
            notablePeople.append(
                ScenarioPerson(role: .unmatchedGuest, email: "", name: guestName, webinarID: webinar.id))
        }
        let states: [ZoomRecordingData.State] = [.completed, .processing, .absent, .trashed]
        let speakers = [host.firstName] + webinar.registrants.prefix(2).map(\.firstName)
        let recording = AttendanceGenerator.recording(
            state: states[pastWebinarCount % states.count], topic: webinar.topic, start: start, end: end,
            speakers: speakers, using: &generator)
        webinar.instances = [
            ZoomInstanceData(
                uuid: webinar.uuid, startTime: start, endTime: end,
                participants: rows.sorted { $0.joinTime < $1.joinTime },
                recording: recording)
        ]
        pastWebinarCount += 1
    }

    /// Holds a webinar as the `slot`-th past webinar would be held (slot 3: a trashed recording,
    /// 4: a completed one; 0 and 1 give special UUIDs), without counting it as one.
    mutating func hold(
        _ webinar: inout ZoomWebinarData, host: ZoomUserData, slot: Int, using generator: inout SeededGenerator
    ) {
        let saved = pastWebinarCount
        pastWebinarCount = slot
        hold(&webinar, host: host, showcase: false, using: &generator)
        pastWebinarCount = saved
    }

    /// Requires an extra registration field (`org`) and a custom question besides name and email.
    mutating func requireExtraQuestion(_ webinar: inout ZoomWebinarData) {
        webinar.questions = [
            ZoomStandardQuestion(fieldName: "last_name", required: true),
            ZoomStandardQuestion(fieldName: "org", required: true),
        ]
        webinar.customQuestions = [
            ZoomCustomQuestion(
                title: "How many employees does your company have?", type: "single_dropdown",
                required: true,
                answers: ["1-50", "51-500", "500+"])
        ]
        webinar.registrants = webinar.registrants.map { registrant in
            var answered = registrant
            answered.fieldAnswers["org"] = "Sandbox Corp"
            answered.customAnswers["How many employees does your company have?"] = "51-500"
            return answered
        }
        notableWebinars["requiredQuestion"] = webinar.id
    }

    /// A past webinar of a Zoom Event: registrants and attendance exist, but the sync must skip it.
    mutating func zoomEventsWebinar(
        host: ZoomUserData, pool: [ScenarioPersonSeed], using generator: inout SeededGenerator
    )
        -> ZoomWebinarData
    {
        var webinar = scheduled(host: host, start: day(-3, hour: 17), using: &generator)
        webinar.topic = "Annual summit (Zoom Events session)"
        webinar.isZoomEvents = true
        webinar.creationSource = "other"
        let people = sample(pool, count: max(sizes.registrantsPerWebinar / 2, 1), using: &generator)
        webinar.registrants = people.map { registrant($0, before: webinar, using: &generator) }
        hold(&webinar, host: host, slot: 3, using: &generator)  // a trashed recording
        notableWebinars["zoomEvents"] = webinar.id
        return webinar
    }
}

extension TenantScenarioBuilder {
    /// A past webinar that is a session of a Zoom Event (a conference with a webinar, a meeting
    /// and a networking session) but whose links look like an ordinary webinar's: only Zoom's
    /// Events API tells it apart. Registrants and attendance exist; the sync must skip it.
    mutating func zoomEventSessionWebinar(
        host: ZoomUserData, pool: [ScenarioPersonSeed], using generator: inout SeededGenerator
    ) -> (ZoomWebinarData, ZoomEventData) {
        var webinar = scheduled(host: host, start: day(-2, hour: 14), using: &generator)
        webinar.topic = "Partner Summit keynote"
        webinar.isZoomEvents = true
        webinar.ordinaryLinks = true
        webinar.creationSource = "other"
        let people = sample(pool, count: max(sizes.registrantsPerWebinar / 2, 1), using: &generator)
        webinar.registrants = people.map { registrant($0, before: webinar, using: &generator) }
        hold(&webinar, host: host, slot: 4, using: &generator)  // a completed recording, no special UUID
        notableWebinars["zoomEventSession"] = webinar.id
        let end = webinar.startTime.addingTimeInterval(TimeInterval(webinar.durationMinutes * 60))
        let event = ZoomEventData(
            eventID: ZoomIdentifiers.registrantID(using: &generator), name: "Partner Summit 2026",
            hostID: host.id, startTime: webinar.startTime, endTime: end.addingTimeInterval(3600),
            sessions: [
                ZoomEventSessionData(
                    sessionID: ZoomIdentifiers.registrantID(using: &generator), name: "Keynote",
                    kind: .webinar, zoomID: webinar.id, startTime: webinar.startTime, endTime: end),
                ZoomEventSessionData(
                    sessionID: ZoomIdentifiers.registrantID(using: &generator), name: "Partner round table",
                    kind: .meeting, zoomID: Int64.random(in: 90_000_000_000...99_999_999_999, using: &generator),
                    startTime: end, endTime: end.addingTimeInterval(1800)),
                ZoomEventSessionData(
                    sessionID: ZoomIdentifiers.registrantID(using: &generator), name: "Networking",
                    kind: .none, startTime: end.addingTimeInterval(1800), endTime: end.addingTimeInterval(3600)),
            ])
        return (webinar, event)
    }
}
