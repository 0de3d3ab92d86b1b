#!/usr/bin/env python3
"""A tiny connector for `switchyard connector check` tests, with one deliberate fault.

usage: faulty_connector.py MODE
  ok             follows the protocol
  non-json       prints a line that is not JSON on stdout first
  wrong-version  answers the handshake with protocol version 2
  echo-secret    writes the config it receives (secrets included) to stderr
  never-exits    keeps running after stdin closes
"""
import json
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "ok"

PROPERTY = {"name": "", "label": "Label", "description": "Description."}
TEMPLATE = {"name": "", "headerTemplate": "Header {{webinarName}}", "detailTemplate": "Detail {{webinarId}}"}


def named(base, name):
    return dict(base, name=name)


DESCRIPTOR = {
    "typeName": "faulty",
    "displayName": "Faulty test connector",
    "version": "0.0.1",
    "summary": "A connector for conformance tests.",
    "configSpec": {"fields": [
        {"name": "account", "kind": {"type": "string"}, "required": True, "doc": "The account."},
        {"name": "token", "kind": {"type": "secret"}, "required": True, "doc": "The token."},
    ]},
    "capabilities": ["webinar_listing"],
    "actions": [],
    "routingKeyField": "account",
    "webhookRoutingKeyPaths": [],
    "hubSpotProfile": {
        "sourceName": "Faulty",
        "propertyGroup": {"name": "switchyard_faulty", "label": "Faulty"},
        "contactProperties": {
            "averageAttendance": named(PROPERTY, "faulty_average"),
            "lastRegisteredWebinar": named(PROPERTY, "faulty_last"),
            "totalRegistrations": named(PROPERTY, "faulty_registrations"),
            "totalAttended": named(PROPERTY, "faulty_attended"),
        },
        "timelineTemplates": {
            "registration": named(TEMPLATE, "Faulty: registration"),
            "attendance": named(TEMPLATE, "Faulty: attendance"),
            "recording": named(TEMPLATE, "Faulty: recording"),
        },
        "timelineEventIDPrefix": "faulty",
        "marketingEventOrganizer": "Faulty",
        "recordingCall": {"titleTemplate": "Recording {{topic}}", "bodyTemplate": "{{url}}"},
        "workflowActions": [],
    },
}

instances = {}


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def error(request_id, code, message, kind=None):
    body = {"code": code, "message": message}
    if kind:
        body["data"] = {"kind": kind}
    send({"jsonrpc": "2.0", "id": request_id, "error": body})


def handle(request):
    method, request_id, params = request.get("method"), request.get("id"), request.get("params") or {}
    if method == "handshake":
        return {"protocolVersion": 2 if MODE == "wrong-version" else 1, "descriptor": DESCRIPTOR}
    if method == "configure":
        if MODE == "echo-secret":
            print("configuring with %s" % json.dumps(params.get("config")), file=sys.stderr, flush=True)
        instances[params["instance"]] = params["config"]
        return {"routingKey": params["config"]["account"], "hostPolicies": []}
    if method == "release":
        instances.pop(params.get("instance"), None)
        return {}
    if method == "list_webinars":
        if not isinstance(params.get("instance"), str) or params["instance"] not in instances:
            raise LookupError("unknown instance")
        return {"webinars": []}
    if method in ("snapshot", "verify_webhook", "decode_webhook", "perform"):
        if not isinstance(params.get("instance"), str):
            raise LookupError("instance must be a string")
        raise NotImplementedError(method)
    raise KeyError(method)


def main():
    if MODE == "non-json":
        print("hello, I am not JSON", flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
        except ValueError:
            error(None, -32700, "not JSON")
            continue
        if not isinstance(request, dict) or request.get("jsonrpc") != "2.0" or not isinstance(request.get("method"), str):
            error(request.get("id") if isinstance(request, dict) else None, -32600, "not a request")
            continue
        if "id" not in request:
            continue
        try:
            send({"jsonrpc": "2.0", "id": request["id"], "result": handle(request)})
        except KeyError as problem:
            error(request["id"], -32601, "unknown method %s" % problem)
        except LookupError as problem:
            error(request["id"], -32602, str(problem))
        except NotImplementedError as problem:
            error(request["id"], -32000, "%s is not supported" % problem, kind="unsupported")
    if MODE == "never-exits":
        while True:
            time.sleep(60)


main()
