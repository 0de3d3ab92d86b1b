"""A small Chrome DevTools Protocol client for driving headless Chromium like a person:
open a page, type into a field, click a button, read what the page says, take a screenshot.

It speaks CDP over one WebSocket (the `websockets` library) to the browser, with one
"flattened" session per page. Every wait is bounded, so a broken page fails the test instead
of hanging it.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from websockets.sync.client import connect

DEFAULT_TIMEOUT = 30.0


def stop_process(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Ends a process started with `start_new_session=True` and its children: SIGTERM, and
    SIGKILL when it has not stopped within `grace` seconds."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class BrowserError(RuntimeError):
    """The browser could not be started or did not answer as expected."""


class Browser:
    """A headless Chromium process and a DevTools connection to it."""

    def __init__(self, executable: str, width: int = 1366, height: int = 900):
        self.profile = tempfile.mkdtemp(prefix="switchyard-chromium-")
        args = [
            executable,
            "--headless=new",
            "--remote-debugging-port=0",
            f"--user-data-dir={self.profile}",
            f"--window-size={width},{height}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-sync",
            "--password-store=basic",
            "about:blank",
        ]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox.
        self.process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        url = self._devtools_url()
        self.socket = connect(url, max_size=64 * 1024 * 1024, open_timeout=DEFAULT_TIMEOUT).__enter__()
        self._ids = itertools.count(1)
        self._events: list[dict] = []

    def _devtools_url(self) -> str:
        deadline = time.monotonic() + DEFAULT_TIMEOUT
        seen = []
        assert self.process.stderr is not None
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                if self.process.poll() is not None:
                    break
                continue
            seen.append(line)
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                return match.group(1)
        self.close()
        raise BrowserError("Chromium did not start its DevTools endpoint:\n" + "".join(seen[-20:]))

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = DEFAULT_TIMEOUT) -> dict:
        """Sends a command and returns its result (events that arrive meanwhile are kept)."""
        message_id = next(self._ids)
        message = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError(f"no answer to {method} within {timeout} s")
            reply = json.loads(self.socket.recv(timeout=remaining))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise BrowserError(f"{method} failed: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)
                del self._events[:-500]

    def new_page(self) -> "Page":
        """A new tab in a fresh browser context (its own cookies, like a private window)."""
        context = self.send("Target.createBrowserContext")["browserContextId"]
        target = self.send("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, context)
        self.send("Page.enable", session=session)
        self.send("Runtime.enable", session=session)
        return page

    def close(self) -> None:
        try:
            if getattr(self, "socket", None):
                self.socket.close()
        finally:
            stop_process(self.process)
            shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab: navigation, typing, clicking, reading, screenshots."""

    def __init__(self, browser: Browser, session: str, context: str):
        self.browser = browser
        self.session = session
        self.context = context

    def send(self, method: str, params: dict | None = None) -> dict:
        return self.browser.send(method, params, session=self.session)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (DevTools may evaluate despite the
        page's content security policy, which forbids the page's own scripts)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"evaluating {expression!r} failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def _marked_load(self, action) -> None:
        """Runs `action`, which makes the page navigate, and waits until the new page has loaded."""
        self.evaluate("window.__switchyardOldPage = true")
        action()
        self.wait_until(
            "window.__switchyardOldPage === undefined && document.readyState === 'complete'",
            what="the next page to load")

    def goto(self, url: str) -> None:
        """Opens a URL and waits until it has loaded."""
        self._marked_load(lambda: self.send("Page.navigate", {"url": url}))

    def wait_until(self, expression: str, what: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Polls a JavaScript condition until it is true (pages may reload meanwhile)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.evaluate(expression):
                    return
            except BrowserError:
                pass  # the page was between two documents
            time.sleep(0.1)
        raise BrowserError(f"timed out after {timeout} s waiting for {what}; the page says:\n{self.safe_text()}")

    def wait_for_text(self, text: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Waits until the page's visible text contains `text`."""
        self.wait_until(f"document.body && document.body.innerText.includes({json.dumps(text)})",
                        what=repr(text), timeout=timeout)

    def text(self) -> str:
        """The page's visible text, as a person reads it."""
        return self.evaluate("document.body ? document.body.innerText : ''") or ""

    def safe_text(self) -> str:
        try:
            return self.text()
        except BrowserError as error:
            return f"(unreadable: {error})"

    @property
    def url(self) -> str:
        return self.evaluate("location.href")

    def title(self) -> str:
        return self.evaluate("document.title")

    def _center(self, selector: str) -> tuple[float, float]:
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0] || e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        if not box:
            raise BrowserError(f"no element matches {selector!r}; the page says:\n{self.safe_text()}")
        return box[0], box[1]

    def click(self, selector: str) -> None:
        """Clicks the element's centre with the mouse."""
        x, y = self._center(selector)
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                      {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def click_and_wait(self, selector: str) -> None:
        """Clicks a link or a submit button and waits for the page it leads to."""
        self._marked_load(lambda: self.click(selector))

    def click_link(self, text: str) -> None:
        """Clicks the first link whose text contains `text` and waits for its page."""
        index = self.evaluate(
            f"[...document.querySelectorAll('a')].findIndex(a => a.innerText.includes({json.dumps(text)}))")
        if index is None or index < 0:
            raise BrowserError(f"no link says {text!r}; the page says:\n{self.safe_text()}")
        self.evaluate(f"document.querySelectorAll('a')[{index}].setAttribute('data-switchyard-target', '1')")
        self.click_and_wait("a[data-switchyard-target]")

    def type_into(self, selector: str, text: str) -> None:
        """Focuses a field by clicking it and types text into it."""
        self.click(selector)
        self.send("Input.insertText", {"text": text})

    def press(self, key: str) -> None:
        """Presses and releases a key: `Tab` or `Enter` (keyboard navigation)."""
        codes = {"Tab": 9, "Enter": 13}
        down = {"type": "keyDown", "key": key, "code": key, "windowsVirtualKeyCode": codes[key]}
        if key == "Enter":
            down["text"] = "\r"
        self.send("Input.dispatchKeyEvent", down)
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": codes[key]})

    def press_and_wait(self, key: str) -> None:
        """Presses a key that makes the page navigate and waits for the next page."""
        self._marked_load(lambda: self.press(key))

    def focused(self) -> str:
        """The focused element's text (or its id)."""
        return self.evaluate("document.activeElement ? (document.activeElement.innerText || document.activeElement.id) : ''")

    def screenshot(self, path: Path) -> Path:
        """Saves a full-page PNG."""
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.browser.send("Target.disposeBrowserContext", {"browserContextId": self.context})
        except BrowserError:
            pass
