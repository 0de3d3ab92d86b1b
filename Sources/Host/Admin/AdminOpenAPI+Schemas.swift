import SwitchyardJSON
import SyncEngine

extension AdminOpenAPI {
    typealias S = OpenAPISchema

    /// The response body schemas, one per view model; enums come from the Swift types.
    static var schemas: [String: JSONValue] {
        tenantSchemas.merging(webinarSchemas) { first, _ in first }.merging(runAndContactSchemas) { first, _ in first }
            .merging(deadLetterSchemas) { first, _ in first }
    }

    static var tenantSchemas: [String: JSONValue] {
        [
            "Error": S.object([
                "error": S.object([
                    "code": S.enumeration(AdminError.Code.allCases.map(\.rawValue)), "message": S.string("What happened and what to do."),
                ])
            ]),
            "ConfigVersion": S.object(["hash": S.string, "loadedAt": S.dateTime, "file": S.string]),
            "TenantSummary": S.object([
                "id": S.string, "displayName": S.string, "state": S.enumeration(["ok", "degraded", "error"]),
                "configVersion": S.ref("ConfigVersion"), "lastReloadErrors": S.array(S.string), "portalID": S.integer,
                "businessUnitCount": S.integer, "connectors": S.array(S.string), "inboxDepth": S.integer,
                "deadLetters": S.integer,
                "warnings": S.array(S.string("What the portal lacks and what to do, e.g. an add-on to turn on.")),
                "connectorErrors": S.array(S.string("A connector process that is down or keeps restarting, naming it.")),
            ]),
            "TenantList": S.object([
                "tenants": S.array(S.ref("TenantSummary")),
                "failedFiles": S.array(S.ref("FailedTenantFile")),
            ]),
            "FailedTenantFile": S.object(["file": S.string, "errors": S.array(S.string("file:line:column: message"))]),
            "TenantSettings": S.object(
                [
                    "tenant": S.string, "displayName": S.string, "configVersion": S.ref("ConfigVersion"),
                    "hubSpot": S.ref("HubSpotSettings"), "sync": S.ref("SyncSettings"), "exclusions": S.ref("Exclusions"),
                    "adminToken": S.string("Redacted: only the secret's reference."),
                    "businessUnits": S.array(S.ref("BusinessUnit")),
                ], optional: ["adminToken"]),
            "HubSpotSettings": S.object(
                [
                    "portalID": S.integer, "apiBase": S.string, "accessToken": S.string("Redacted."), "appID": S.integer,
                    "clientSecret": S.string("Redacted."), "developerAPIKey": S.string("Redacted."),
                    "requestsPerTenSeconds": S.integer, "requestsPerDay": S.integer,
                ], optional: ["appID", "clientSecret", "developerAPIKey"]),
            "SyncSettings": S.object([
                "globalSync": S.boolean, "webinarSync": S.boolean, "webinarSyncEffective": S.boolean,
                "webinarHosts": S.ref("HostSelection"), "recordingsAndTranscripts": S.ref("HostSelection"),
                "reconcileIntervalSeconds": S.integer,
            ]),
            "HostSelection": S.object(["mode": S.enumeration(["none", "all", "selected"]), "users": S.array(S.string)]),
            "Exclusions": S.object(["recordingDomains": S.array(S.string), "contactDomains": S.array(S.string)]),
            "BusinessUnit": S.object([
                "id": S.integer, "name": S.string, "primary": S.boolean, "connectedAccounts": S.array(S.ref("ConnectedAccount")),
            ]),
            "BusinessUnitList": S.object(["businessUnits": S.array(S.ref("BusinessUnit"))]),
            "ConnectedAccount": S.object([
                "connectorType": S.string, "sourceName": S.string, "accountID": S.string, "running": S.boolean,
                "users": S.array(S.ref("HostUser")),
                "settings": S.map(S.string),
            ]),
            "HostUser": S.object([
                "email": S.string, "syncNewWebinarsByDefault": S.boolean, "syncRecordingsAndTranscripts": S.boolean,
                "webinarToggles": S.map(S.boolean),
            ]),
        ]
    }

    static var webinarSchemas: [String: JSONValue] {
        let status = ["synced", "synced_with_warnings", "skipped", "failed"]
        return [
            "WebinarSummary": S.object(
                [
                    "id": S.string, "topic": S.string, "startTime": S.dateTime, "durationMinutes": S.integer, "hostEmail": S.string,
                    "businessUnit": S.object(["id": S.integer, "name": S.string]), "connectorType": S.string,
                    "accountID": S.string, "supported": S.boolean, "unsupportedReason": S.string,
                    "syncStatus": S.enumeration(status + ["never_synced"]), "lastSyncedAt": S.dateTime,
                    "counts": S.ref("SyncCounts"), "joinURL": S.string, "registrationURL": S.string,
                ],
                optional: [
                    "startTime", "durationMinutes", "hostEmail", "unsupportedReason", "lastSyncedAt", "counts", "joinURL",
                    "registrationURL",
                ]),
            "WebinarList": S.object(["webinars": S.array(S.ref("WebinarSummary"))]),
            "SyncCounts": S.object(
                Dictionary(
                    uniqueKeysWithValues: [
                        "registrants", "attendees", "cancellations", "contactsUpserted", "participationsRecorded",
                        "timelineEventsCreated", "callsWritten", "excludedEmails",
                    ].map { ($0, S.integer) })),
            "AuditLog": S.object(["webinarID": S.string, "entries": S.array(S.ref("AuditEntry"))]),
            "AuditEntry": S.object(
                [
                    "webinarID": S.string, "topic": S.string,
                    "trigger": S.string("What started the sync: webhook, schedule, sync_now or backfill."),
                    "status": S.enumeration(status), "startedAt": S.dateTime, "finishedAt": S.dateTime,
                    "counts": S.ref("SyncCounts"), "warnings": S.array(S.ref("AuditWarning")),
                    "sourceName": S.string(
                        "The source's name in sentences (its connector's HubSpot profile), e.g. in the reasons' explanations."),
                    "failure": S.enumeration(SyncFailure.allCases.map(\.rawValue)),
                ], optional: ["topic", "sourceName", "failure"]),
            "AuditWarning": S.object([
                "kind": S.enumeration(AuditWarningKind.allCases.map(\.rawValue)), "title": S.string, "whatToDo": S.string,
                "count": S.integer, "items": S.array(S.ref("AuditItem")),
            ]),
            "AuditItem": S.object(
                [
                    "email": S.string, "name": S.string, "reason": S.enumeration(AuditReason.allCases.map(\.rawValue)),
                    "detail": S.string,
                ], optional: ["email", "name", "detail"]),
        ]
    }

