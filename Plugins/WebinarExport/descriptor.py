"""What the webinar-export connector declares in its handshake: config spec, capabilities and
HubSpot profile (Plugins/connector-protocol.md, section 3)."""

VERSION = "1.0.0"

WEBINAR_ID_PATTERN = "[A-Za-z0-9_-]{1,64}"


def _field(name, kind, doc, required=False, default=None, example=None, has_default=False):
    field = {"name": name, "kind": kind, "required": required, "doc": doc}
    if has_default or default is not None:
        field["default"] = default
    if example is not None:
        field["example"] = example
    return field


BOOLEAN = {"type": "boolean"}

USER_FIELDS = [
    _field("email", {"type": "email"}, "The webinar host's email, as written in the export's host_email.",
           required=True, example="events@northwind.example"),
    _field("sync_new_webinars", BOOLEAN,
           "Sync data from newly exported webinars of this host by default.", default=True),
    _field("sync_recordings", BOOLEAN, "Sync this host's webinar recordings.", default=True),
    _field("webinars",
           {"type": "dictionary",
            "keys": {"description": "webinar ids", "pattern": WEBINAR_ID_PATTERN},
            "value": BOOLEAN},
           "Per-webinar sync toggles for this host's webinars: webinar id → true/false.",
           default={}, example='{ "spring-launch": false }'),
]

CONFIG_FIELDS = [
    _field("account_id", {"type": "identifier"},
           "Names this export source; unique across all tenants (webhooks are routed by it).",
           required=True, example="tailspin-exports"),
    _field("folder", {"type": "string"},
           "Folder holding the export files (webinars.json, registrants-<id>.csv, attendance-<id>.csv); "
           "a relative path is resolved against the connector's folder (where connector.json is).",
           required=True, example="sample"),
    _field("webhook_secret", {"type": "secret"},
           "Optional: HMAC-SHA256 key of POST /webhooks/webinar-export notifications (header x-export-signature); "
           "without it webhooks are refused and the reconcile picks up changes.",
           example="${env:NORTHWIND_EXPORT_WEBHOOK_SECRET}"),
    _field("users", {"type": "list", "element": {"type": "object", "fields": USER_FIELDS}},
           "The webinar hosts whose exported webinars are synced, with their per-host settings.",
           default=[], example="[{ email: events@tailspin.example }]"),
]


def _property(name, label, description):
    return {"name": name, "label": label, "description": description}


HUBSPOT_PROFILE = {
    "sourceName": "Webinar export",
    "propertyGroup": {"name": "switchyard_export_webinars", "label": "Exported webinars (Switchyard)"},
    "contactProperties": {
        "averageAttendance": _property(
            "export_average_webinar_attendance_percent", "Average exported webinar attendance",
            "The average percentage of each exported webinar the contact attended."),
        "lastRegisteredWebinar": _property(
            "export_last_registered_webinar", "Last registered exported webinar",
            "The URL of the exported webinar the contact most recently registered for."),
        "totalRegistrations": _property(
            "export_total_webinar_registrations", "Total exported webinar registrations",
            "The total number of exported webinars the contact registered for."),
        "totalAttended": _property(
            "export_total_webinars_attended", "Total exported webinars attended",
            "The total number of exported webinars the contact attended."),
    },
    "timelineTemplates": {
        "registration": {
            "name": "Export: Webinar Registration Event",
            "headerTemplate": "Registered for {{webinarName}}",
            "detailTemplate": "Webinar ID: {{webinarId}}\nWebinar date: {{webinarDate}}",
        },
        "attendance": {
            "name": "Export: Webinar Attendance Event",
            "headerTemplate": "Attended {{webinarName}}",
            "detailTemplate": "Webinar date: {{webinarDate}}\nJoined: {{joinedAt}}\nLeft: {{leftAt}}\n"
                              "Attended {{durationMinutes}} minutes ({{attendancePercent}}% of the webinar)\n"
                              "Webinar ID: {{webinarId}}",
        },
        "recording": {
            "name": "Export: Recording Available Event",
            "headerTemplate": "Recording available: {{topic}}",
            "detailTemplate": "Started: {{startTime}}\nRecording: {{recordingUrl}}",
        },
    },
    "timelineEventIDPrefix": "export",
    "marketingEventOrganizer": "Webinar export",
    "recordingCall": {
        "titleTemplate": "Webinar recording: {{topic}}",
        "bodyTemplate": "Recording of \"{{topic}}\" ({{webinarId}}): {{url}}",
    },
    "workflowActions": [],
}

DESCRIPTOR = {
    "typeName": "webinar-export",
    "displayName": "Webinar export files",
    "version": VERSION,
    "summary": "Reads webinars, registrants and attendance from export files (webinars.json, "
               "registrants-<id>.csv, attendance-<id>.csv) dropped into a folder, the way webinar "
               "tools export them. Optional signed webhooks say which webinar's files changed.",
    "configSpec": {"fields": CONFIG_FIELDS},
    "capabilities": ["webhooks", "webinar_listing", "snapshots"],
    "actions": [],
    "routingKeyField": "account_id",
    "webhookRoutingKeyPaths": ["account_id"],
    "hubSpotProfile": HUBSPOT_PROFILE,
}
