import Foundation
import SwitchyardJSON

/// The JSON of each simulated entity, with the property names and types of Graph's v1.0 CSDL.
enum GraphRendering {
    static func webinar(_ webinar: GraphWebinarData, tenant: GraphTenantData) -> JSONValue {
        let organizer = tenant.users.first { $0.id == webinar.organizerID }
        let identity: JSONValue = [
            "user": [
                "@odata.type": "#microsoft.graph.communicationsUserIdentity",
                "id": .string(webinar.organizerID),
                "displayName": .optional(organizer?.displayName),
                "tenantId": .string(tenant.credentials.tenantID),
            ]
        ]
        return [
            "@odata.type": "#microsoft.graph.virtualEventWebinar",
            "id": .string(webinar.id),
            "status": .string(webinar.status),
            "displayName": .string(webinar.displayName),
            "description": ["contentType": "text", "content": .string(webinar.descriptionText)],
            "startDateTime": GraphResponses.dateTimeTimeZone(webinar.startDateTime),
            "endDateTime": GraphResponses.dateTimeTimeZone(webinar.endDateTime),
            "audience": .string(webinar.audience),
            "isRegistrationRequired": true,
            "createdBy": identity,
            "coOrganizers": [],
            "externalEventInformation": [],
            "settings": ["isAttendeeEmailNotificationEnabled": true],
        ]
    }

    static func registration(_ registration: GraphRegistrationData) -> JSONValue {
        [
            "@odata.type": "#microsoft.graph.virtualEventRegistration",
            "id": .string(registration.id),
            "firstName": .optional(registration.firstName),
            "lastName": .optional(registration.lastName),
            "email": .optional(registration.email),
            "userId": .optional(registration.userId),
            "status": .string(registration.status),
            "registrationDateTime": GraphResponses.date(registration.registrationDateTime),
            "cancelationDateTime": GraphResponses.date(registration.cancelationDateTime),
            "preferredTimezone": .optional(registration.preferredTimezone),
            "preferredLanguage": .optional(registration.preferredLanguage),
            "externalRegistrationInformation": .null,
            "registrationQuestionAnswers": .array(registration.registrationQuestionAnswers.map(answer)),
        ]
    }

    static func answer(_ answer: GraphQuestionAnswerData) -> JSONValue {
        [
            "questionId": .optional(answer.questionId),
            "displayName": .optional(answer.displayName),
            "value": .optional(answer.value),
            "booleanValue": answer.booleanValue.map(JSONValue.bool) ?? .null,
            "multiChoiceValues": .strings(answer.multiChoiceValues ?? []),
        ]
    }

