import SwitchyardJSON

/// The OpenAPI 3.0 document of the admin API, served at `GET /api/v1/openapi.json`: every
/// route, its parameters, the bearer security, and the exact schema of every response,
/// errors included. Enumerations are taken from the Swift types, so they cannot drift.
public enum AdminOpenAPI {
    /// The document.
    public static let document: JSONValue = [
        "openapi": "3.0.3",
        "info": [
            "title": "Switchyard admin API",
            "version": "1.0.0",
            "description": .string(
                "Tenants, settings, webinars, audit logs, sync-now runs and contact lookups of a Switchyard host. "
                    + "Every route needs a bearer token: the operator's sees every tenant, a tenant's admin.token only its own "
                    + "tenant (any other tenant answers 404)."),
        ],
        "servers": [["url": "/"]],
        "security": [["bearer": []]],
        "paths": .object(paths),
        "components": [
            "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            "schemas": .object(schemas),
            "parameters": [
                "tenant": pathParameter("tenant", "Tenant id.", ["type": "string", "minLength": 1, "example": "northwind"]),
                "webinar": pathParameter(
                    "webinar", "Webinar id: digits only.", ["type": "string", "pattern": "^[0-9]{1,20}$", "example": "81234567890"]),
                "run": pathParameter("run", "Sync run id.", ["type": "string", "minLength": 1]),
                "item": pathParameter(
                    "item", "Dead letter id (the inbox item's).", ["type": "string", "pattern": "^[0-9]{1,18}$", "example": "42"]),
            ],
        ],
    ]

    static var paths: [String: JSONValue] {
        let tenant = "/api/v1/tenants/{tenant}"
        let since = queryParameter(
            "since", "The earliest start day, YYYY-MM-DD (UTC); default: as far back as the sources keep.",
            ["type": "string", "format": "date", "example": "2026-06-01"])
        return [
            "/api/v1/openapi.json": [
                "get": [
                    "operationId": "openAPIDocument", "summary": "This document.", "security": [],
                    "responses": ["200": json("The OpenAPI document.", ["type": "object"])],
                ]
            ],
            "/api/v1/tenants": [
                "get": operation("listTenants", "The tenants the token may see.", "TenantList", errors: ["401"])
            ],
            tenant: ["get": operation("getTenant", "A tenant: state, configuration version, last reload errors.", "TenantSummary")],
            tenant + "/settings": [
                "get": operation("getTenantSettings", "The tenant's settings as loaded; secrets redacted.", "TenantSettings")
            ],
            tenant + "/business-units": [
                "get": operation("listBusinessUnits", "Business units and their connected accounts.", "BusinessUnitList")
            ],
            tenant + "/webinars": [
                "get": operation("listWebinars", "The tenant's webinars with their sync status, newest first.", "WebinarList")
            ],
            tenant + "/webinars/{webinar}": [
                "get": operation(
                    "getWebinar", "One webinar; 404 until its first sync.", "WebinarSummary", parameters: ["webinar"],
                    errors: ["400", "401", "404"])
            ],
            tenant + "/webinars/{webinar}/audit": [
                "get": operation(
                    "getWebinarAuditLog", "The webinar's audit log, newest first.", "AuditLog", parameters: ["webinar"],
                    query: [queryParameter("limit", "Entries to return (default 50).", ["type": "integer", "minimum": 1, "maximum": 500])],
                    errors: ["400", "401", "404"])
            ],
            tenant + "/webinars/{webinar}/sync": [
                "post": operation(
                    "syncWebinarNow", "Sync now: starts a full sync of the webinar; read its progress at the returned run.",
                    "SyncRun", status: "202", parameters: ["webinar"], errors: ["400", "401", "404"], startsRun: true)
            ],
            tenant + "/sync": [
                "post": operation(
                    "syncTenantNow",
                    "Sync now: every webinar the tenant's sources list that is due (never fully synced, or recent), one at a time.",
                    "SyncRun", status: "202", startsRun: true)
            ],
            tenant + "/backfill": [
                "post": operation(
                    "startBackfill",
                    "Backfill: syncs the webinars held since `since` that the sources' history still holds and that were never "
                        + "fully synced; resumes a stopped one.", "SyncRun", status: "202", query: [since], errors: ["400", "401", "404"],
                    startsRun: true)
            ],
            tenant + "/backfill/plan": [
                "get": operation(
                    "planBackfill", "The forecast of a backfill: webinars found, source and HubSpot requests, time.", "BackfillPlan",
                    query: [since], errors: ["400", "401", "404"])
            ],
            tenant + "/sync-runs/{run}/stop": [
                "post": operation(
                    "stopSyncRun",
                    "Stops a tenant-wide or backfill run after the webinars in progress: no further webinar is read, those read are written.",
                    "SyncRun", parameters: ["run"])
            ],
            tenant + "/sync-runs": [
                "get": operation("listSyncRuns", "The tenant's recent sync-now runs, newest first.", "SyncRunList")
            ],
            tenant + "/sync-runs/{run}": [
                "get": operation("getSyncRun", "A sync-now run: state, progress and result.", "SyncRun", parameters: ["run"])
            ],
            tenant + "/contacts/lookup": [
                "get": operation(
                    "lookUpContact", "What Switchyard did with an email address and why.", "ContactLookup",
                    query: [
                        queryParameter(
                            "email", "The email address.",
                            ["type": "string", "minLength": 1, "maxLength": 320, "example": "ada@example.com"],
                            required: true)
                    ], errors: ["400", "401", "404"])
            ],
            tenant + "/dead-letters": [
                "get": operation("listDeadLetters", "The tenant's dead letters, oldest first.", "DeadLetterList")
            ],
            tenant + "/dead-letters/{item}": [
                "get": operation(
                    "getDeadLetter", "One dead letter with its body.", "DeadLetter", parameters: ["item"], errors: ["400", "401", "404"]),
                "delete": operation(
                    "dropDeadLetter", "Drops a dead letter for good.", "DeadLetterAction", parameters: ["item"],
                    errors: ["400", "401", "404"]),
            ],
            tenant + "/dead-letters/{item}/replay": [
                "post": operation(
                    "replayDeadLetter", "Replays a dead letter: due again now, with no attempts.", "DeadLetterAction",
                    parameters: ["item"], errors: ["400", "401", "404"])
            ],
        ]
    }

