"""Support for the Graph fidelity tests: a sandbox with the default scenario (its Teams unit),
Microsoft's msgraph-sdk client pointed at it, and a local receiver for change notifications.

The tenant files in tenants/ have no Teams unit until the Teams connector lands, so these tests
start their own `switchyard sandbox --default-scenario` (the binary scripts/fidelity built).
azure-identity's ClientSecretCredential only accepts an https authority, so the client uses
`SandboxClientCredential`: it asks the sandbox's token endpoint for a client-credentials token
exactly as Entra is asked (form POST to /{tenantId}/oauth2/v2.0/token) and hands it to the SDK
through azure-core's TokenCredential protocol. Everything else is msgraph-sdk, unmodified.
"""

import json
import os
import re
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import requests
from azure.core.credentials import AccessToken
from kiota_authentication_azure.azure_identity_authentication_provider import AzureIdentityAuthenticationProvider
from msgraph import GraphRequestAdapter, GraphServiceClient

REPO_ROOT = Path(__file__).resolve().parents[2]
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


def start_default_sandbox():
    """Starts `switchyard sandbox --default-scenario` on a free port; returns (process, origin)."""
    binary = os.environ.get("SWITCHYARD_BINARY", str(REPO_ROOT / ".build" / "debug" / "switchyard"))
    process = subprocess.Popen(
        [binary, "sandbox", "--port", "0", "--seed", "7", "--default-scenario"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(r"sandbox listening on (http://[0-9.]+:[0-9]+)", line)
        if match:
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process, match.group(1)
    process.kill()
    raise RuntimeError("the default-scenario sandbox did not report its port")


def request_token(origin, tenant, secret=None):
    """The raw answer of the sandbox's Entra token endpoint (client credentials in the form)."""
    return requests.post(
        f"{origin}/{tenant['tenantID']}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": tenant["clientID"],
            "client_secret": secret if secret is not None else tenant["clientSecret"],
            "scope": GRAPH_SCOPE,
        },
        timeout=10,
    )


class SandboxClientCredential:
    """An azure-core TokenCredential that runs the client-credentials grant against the sandbox."""

    def __init__(self, origin, tenant):
        self.origin = origin
        self.tenant = tenant
        self.requests = 0

    def get_token(self, *scopes, **kwargs):
        assert list(scopes) == [GRAPH_SCOPE], f"msgraph-sdk asked for scopes {scopes}"
        answer = request_token(self.origin, self.tenant)
        answer.raise_for_status()
        body = answer.json()
        self.requests += 1
        return AccessToken(body["access_token"], int(time.time()) + int(body["expires_in"]))


def graph_client(origin, credential):
    """msgraph-sdk's GraphServiceClient with the sandbox as its base URL."""
    provider = AzureIdentityAuthenticationProvider(credential, scopes=[GRAPH_SCOPE], allowed_hosts=["127.0.0.1"])
    adapter = GraphRequestAdapter(provider)
    adapter.base_url = f"{origin}/v1.0"
    return GraphServiceClient(request_adapter=adapter)


class NotificationReceiver:
    """A local notification URL: echoes Graph's validation token and records notifications."""

    def __init__(self, echo_token=True):
        self.echo_token = echo_token
        self.validations = []
        self.notifications = []
        self.condition = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                query = parse_qs(urlparse(self.path).query)
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                if "validationToken" in query:
                    token = query["validationToken"][0]
                    with receiver.condition:
                        receiver.validations.append(token)
                    answer = (token if receiver.echo_token else "wrong").encode()
                    self.send_response(200)
                    self.send_header("content-type", "text/plain")
                    self.send_header("content-length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                    return
                with receiver.condition:
                    receiver.notifications.extend(json.loads(body)["value"])
                    receiver.condition.notify_all()
                self.send_response(202)
                self.send_header("content-length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/graph-notifications"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, predicate, timeout=10):
        """The first notification matching `predicate`, waiting for it to arrive."""
        deadline = time.time() + timeout
        with self.condition:
            while True:
                found = next((n for n in self.notifications if predicate(n)), None)
                if found or time.time() > deadline:
                    return found
                self.condition.wait(timeout=0.2)

    def close(self):
        self.server.shutdown()