    static func question(_ question: GraphQuestionData) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(question.id),
            "displayName": .string(question.displayName),
            "isRequired": .bool(question.isRequired),
        ]
        if let label = question.predefinedLabel {
            members["@odata.type"] = "#microsoft.graph.virtualEventRegistrationPredefinedQuestion"
            members["label"] = .string(label)
        } else {
            members["@odata.type"] = "#microsoft.graph.virtualEventRegistrationCustomQuestion"
            members["answerInputType"] = .string(question.answerInputType ?? "text")
            members["answerChoices"] = .strings(question.answerChoices ?? [])
        }
        return .object(members)
    }

    static func registrationConfiguration(_ webinar: GraphWebinarData) -> JSONValue {
        [
            "@odata.type": "#microsoft.graph.virtualEventWebinarRegistrationConfiguration",
            "id": .string(webinar.id),
            "capacity": .null,
            "isManualApprovalEnabled": false,
            "isWaitlistEnabled": false,
            "registrationWebUrl": .string("https://events.teams.microsoft.com/event/\(webinar.id)"),
        ]
    }

    static func session(_ session: GraphSessionData) -> JSONValue {
        [
            "@odata.type": "#microsoft.graph.virtualEventSession",
            "id": .string(session.id),
            "subject": .string(session.subject),
            "joinWebUrl": .string(session.joinWebUrl),
            "startDateTime": GraphResponses.dateTimeTimeZone(session.startDateTime),
            "endDateTime": GraphResponses.dateTimeTimeZone(session.endDateTime),
            "allowRecording": true,
            "allowTranscription": true,
            "videoOnDemandWebUrl": .null,
        ]
    }

    static func attendanceReport(_ report: GraphAttendanceReportData) -> JSONValue {
        [
            "id": .string(report.id),
            "totalParticipantCount": .integer(Int64(report.records.count)),
            "meetingStartDateTime": GraphResponses.date(report.meetingStartDateTime),
            "meetingEndDateTime": GraphResponses.date(report.meetingEndDateTime),
            "externalEventInformation": [],
        ]
    }

    static func attendanceRecord(_ record: GraphAttendanceRecordData, tenantID: String) -> JSONValue {
        let intervals = record.intervals.map { interval -> JSONValue in
            [
                "joinDateTime": GraphResponses.date(interval.joinDateTime),
                "leaveDateTime": GraphResponses.date(interval.leaveDateTime),
                "durationInSeconds": .integer(Int64(interval.durationInSeconds)),
            ]
        }
        return [
            "id": .string(record.id),
            "emailAddress": .optional(record.emailAddress),
            "totalAttendanceInSeconds": .integer(Int64(record.totalAttendanceInSeconds)),
            "role": .string(record.role),
            "registrationId": .optional(record.registrationId),
            "externalRegistrationInformation": .null,
            "identity": [
                "@odata.type": "#microsoft.graph.communicationsUserIdentity",
                "id": .string(record.id),
                "displayName": .string(record.displayName),
                "tenantId": record.emailAddress == nil ? .null : .string(tenantID),
            ],
            "attendanceIntervals": .array(intervals),
        ]
    }

    /// The `onlineMeeting` a session runs as (the properties a lookup by join URL needs).
    static func onlineMeeting(_ session: GraphSessionData) -> JSONValue {
        [
            "@odata.type": "#microsoft.graph.onlineMeeting",
            "id": .string(session.onlineMeetingID),
            "subject": .string(session.subject),
            "joinWebUrl": .string(session.joinWebUrl),
            "startDateTime": GraphResponses.date(session.startDateTime),
            "endDateTime": GraphResponses.date(session.endDateTime),
            "allowRecording": true,
            "allowTranscription": true,
        ]
    }

    /// A `callRecording` (`isTranscript` false) or `callTranscript`.
    static func meetingContent(
        _ content: GraphMeetingContentData, session: GraphSessionData, organizer: GraphUserData?, isTranscript: Bool,
        contentURL: String
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(content.id),
            "meetingId": .string(session.onlineMeetingID),
            "callId": .string(String(content.id.prefix(36))),
            "contentCorrelationId": .string(content.id),
            "createdDateTime": GraphResponses.date(content.createdDateTime),
            "endDateTime": GraphResponses.date(content.endDateTime),
            "meetingOrganizer": [
                "application": .null, "device": .null,
                "user": [
                    "@odata.type": "#microsoft.graph.teamworkUserIdentity",
                    "id": .optional(organizer?.id), "displayName": .null,
                ],
            ],
        ]
        members[isTranscript ? "transcriptContentUrl" : "recordingContentUrl"] = .string(contentURL)
        return .object(members)
    }

    static func subscription(_ subscription: GraphSubscriptionData) -> JSONValue {
        [
            "id": .string(subscription.id),
            "resource": .string(subscription.resource),
            "applicationId": .string(subscription.applicationId),
            "changeType": .string(subscription.changeType),
            "clientState": .optional(subscription.clientState),
            "notificationUrl": .string(subscription.notificationUrl),
            "lifecycleNotificationUrl": .optional(subscription.lifecycleNotificationUrl),
            "expirationDateTime": GraphResponses.date(subscription.expirationDateTime),
            "creatorId": .string(subscription.applicationId),
            "includeResourceData": .bool(subscription.includeResourceData),
            "latestSupportedTlsVersion": .string(subscription.latestSupportedTlsVersion),
            "encryptionCertificate": .null,
            "encryptionCertificateId": .null,
            "notificationQueryOptions": .null,
            "notificationUrlAppId": .null,
        ]
    }
}
