"""Fixtures of the browser tests: a running `switchyard serve` with the sample tenants and the
embedded sandbox (exactly what the README's run command starts), and headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from cdp import Browser, stop_process

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("SWITCHYARD_ARTIFACTS", ROOT / ".build" / "artifacts" / "console"))
STARTUP_TIMEOUT = 120.0


class RunningHost:
    """A `switchyard serve` process and what it printed: the console URL and the sign-in tokens."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="switchyard-browser-"))
        tenants = self.directory / "tenants"
        shutil.copytree(ROOT / "tenants", tenants)
        binary = os.environ.get("SWITCHYARD_BINARY", str(ROOT / ".build" / "debug" / "switchyard"))
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHYARD_")}
        self.log_path = self.directory / "host.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--port", "0", "--tenants", str(tenants),
             "--state", str(self.directory / "state.sqlite")],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env=environment, start_new_session=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read_stdout, daemon=True).start()
        self.console_url = self._wait_for(r"^Console: (http://\S+)")
        self.base_url = self.console_url.rsplit("/console", 1)[0]
        self.operator_token = self._wait_for(r"^Operator token: (\S+)")
        self.tenant_tokens = {
            tenant: self._wait_for(rf"^Tenant token of {tenant}: (\S+)") for tenant in ("contoso", "northwind")
        }
        self._wait_for_health()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def _wait_for(self, pattern: str) -> str:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            for line in list(self.lines):
                match = re.search(pattern, line)
                if match:
                    return match.group(1)
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(
            f"switchyard serve did not print a line matching {pattern!r}; it printed:\n"
            + "\n".join(self.lines) + "\n-- its log:\n" + self.log_path.read_text()[-4000:])

    def _wait_for_health(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base_url + "/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the host does not answer /health")

    def stop(self) -> None:
        stop_process(self.process, grace=30)
        self.log.close()
        shutil.copy(self.log_path, ARTIFACTS / "host.log")
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="session")
def host():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    running = RunningHost()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("Chromium is not installed: run scripts/install-deps.sh (apt-get install -y chromium)")
    running = Browser(executable)
    yield running
    running.close()


@pytest.fixture
def page(browser):
    opened = browser.new_page()
    yield opened
    opened.close()


@pytest.fixture
def shot():
    """Saves a screenshot of a page as `.build/artifacts/console/NAME.png`."""
    def take(page, name: str) -> Path:
        return page.screenshot(ARTIFACTS / f"{name}.png")
    return take
