#!/usr/bin/env python3
"""Switchyard's webinar-export connector: Switchyard connector protocol version 1
(Plugins/connector-protocol.md) over stdin/stdout, Python 3 standard library only.

stdin carries one JSON-RPC request per line, stdout one response per line, stderr logs."""

import sys

sys.dont_write_bytecode = True  # keep the plugin folder free of __pycache__

import concurrent.futures  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import threading  # noqa: E402

from descriptor import DESCRIPTOR, VERSION  # noqa: E402
from exportfiles import Cancelled, ExportError  # noqa: E402
from instances import Instances, ParamsError  # noqa: E402

PROTOCOL_VERSION = 1
EXIT_GRACE_SECONDS = 4


def log(message):
    """One line on stderr (the host forwards it into its log). Never pass a secret here."""
    print(f"webinar-export: {message}", file=sys.stderr, flush=True)


class RPCError(Exception):
    def __init__(self, code, message, kind=None):
        super().__init__(message)
        self.code, self.message, self.kind = code, message, kind

    def payload(self):
        error = {"code": self.code, "message": self.message}
        if self.kind:
            error["data"] = {"kind": self.kind}
        return error


class Connector:
    """Reads requests, answers each on a worker thread (several in flight), honours `cancel`."""

    def __init__(self, output):
        self.output = output
        self.write_lock = threading.Lock()
        self.pending_lock = threading.Lock()
        self.pending = {}  # request id (as JSON) → threading.Event set on cancel
        self.handshaken = False
        self.instances = Instances()
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="request")

    def send(self, message):
        line = json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self.write_lock:
            self.output.write(line)
            self.output.flush()

    def respond(self, request_id, result=None, error=None):
        message = {"jsonrpc": "2.0", "id": request_id}
        if error is not None:
            message["error"] = error.payload()
        else:
            message["result"] = result
        self.send(message)

    def handle_line(self, line):
        """One line (bytes) from stdin: answers protocol errors at once, runs methods on the pool."""
        if not line.strip():
            return
        try:
            request = json.loads(line.decode("utf-8"))
        except ValueError:  # not UTF-8 or not JSON
            return self.respond(None, error=RPCError(-32700, "Parse error: the line is not JSON."))
        if not isinstance(request, dict):
            return self.respond(None, error=RPCError(-32600, "Invalid request: expected one JSON-RPC object per line."))
        has_id = "id" in request
        request_id = request.get("id")
        if isinstance(request_id, bool) or not isinstance(request_id, (str, int, float, type(None))):
            return self.respond(None, error=RPCError(-32600, "Invalid request: id must be a string, number or null."))
        method = request.get("method")
        if request.get("jsonrpc") != "2.0" or not isinstance(method, str):
            return self.respond(request_id, error=RPCError(-32600, 'Invalid request: needs "jsonrpc": "2.0" and a method.'))
        params = request.get("params", {})
        if not has_id:
            if method == "cancel" and isinstance(params, dict):
                self.cancel(params.get("id"))
            return  # notifications never get an answer
        if method == "cancel":
            self.cancel(params.get("id") if isinstance(params, dict) else None)
            return self.respond(request_id, result={})
        if method == "handshake":  # answered in order, so requests after it see the handshake done
            return self.run(request_id, None, method, params, threading.Event())
        if not self.handshaken:
            return self.respond(request_id, error=RPCError(-32600, "Invalid request: the first request must be handshake."))
        cancelled = threading.Event()
        key = json.dumps(request_id)
        with self.pending_lock:
            self.pending[key] = cancelled
        self.pool.submit(self.run, request_id, key, method, params, cancelled)

    def cancel(self, request_id):
        with self.pending_lock:
            event = self.pending.get(json.dumps(request_id))
        if event is not None:
            event.set()

    def run(self, request_id, key, method, params, cancelled):
        try:
            if not isinstance(params, dict):
                raise RPCError(-32602, "Invalid params: params must be an object.")
            result = self.dispatch(method, params, cancelled)
            error = None
        except ParamsError as failure:
            result, error = None, RPCError(-32602, f"Invalid params: {failure}")
        except ExportError as failure:
            result, error = None, RPCError(-32000, failure.message, failure.kind)
        except RPCError as failure:
            result, error = None, failure
        except Cancelled:
            result, error = None, None
        except Exception as failure:  # a bug: answer, log the type only (values may hold data)
            log(f"{method} failed: {type(failure).__name__}")
            result, error = None, RPCError(-32000, f"The connector failed unexpectedly ({type(failure).__name__}).", "unavailable")
        with self.pending_lock:
            self.pending.pop(key, None)
        if cancelled.is_set():
            return  # the host no longer waits for it
        self.respond(request_id, result=result, error=error)

    def dispatch(self, method, params, cancelled):
        if method == "handshake":
            return self.handshake(params)
        handlers = {
            "configure": lambda: self.instances.configure(params),
            "release": lambda: self.instances.release(params),
            "list_webinars": lambda: self.instances.list_webinars(params),
            "snapshot": lambda: self.instances.snapshot(params, cancelled),
            "verify_webhook": lambda: self.instances.verify_webhook(params),
            "decode_webhook": lambda: self.instances.decode_webhook(params),
        }
        if method not in handlers:
            raise RPCError(-32601, f"Method not found: {method}.")
        return handlers[method]()

    def handshake(self, params):
        versions = params.get("protocolVersions")
        if not isinstance(versions, list):
            raise ParamsError("protocolVersions must be an array of integers")
        if PROTOCOL_VERSION not in versions:
            raise RPCError(-32000, f"This connector speaks protocol version {PROTOCOL_VERSION} only.", "unsupported")
        self.handshaken = True
        return {"protocolVersion": PROTOCOL_VERSION, "descriptor": DESCRIPTOR}

    def serve(self, stream):
        for line in stream:
            self.handle_line(line)
        # stdin closed: stop what is running and exit within the protocol's 5 seconds.
        with self.pending_lock:
            for event in self.pending.values():
                event.set()
        self.pool.shutdown(wait=False, cancel_futures=True)


def main():
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    connector = Connector(sys.stdout)
    log(f"version {VERSION} ready")
    connector.serve(sys.stdin.buffer)
    done = threading.Event()
    threading.Thread(target=lambda: (connector.pool.shutdown(wait=True), done.set()), daemon=True).start()
    done.wait(EXIT_GRACE_SECONDS)
    log("stdin closed, exiting")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
