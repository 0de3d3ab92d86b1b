#!/usr/bin/env python3
"""Drives the connector over stdio as the host would and prints each exchange:

    python3 tests/drive.py                       # the sample folder: handshake, configure, list, snapshot
    python3 tests/drive.py FOLDER [WEBINAR_ID]   # another export folder

Start here when writing your own connector: swap the command and the config."""

import json
import os
import subprocess
import sys

PLUGIN = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "sample"
    process = subprocess.Popen([sys.executable, "connector.py"], cwd=PLUGIN, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    next_id = 0

    def call(method, params):
        nonlocal next_id
        request = {"jsonrpc": "2.0", "id": next_id, "method": method, "params": params}
        next_id += 1
        print("→", json.dumps(request))
        process.stdin.write(json.dumps(request) + "\n")
        process.stdin.flush()
        response = json.loads(process.stdout.readline())
        print("←", json.dumps(response, indent=2)[:4000], "\n")
        return response

    call("handshake", {"protocolVersions": [1], "host": "drive.py"})
    config = {"account_id": "drive", "folder": os.path.abspath(folder), "users": []}
    call("configure", {"instance": "drive/0", "config": config, "context": {"sandboxBaseURLs": {}}})
    webinars = call("list_webinars", {"instance": "drive/0"}).get("result", {}).get("webinars", [])
    webinar_id = sys.argv[2] if len(sys.argv) > 2 else (webinars[0]["id"] if webinars else "none")
    call("snapshot", {"instance": "drive/0", "webinarId": webinar_id})
    process.stdin.close()
    sys.exit(process.wait(timeout=6))


if __name__ == "__main__":
    main()
