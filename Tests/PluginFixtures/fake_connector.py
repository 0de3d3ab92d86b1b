#!/usr/bin/env python3
"""A fake Switchyard connector (protocol version 1) for the host's supervision tests.

Standard library only. `--mode` chooses how it misbehaves:

  ok                    answers everything correctly
  garbage               prints a line that is not JSON instead of answering its first snapshot
  unknown-id            answers its first snapshot with an id the host never sent
  version               answers the handshake with protocol version 2
  hang                  never answers a snapshot
  exit                  exits (status 3) in the middle of its first snapshot
  exit-always           exits (status 3) in the middle of every snapshot
  flood                 writes 20,000 lines to stderr when configured, then works
  echo-secret           prints its configured secret to stderr and in an error message
  wrong-type            declares another type than its manifest
  webhook-crash         exits (status 3) in the middle of its first verify_webhook
  parts                 when the host offers `snapshot_parts`, sends a snapshot's first registration and
                        its attendance as `snapshot_part` notifications ahead of the result, which
                        carries a second registration (grace@customer.example)
  stray-part            sends a `snapshot_part` for an id the host never sent instead of answering its
                        first snapshot
  api-calls             when the host offers `api_calls`, reports API calls before answering
                        list_webinars (3 of "GET webinars", one with a bad label, 60 distinct
                        operations op-0…op-59), then an `api_calls` notification whose params do not fit

Webhooks (every mode): a POST body `{"account": …, "event": "registered", "email": …,
"first_name": …}` signed with the instance's `api_token` as `x-fake-signature: sha256=<hex
HMAC-SHA256 of the body>`. A decoded registration is added to the webinar's snapshot from then
on (kept in `--state`.registered, so it survives a restart).

The "first snapshot" modes misbehave once per `--state` file: after the host restarts the
process they answer correctly, so the host's retry succeeds.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--mode", default="ok")
parser.add_argument("--type", default="fake-webinars")
parser.add_argument("--state", default="")
args = parser.parse_args()

TYPE = "other-type" if args.mode == "wrong-type" else args.type
NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
START = (NOW - datetime.timedelta(days=1)).replace(hour=15, minute=0, second=0)
WEBINAR_ID = "900001"
instances = {}
REGISTERED = args.state + ".registered" if args.state else ""
registered = []
offered_features = []
if REGISTERED and os.path.exists(REGISTERED):
    with open(REGISTERED) as saved:
        registered = [json.loads(line) for line in saved if line.strip()]


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def once(name):
    """True the first time `name` is asked for this state file (always without one)."""
    if not args.state:
        return True
    marker = args.state + "." + name
    if os.path.exists(marker):
        return False
    with open(marker, "w") as handle:
        handle.write("done")
    return True


def prop(name, label):
    return {"name": name, "label": label, "description": label}


def template(name, header):
    return {"name": name, "headerTemplate": header, "detailTemplate": "Webinar ID: {{webinarId}}"}


DESCRIPTOR = {
    "typeName": TYPE,
    "displayName": "Fake webinars",
    "version": "0.1.0",
    "summary": "A fake webinar source for tests.",
    "configSpec": {
        "fields": [
            {"name": "account", "kind": {"type": "identifier"}, "required": True, "doc": "The account id.", "example": "acct-1"},
            {"name": "api_token", "kind": {"type": "secret"}, "required": True, "doc": "The API token."},
            {"name": "host_email", "kind": {"type": "email"}, "required": True, "doc": "The webinar host's email."},
        ]
    },
    "capabilities": ["webhooks", "webinar_listing", "snapshots"],
    "actions": [],
    "routingKeyField": "account",
    "webhookRoutingKeyPaths": ["account"],
    "hubSpotProfile": {
        "sourceName": "Fake",
        "propertyGroup": {"name": "switchyard_fake_webinars", "label": "Fake webinars (Switchyard)"},
        "contactProperties": {
            "averageAttendance": prop("fake_average_webinar_attendance_percent", "Fake average attendance"),
            "lastRegisteredWebinar": prop("fake_last_registered_webinar", "Fake last registered webinar"),
            "totalRegistrations": prop("fake_total_webinar_registrations", "Fake total registrations"),
            "totalAttended": prop("fake_total_webinars_attended", "Fake total attended"),
        },
        "timelineTemplates": {
            "registration": template("Fake: Webinar Registration Event", "Registered for {{webinarName}}"),
            "attendance": template("Fake: Webinar Attendance Event", "Attended {{webinarName}}"),
            "recording": template("Fake: Webinar Recording Event", "Recording of {{topic}}"),
        },
        "timelineEventIDPrefix": "fake",
        "marketingEventOrganizer": "Fake",
        "recordingCall": {"titleTemplate": "Recording: {{topic}}", "bodyTemplate": "{{url}}"},
        "workflowActions": [],
    },
}


def webinar(instance):
    return {
        "id": WEBINAR_ID, "topic": "Fake launch", "hostID": "host-1", "hostEmail": instance["host_email"],
        "startTime": iso(START), "durationMinutes": 60, "timezone": "UTC", "registrationRequired": True,
        "support": {"status": "supported"},
    }


def snapshot(instance):
    end = START + datetime.timedelta(minutes=60)
    return {
        "webinar": webinar(instance),
        "instances": [{"uuid": "fake-uuid-1", "startTime": iso(START), "endTime": iso(end), "durationSeconds": 3600}],
        "registrations": [{
            "webinarID": WEBINAR_ID, "registrantID": "r-1", "email": "ada@customer.example", "firstName": "Ada",
            "lastName": "Lovelace", "status": "approved", "registeredAt": iso(START - datetime.timedelta(days=3)),
        }] + registered,
        "cancellations": [],
        "attendance": [{
            "webinarID": WEBINAR_ID, "instanceUUID": "fake-uuid-1", "email": "ada@customer.example", "name": "Ada Lovelace",
            "registrantID": "r-1", "sessions": [{"joinedAt": iso(START), "leftAt": iso(end), "durationSeconds": 3600}],
            "totalSeconds": 3600, "percentOfWebinar": 100, "emailSource": "participant",
        }],
        "unmatchedParticipants": [],
        "problems": [],
        "takenAt": iso(NOW),
    }


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def error(request_id, code, message, kind=None):
    body = {"code": code, "message": message}
    if kind:
        body["data"] = {"kind": kind}
    send({"jsonrpc": "2.0", "id": request_id, "error": body})


def handle(request):
    method, params, request_id = request.get("method"), request.get("params") or {}, request.get("id")
    if request_id is None:
        return  # a notification (cancel): nothing to answer
    if method == "handshake":
        version = 2 if args.mode == "version" else 1
        offered_features[:] = params.get("features") or []
        send({"jsonrpc": "2.0", "id": request_id, "result": {"protocolVersion": version, "descriptor": DESCRIPTOR}})
    elif method == "configure":
        config = params["config"]
        secret = config["api_token"]["secret"]
        instances[params["instance"]] = {"host_email": config["host_email"], "secret": secret, "account": config["account"]}
        if args.mode == "flood":
            for number in range(20000):
                sys.stderr.write("flood line %d\n" % number)
            sys.stderr.flush()
        if args.mode == "echo-secret":
            sys.stderr.write("configured with token " + secret + "\n")
            sys.stderr.flush()
        result = {"routingKey": config["account"], "hostPolicies": [
            {"email": config["host_email"], "syncNewWebinarsByDefault": True, "syncRecordings": False, "webinarOverrides": {}}]}
        send({"jsonrpc": "2.0", "id": request_id, "result": result})
    elif method == "release":
        instances.pop(params.get("instance"), None)
        send({"jsonrpc": "2.0", "id": request_id, "result": {}})
    elif method == "list_webinars":
        instance = instances.get(params.get("instance"))
        if instance is None:
            return error(request_id, -32602, "unknown instance")
        if args.mode == "api-calls" and "api_calls" in offered_features:
            calls = [
                {"provider": "fake", "operation": "GET webinars", "status": 200, "seconds": 0.25},
                {"provider": "fake", "operation": "GET webinars", "status": None, "seconds": 1.5},
                {"provider": "fake", "operation": "GET webinars", "status": 429, "seconds": 0.1},
                {"provider": "fake", "operation": "bad\nlabel", "status": 200, "seconds": 0.1},
            ] + [{"provider": "fake", "operation": "op-%d" % number, "status": 200, "seconds": 0.01} for number in range(60)]
            send({"jsonrpc": "2.0", "method": "api_calls", "params": {"calls": calls}})
            send({"jsonrpc": "2.0", "method": "api_calls", "params": {"calls": "not a list"}})
        send({"jsonrpc": "2.0", "id": request_id, "result": {"webinars": [webinar(instance)]}})
    elif method == "snapshot":
        instance = instances.get(params.get("instance"))
        if instance is None:
            return error(request_id, -32602, "unknown instance")
        if args.mode == "echo-secret":
            return error(request_id, -32000, "the token " + instance["secret"] + " was refused", "unavailable")
        if args.mode == "hang":
            return
        if args.mode == "garbage" and once("snapshot"):
            sys.stdout.write("this is not json\n")
            sys.stdout.flush()
            return
        if args.mode == "unknown-id" and once("snapshot"):
            send({"jsonrpc": "2.0", "id": 424242, "result": {}})
            return
        if args.mode == "exit-always" or (args.mode == "exit" and once("snapshot")):
            sys.stderr.write("crashing in the middle of a snapshot\n")
            sys.stderr.flush()
            os._exit(3)
        if params.get("webinarId") != WEBINAR_ID:
            return error(request_id, -32000, "no webinar " + str(params.get("webinarId")), "not_found")
        if args.mode == "stray-part" and once("snapshot"):
            send({"jsonrpc": "2.0", "method": "snapshot_part", "params": {"id": 424243, "registrations": []}})
            return
        full = snapshot(instance)
        if args.mode == "parts" and "snapshot_parts" in offered_features:
            grace = dict(full["registrations"][0], registrantID="r-2", email="grace@customer.example", firstName="Grace")
            part = {"id": request_id, "registrations": full["registrations"][:1]}
            send({"jsonrpc": "2.0", "method": "snapshot_part", "params": part})
            send({"jsonrpc": "2.0", "method": "snapshot_part", "params": {"id": request_id, "attendance": full["attendance"]}})
            full["registrations"] = full["registrations"][1:] + [grace]
            full["attendance"] = []
        send({"jsonrpc": "2.0", "id": request_id, "result": {"snapshot": full}})
    elif method in ("verify_webhook", "decode_webhook"):
        instance = instances.get(params.get("instance"))
        if instance is None:
            return error(request_id, -32602, "unknown instance")
        body = base64.b64decode(params.get("body", ""))
        if method == "decode_webhook":
            return send({"jsonrpc": "2.0", "id": request_id, "result": {"events": decode(body)}})
        if args.mode == "webhook-crash" and once("verify"):
            sys.stderr.write("crashing in the middle of verifying a webhook\n")
            sys.stderr.flush()
            os._exit(3)
        send({"jsonrpc": "2.0", "id": request_id, "result": verify(instance, (params.get("headers") or {}), body)})
    else:
        error(request_id, -32601, "unknown method " + str(method))


def verify(instance, headers, body):
    given = headers.get("x-fake-signature")
    if not given:
        return {"outcome": "rejected", "reason": "missing_signature", "message": "no x-fake-signature header"}
    expected = "sha256=" + hmac.new(instance["secret"].encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given, expected):
        return {"outcome": "rejected", "reason": "bad_signature", "message": "x-fake-signature does not match the body"}
    try:
        event = json.loads(body)
    except ValueError:
        return {"outcome": "rejected", "reason": "malformed", "message": "the body is not JSON"}
    if event.get("account") != instance["account"]:
        return {"outcome": "rejected", "reason": "malformed", "message": "the event is for another account"}
    envelope = {"eventType": str(event.get("event", "unknown")), "routingKey": instance["account"], "occurredAt": iso(NOW),
                "deliveryKey": hashlib.sha256(body).hexdigest()}
    return {"outcome": "accepted", "envelope": envelope}


def decode(body):
    event = json.loads(body)
    if event.get("event") != "registered":
        return [{"type": "ignored", "eventType": str(event.get("event"))}]
    registration = {"webinarID": WEBINAR_ID, "email": event["email"], "firstName": event.get("first_name"),
                    "status": "approved", "registeredAt": iso(NOW)}
    if all(known["email"] != registration["email"] for known in registered):
        registered.append(registration)
        if REGISTERED:
            with open(REGISTERED, "a") as saved:
                saved.write(json.dumps(registration) + "\n")
    return [{"type": "registered", "registration": registration}]


for raw in sys.stdin:
    raw = raw.strip()
    if not raw:
        continue
    try:
        message = json.loads(raw)
    except ValueError:
        error(None, -32700, "not JSON")
        continue
    handle(message)
