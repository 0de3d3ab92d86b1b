import Foundation

extension Badge {
    /// What Switchyard did with an email.
    static func contactOutcome(_ outcome: ContactLookup.Outcome) -> Badge {
        switch outcome {
        case .synced: Badge(label: "Synced", style: "ok")
        case .pending: Badge(label: "Pending", style: "info")
        case .excluded: Badge(label: "Excluded", style: "warn")
        case .notSynced: Badge(label: "Not synced", style: "bad")
        case .unknown: Badge(label: "Unknown to Switchyard", style: "neutral")
        }
    }
}

/// A reason an email was not synced.
struct ContactReasonModel: Sendable {
    var explanation: String
    var whatToDo: String
    var webinarID: String?
    var detail: String?
}

/// A webinar the email appears in.
struct ContactWebinarModel: Sendable {
    var href: String
    var topic: String
    var registered: String
    var attended: String
    var written: String
    var outcome: Badge
}

/// A pending inbox delivery.
struct PendingDeliveryModel: Sendable {
    var eventType: String
    var receivedAt: String
    var lastError: String?
}

/// The result of a lookup.
struct ContactLookupModel: Sendable {
    var email: String
    var outcome: Badge
    var explanation: String
    var contactID: String?
    var contactWrittenAt: String?
    var reasons: [ContactReasonModel]
    var webinars: [ContactWebinarModel]
    var pending: [PendingDeliveryModel]

    init(tenantID: String, _ lookup: ContactLookup) {
        email = lookup.email
        outcome = .contactOutcome(lookup.outcome)
        explanation = lookup.explanation
        contactID = lookup.contact.map { $0.hubSpotContactID ?? "(id not recorded)" }
        contactWrittenAt = lookup.contact.map { ConsoleFormat.date($0.lastWrittenAt) }
        reasons = lookup.reasons.map {
            ContactReasonModel(explanation: $0.explanation, whatToDo: $0.whatToDo, webinarID: $0.webinarID, detail: $0.detail)
        }
        webinars = lookup.webinars.map { webinar in
            var attended = ConsoleFormat.yesNo(webinar.attended)
            if let percent = webinar.attendancePercent, webinar.attended { attended += " (\(Int(percent.rounded())) %)" }
            return ContactWebinarModel(
                href: ConsolePaths.webinar(tenantID, webinar.webinarID), topic: webinar.topic ?? "Webinar \(webinar.webinarID)",
                registered: ConsoleFormat.yesNo(webinar.registered), attended: attended,
                written: webinar.participationsWritten.isEmpty ? "Nothing" : webinar.participationsWritten.joined(separator: ", "),
                outcome: .contactOutcome(webinar.outcome))
        }
        pending = lookup.pendingDeliveries.map {
            PendingDeliveryModel(eventType: $0.eventType, receivedAt: ConsoleFormat.date($0.receivedAt), lastError: $0.lastError)
        }
    }
}

/// The contact lookup page.
struct ContactContent: Sendable {
    var formAction: String
    var email: String
    var lookup: ContactLookupModel?
}