    static var runAndContactSchemas: [String: JSONValue] {
        let outcomes = S.enumeration(ContactLookup.Outcome.allCases.map(\.rawValue))
        return [
            "SyncRun": S.object(
                [
                    "id": S.string, "tenantID": S.string, "kind": S.enumeration(SyncRun.Kind.allCases.map(\.rawValue)),
                    "webinarID": S.string, "since": S.dateTime,
                    "state": S.enumeration(SyncRun.State.allCases.map(\.rawValue)),
                    "progress": S.object(["completedSteps": S.integer, "totalSteps": S.integer, "description": S.string]),
                    "requestedAt": S.dateTime, "startedAt": S.dateTime, "finishedAt": S.dateTime,
                    "result": S.ref("AuditEntry"), "error": S.string, "plan": S.ref("BackfillPlan"),
                    "entries": S.array(S.ref("AuditEntry")), "stopRequested": S.boolean,
                ],
                optional: ["webinarID", "since", "startedAt", "finishedAt", "result", "error", "plan", "entries", "stopRequested"]),
            "BackfillPlan": S.object(
                [
                    "tenantID": S.string, "since": S.dateTime, "retainedSince": S.dateTime,
                    "webinars": S.array(S.ref("BackfillWebinar")), "toSync": S.integer, "alreadyDone": S.integer,
                    "sourceRequests": S.array(S.ref("BackfillSourceRequests")), "hubSpotRequests": S.integer,
                    "hubSpotRequestsPerTenSeconds": S.integer, "sourceSeconds": S.number, "hubSpotSeconds": S.number,
                    "quotaDays": S.integer, "estimatedSeconds": S.number, "notes": S.array(S.string),
                ], optional: ["retainedSince"]),
            "BackfillWebinar": S.object(
                [
                    "webinarID": S.string, "topic": S.string, "startTime": S.dateTime, "connectorType": S.string,
                    "unsupportedReason": S.string, "sessions": S.integer, "registrants": S.integer, "participants": S.integer,
                    "action": S.enumeration(BackfillPlan.Item.Action.allCases.map(\.rawValue)),
                ], optional: ["startTime", "unsupportedReason", "registrants"]),
            "BackfillSourceRequests": S.object(
                [
                    "sourceName": S.string, "account": S.string, "category": S.string, "listing": S.integer,
                    "snapshots": S.integer, "perSecond": S.number, "perDay": S.integer, "dailyQuotaPercent": S.number,
                ], optional: ["perDay", "dailyQuotaPercent"]),
            "SyncRunList": S.object(["runs": S.array(S.ref("SyncRun"))]),
            "ContactLookup": S.object(
                [
                    "email": S.string, "normalizedEmail": S.string, "outcome": outcomes, "explanation": S.string,
                    "contact": S.object(["hubSpotContactID": S.string, "lastWrittenAt": S.dateTime], optional: ["hubSpotContactID"]),
                    "reasons": S.array(S.ref("ContactReason")), "webinars": S.array(S.ref("ContactWebinar")),
                    "pendingDeliveries": S.array(
                        S.object(
                            ["eventType": S.string, "receivedAt": S.dateTime, "attempts": S.integer, "lastError": S.string],
                            optional: ["lastError"])),
                ], optional: ["contact"]),
            "ContactReason": S.object(
                [
                    "reason": S.enumeration(AuditReason.allCases.map(\.rawValue)),
                    "kind": S.enumeration(AuditWarningKind.allCases.map(\.rawValue)), "explanation": S.string,
                    "whatToDo": S.string, "webinarID": S.string, "detail": S.string,
                ], optional: ["webinarID", "detail"]),
            "ContactWebinar": S.object(
                [
                    "webinarID": S.string, "topic": S.string, "registered": S.boolean, "attended": S.boolean,
                    "attendancePercent": S.number,
                    "participationsWritten": S.array(S.enumeration(PlannedParticipation.State.allCases.map(\.rawValue))),
                    "outcome": outcomes,
                ], optional: ["topic", "attendancePercent"]),
        ]
    }

    static var deadLetterSchemas: [String: JSONValue] {
        [
            "DeadLetter": S.object(
                [
                    "id": S.integer, "connectorType": S.string, "eventType": S.string, "receivedAt": S.dateTime,
                    "deadLetteredAt": S.dateTime, "attempts": S.integer, "reason": S.string("Why: the last failure's reason."),
                    "body": S.string("The raw body as received (only when one dead letter is shown)."),
                ], optional: ["body"]),
            "DeadLetterList": S.object(["deadLetters": S.array(S.ref("DeadLetter"))]),
            "DeadLetterAction": S.object([
                "id": S.integer, "action": S.enumeration(DeadLetterAction.Action.allCases.map(\.rawValue)),
            ]),
        ]
    }
}
