"""The connector over stdio, as the host drives it: python3 -m unittest discover -s tests."""

import base64
import hashlib
import hmac
import json
import os
import queue
import subprocess
import sys
import threading
import unittest

PLUGIN = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET = "s3cr3t-webhook-value"
CONFIG = {
    "account_id": "tailspin-exports", "folder": "sample", "webhook_secret": {"secret": SECRET},
    "users": [{"email": "events@tailspin.example", "sync_new_webinars": True, "sync_recordings": False,
               "webinars": {"7100000002": False}}],
}


class Driver:
    """Runs connector.py and matches responses to request ids."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "connector.py"], cwd=PLUGIN, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 100

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def write(self, raw):
        self.process.stdin.write(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
        self.process.stdin.flush()

    def send(self, method, params=None, request_id=None):
        request_id = self.next_id if request_id is None else request_id
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self.write(json.dumps(message) + "\n")
        return request_id

    def response(self):
        line = self.lines.get(timeout=10)
        if line is None:
            raise AssertionError("the connector closed stdout")
        return json.loads(line)

    def call(self, method, params=None):
        request_id = self.send(method, params)
        answer = self.response()
        assert answer["id"] == request_id, answer
        return answer

    def close(self):
        """Closes stdin; returns (exit status, stderr)."""
        self.process.stdin.close()
        status = self.process.wait(timeout=6)
        return status, self.process.stderr.read().decode("utf-8")


class ProtocolTests(unittest.TestCase):
    def setUp(self):
        self.driver = Driver()

    def tearDown(self):
        if self.driver.process.poll() is None:
            self.driver.process.kill()
            self.driver.process.wait()
        for stream in (self.driver.process.stdin, self.driver.process.stdout, self.driver.process.stderr):
            if not stream.closed:
                stream.close()

    def handshake(self):
        answer = self.driver.call("handshake", {"protocolVersions": [1], "host": "switchyard"})
        self.assertEqual(answer["result"]["protocolVersion"], 1)
        return answer["result"]["descriptor"]

    def configure(self, config=CONFIG, instance="tailspin/0/0"):
        return self.driver.call("configure", {"instance": instance, "config": config, "context": {"sandboxBaseURLs": {}}})

    def test_handshake_configure_list_and_snapshot(self):
        descriptor = self.handshake()
        self.assertEqual(descriptor["typeName"], "webinar-export")
        self.assertEqual(descriptor["capabilities"], ["webhooks", "webinar_listing", "snapshots"])
        self.assertEqual(descriptor["hubSpotProfile"]["timelineEventIDPrefix"], "export")
        result = self.configure()["result"]
        self.assertEqual(result["routingKey"], "tailspin-exports")
        self.assertEqual(result["hostPolicies"], [{"email": "events@tailspin.example", "syncNewWebinarsByDefault": True,
                                                   "syncRecordings": False, "webinarOverrides": {"7100000002": False}}])
        webinars = self.driver.call("list_webinars", {"instance": "tailspin/0/0"})["result"]["webinars"]
        self.assertEqual([webinar["id"] for webinar in webinars], ["7100000001", "7100000002"])
        snapshot = self.driver.call("snapshot", {"instance": "tailspin/0/0", "webinarId": "7100000001"})["result"]["snapshot"]
        self.assertEqual(len(snapshot["registrations"]), 10)
        missing = self.driver.call("snapshot", {"instance": "tailspin/0/0", "webinarId": "42"})
        self.assertEqual(missing["error"]["code"], -32000)
        self.assertEqual(missing["error"]["data"], {"kind": "not_found"})
        self.assertEqual(self.driver.call("release", {"instance": "tailspin/0/0"})["result"], {})
        released = self.driver.call("list_webinars", {"instance": "tailspin/0/0"})
        self.assertEqual(released["error"]["code"], -32602)
        status, stderr = self.driver.close()
        self.assertEqual(status, 0)
        self.assertNotIn(SECRET, stderr)

    def test_protocol_errors(self):
        before = self.driver.call("list_webinars", {"instance": "x"})
        self.assertEqual(before["error"]["code"], -32600)
        self.handshake()
        self.driver.write("this is not json\n")
        self.assertEqual(self.driver.response(), {"jsonrpc": "2.0", "id": None, "error": {
            "code": -32700, "message": "Parse error: the line is not JSON."}})
        self.driver.write(b"\xff\xfe\n")
        self.assertEqual(self.driver.response()["error"]["code"], -32700)
        for invalid in ['[{"jsonrpc": "2.0", "id": 1, "method": "handshake"}]', '{"id": 5, "method": "snapshot"}',
                        '{"jsonrpc": "2.0", "id": {"a": 1}, "method": "snapshot"}', '{"jsonrpc": "2.0", "id": 6}']:
            self.driver.write(invalid + "\n")
            self.assertEqual(self.driver.response()["error"]["code"], -32600, invalid)
        self.assertEqual(self.driver.call("subscribe", {})["error"]["code"], -32601)
        self.assertEqual(self.driver.call("snapshot", {"webinarId": "1"})["error"]["code"], -32602)
        self.assertEqual(self.driver.call("snapshot", {"instance": "nobody", "webinarId": "1"})["error"]["code"], -32602)
        self.assertEqual(self.driver.call("snapshot", [1, 2])["error"]["code"], -32602)
        self.configure()
        wrong = self.driver.call("snapshot", {"instance": "tailspin/0/0", "webinarId": 7.5})
        self.assertEqual(wrong["error"]["code"], -32602)
        bad_id = self.driver.call("snapshot", {"instance": "tailspin/0/0", "webinarId": "../x"})
        self.assertEqual(bad_id["error"]["data"]["kind"], "invalid_input")
        self.driver.write('{"jsonrpc": "2.0", "method": "snapshot", "params": {}}\n')  # a notification: no answer
        unsupported = self.driver.call("handshake", {"protocolVersions": [2]})
        self.assertEqual(unsupported["error"]["data"]["kind"], "unsupported")
        self.assertEqual(self.driver.close()[0], 0)

    def test_configure_refuses_a_missing_folder(self):
        self.handshake()
        answer = self.configure(dict(CONFIG, folder="no/such/folder"))
        self.assertEqual(answer["error"]["data"]["kind"], "configuration")
        self.assertIn("no/such/folder", answer["error"]["message"])
        self.assertNotIn(SECRET, json.dumps(answer))

    def test_concurrent_requests_and_cancel(self):
        self.handshake()
        self.configure()
        ids = [self.driver.send("snapshot", {"instance": "tailspin/0/0", "webinarId": webinar})
               for webinar in ["7100000001", "7100000002", "7100000003"] * 5]
        cancelled = self.driver.send("snapshot", {"instance": "tailspin/0/0", "webinarId": "7100000001"})
        self.driver.write(json.dumps({"jsonrpc": "2.0", "method": "cancel", "params": {"id": cancelled}}) + "\n")
        marker = self.driver.send("list_webinars", {"instance": "tailspin/0/0"})
        seen = set()
        while not set(ids) | {marker} <= seen:
            answer = self.driver.response()
            self.assertIn("result", answer)
            seen.add(answer["id"])
        self.assertEqual(self.driver.close()[0], 0)

    def test_webhooks(self):
        self.handshake()
        self.configure()
        body = json.dumps({"account_id": "tailspin-exports", "webinar_id": "7100000001"}).encode()
        signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()

        def verify(headers, payload=body):
            return self.driver.call("verify_webhook", {
                "instance": "tailspin/0/0", "headers": headers, "query": {},
                "body": base64.b64encode(payload).decode(), "receivedAt": "2026-12-06T10:00:00Z"})["result"]

        accepted = verify({"x-export-signature": signature})
        self.assertEqual(accepted["outcome"], "accepted")
        self.assertEqual(accepted["envelope"]["routingKey"], "tailspin-exports")
        self.assertEqual(accepted["envelope"]["deliveryKey"], hashlib.sha256(body).hexdigest())
        self.assertEqual(verify({})["reason"], "missing_signature")
        self.assertEqual(verify({"x-export-signature": "sha256=" + "0" * 64})["reason"], "bad_signature")
        other = json.dumps({"account_id": "tailspin-exports"}).encode()
        other_signature = hmac.new(SECRET.encode(), other, hashlib.sha256).hexdigest()
        self.assertEqual(verify({"x-export-signature": other_signature}, other)["reason"], "malformed")
        events = self.driver.call("decode_webhook", {"instance": "tailspin/0/0", "body": base64.b64encode(body).decode()})
        self.assertEqual(events["result"], {"events": [{"type": "webinar_touched", "webinarID": "7100000001"}]})
        status, stderr = self.driver.close()
        self.assertEqual(status, 0)
        self.assertNotIn(SECRET, stderr)


if __name__ == "__main__":
    unittest.main()