    /// An operation of a tenant route answering `schema` (200 unless `status`), with the
    /// documented error responses.
    static func operation(
        _ id: String, _ summary: String, _ schema: String, status: String = "200", parameters: [String] = [],
        query: [JSONValue] = [], errors: [String] = ["401", "404"], startsRun: Bool = false
    ) -> JSONValue {
        var success = json(summary, S.ref(schema))
        if startsRun, case .object(var members) = success {
            members["headers"] = ["Location": ["description": "Where to read the run.", "schema": ["type": "string"]]]
            members["links"] = [
                "getSyncRun": [
                    "operationId": "getSyncRun", "description": "The run's progress and result.",
                    "parameters": ["tenant": "$request.path.tenant", "run": "$response.body#/id"],
                ]
            ]
            success = .object(members)
        }
        var responses: [String: JSONValue] = [status: success]
        let meaning = [
            "400": "The request is not valid (e.g. a webinar id that is not digits).",
            "401": "No bearer token, or one no operator or tenant has.",
            "404": "No such tenant (or one the token may not see), webinar or run.",
        ]
        for code in errors { responses[code] = json(meaning[code] ?? "Error.", S.ref("Error")) }
        let pathParameters = (id == "listTenants" ? [] : ["tenant"]) + parameters
        return [
            "operationId": .string(id), "summary": .string(summary), "responses": .object(responses),
            "parameters": .array(pathParameters.map { ["$ref": .string("#/components/parameters/\($0)")] } + query),
        ]
    }

    static func json(_ description: String, _ schema: JSONValue) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    static func pathParameter(_ name: String, _ description: String, _ schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": schema]
    }

    static func queryParameter(_ name: String, _ description: String, _ schema: JSONValue, required: Bool = false) -> JSONValue {
        ["name": .string(name), "in": "query", "required": .bool(required), "description": .string(description), "schema": schema]
    }
}
