"""The configured instances of the webinar-export connector and the methods that use them
(configure, release, list_webinars, snapshot, verify_webhook, decode_webhook)."""

import base64
import binascii
import hashlib
import hmac
import json
import os
import threading

from exportfiles import WEBINAR_ID, ExportError, format_time, parse_time
from snapshot import list_webinars, take_snapshot

PLUGIN_FOLDER = os.path.dirname(os.path.abspath(__file__))
SIGNATURE_HEADER = "x-export-signature"


class ParamsError(Exception):
    """Invalid params (JSON-RPC -32602): a missing or wrongly typed field, an unknown instance."""


class Secret:
    """A secret value that never shows in repr, str or logs."""

    def __init__(self, value):
        self._value = value

    def reveal(self):
        return self._value

    def __repr__(self):
        return "<redacted>"

    __str__ = __repr__


class Instance:
    def __init__(self, config):
        def fail(what):
            raise ExportError("configuration", f"{what}. Fix the connector's entry in the tenant file.")

        account = config.get("account_id")
        if not isinstance(account, str) or not account:
            fail("account_id must be a non-empty string")
        folder = config.get("folder")
        if not isinstance(folder, str) or not folder:
            fail("folder must be a path")
        self.account_id = account
        self.folder = os.path.join(PLUGIN_FOLDER, os.path.expanduser(folder))
        if not os.path.isdir(self.folder):
            fail(f"the export folder {self.folder} does not exist or is not a folder (relative paths start at {PLUGIN_FOLDER})")
        secret = config.get("webhook_secret")
        if secret is not None and not (isinstance(secret, dict) and isinstance(secret.get("secret"), str)):
            fail('webhook_secret must be a secret ({"secret": "…"})')
        self.webhook_secret = Secret(secret["secret"]) if secret else None
        users = config.get("users") or []
        if not isinstance(users, list) or not all(isinstance(user, dict) and isinstance(user.get("email"), str) for user in users):
            fail("users must be a list of hosts, each with an email")
        self.policies = []
        for user in users:
            overrides = user.get("webinars") or {}
            if not isinstance(overrides, dict) or not all(isinstance(on, bool) for on in overrides.values()):
                fail(f"users[{len(self.policies)}].webinars must map webinar ids to true or false")
            self.policies.append({
                "email": user["email"],
                "syncNewWebinarsByDefault": user.get("sync_new_webinars", True) is not False,
                "syncRecordings": user.get("sync_recordings", True) is not False,
                "webinarOverrides": dict(overrides),
            })


def _string(params, key):
    value = params.get(key)
    if not isinstance(value, str):
        raise ParamsError(f"{key} must be a string")
    return value


def _body(params):
    try:
        return base64.b64decode(_string(params, "body"), validate=True)
    except binascii.Error:
        raise ParamsError("body must be base64") from None


def _notification(body):
    """(account_id, [webinar ids], changed_at or None) of a files-changed body, or None if it is not one."""
    try:
        document = json.loads(body.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(document, dict) or not isinstance(document.get("account_id"), str):
        return None
    ids = document.get("webinar_ids", [document.get("webinar_id")] if "webinar_id" in document else None)
    if not isinstance(ids, list) or not ids:
        return None
    ids = [str(item) if isinstance(item, int) and not isinstance(item, bool) else item for item in ids]
    if not all(isinstance(item, str) and WEBINAR_ID.fullmatch(item) for item in ids):
        return None
    changed = document.get("changed_at")
    try:
        changed = format_time(parse_time(changed, "body", "changed_at")) if isinstance(changed, str) else None
    except ExportError:
        changed = None
    return document["account_id"], ids, changed


class Instances:
    """Instances by the host's opaque id; safe to use from several request threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._instances = {}

    def _get(self, params):
        name = _string(params, "instance")
        with self._lock:
            instance = self._instances.get(name)
        if instance is None:
            raise ParamsError(f"unknown instance {name!r}; send configure first")
        return instance

    def configure(self, params):
        name = _string(params, "instance")
        config = params.get("config")
        if not isinstance(config, dict):
            raise ParamsError("config must be an object")
        instance = Instance(config)
        with self._lock:
            self._instances[name] = instance
        return {"routingKey": instance.account_id, "hostPolicies": instance.policies}

    def release(self, params):
        name = _string(params, "instance")
        with self._lock:
            self._instances.pop(name, None)
        return {}

    def list_webinars(self, params):
        instance = self._get(params)
        return {"webinars": list_webinars(instance.folder, [policy["email"] for policy in instance.policies])}

    def snapshot(self, params, cancelled=None):
        instance = self._get(params)
        webinar_id = params.get("webinarId")
        if isinstance(webinar_id, int) and not isinstance(webinar_id, bool):
            webinar_id = str(webinar_id)
        if not isinstance(webinar_id, str):
            raise ParamsError("webinarId must be a string")
        if not WEBINAR_ID.fullmatch(webinar_id):
            raise ExportError("invalid_input", "A webinar id of an export has 1-64 letters, digits, '-' or '_'.")
        return {"snapshot": take_snapshot(instance.folder, webinar_id, cancelled)}

    def verify_webhook(self, params):
        instance = self._get(params)
        headers = params.get("headers")
        if not isinstance(headers, dict):
            raise ParamsError("headers must be an object")
        body = _body(params)
        received = _string(params, "receivedAt")

        def rejected(reason, message):
            return {"outcome": "rejected", "reason": reason, "message": message}

        if instance.webhook_secret is None:
            return rejected("bad_signature", "This export source has no webhook_secret, so it accepts no webhooks.")
        signature = headers.get(SIGNATURE_HEADER)
        if not isinstance(signature, str) or not signature:
            return rejected("missing_signature", f"The request has no {SIGNATURE_HEADER} header.")
        expected = hmac.new(instance.webhook_secret.reveal().encode("utf-8"), body, hashlib.sha256).hexdigest()
        given = signature.strip().lower().removeprefix("sha256=")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8")):
            return rejected("bad_signature", f"The {SIGNATURE_HEADER} signature does not match the body.")
        notification = _notification(body)
        if notification is None or notification[0] != instance.account_id:
            return rejected("malformed", 'The body must be {"account_id": …, "webinar_id": …} (or "webinar_ids": […]).')
        occurred = notification[2] or received
        return {"outcome": "accepted", "envelope": {
            "eventType": "files_changed", "routingKey": instance.account_id, "occurredAt": occurred,
            "deliveryKey": hashlib.sha256(body).hexdigest()}}

    def decode_webhook(self, params):
        self._get(params)
        notification = _notification(_body(params))
        if notification is None:
            raise ExportError("malformed_data", "The stored webhook body is not a files-changed notification.")
        return {"events": [{"type": "webinar_touched", "webinarID": webinar_id} for webinar_id in notification[1]]}
