"""Fixtures for the fidelity suite: the official clients, unmodified, pointed at the sandbox.

`scripts/fidelity` starts `switchyard sandbox` and sets SWITCHYARD_SANDBOX_URL; the credentials
are the demo values of the tenant files in tenants/ (the same ones `switchyard serve` uses).
"""

import os
import re
import uuid
from pathlib import Path

import pytest
import requests
import yaml
from hubspot import HubSpot
from zoomus import ZoomClient

REPO_ROOT = Path(__file__).resolve().parents[2]
TENANTS_DIR = Path(os.environ.get("SWITCHYARD_TENANTS_DIR", REPO_ROOT / "tenants"))

_ENV_REFERENCE = re.compile(r"^\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?\}$")
_FILE_REFERENCE = re.compile(r"^\$\{file:(.+)\}$")


def resolve_secret(value):
    """Resolves a tenant-file value: `${env:NAME:-fallback}`, `${file:path}` or a literal."""
    if not isinstance(value, str):
        return value
    env = _ENV_REFERENCE.match(value)
    if env:
        name, fallback = env.groups()
        resolved = os.environ.get(name, fallback)
        if resolved is None:
            raise RuntimeError(f"tenant value {value} needs the environment variable {name}")
        return resolved
    file = _FILE_REFERENCE.match(value)
    if file:
        return (TENANTS_DIR / file.group(1)).read_text().strip()
    return value


def load_tenant(name):
    """The tenant file `tenants/<name>.yaml`, parsed."""
    return yaml.safe_load((TENANTS_DIR / f"{name}.yaml").read_text())


def zoom_connector(tenant, business_unit_id=0):
    """The Zoom connector of a tenant's business unit, with its secrets resolved."""
    for unit in tenant["business_units"]:
        if unit["id"] == business_unit_id:
            connector = next(c for c in unit["connectors"] if c["type"] == "zoom")
            return {key: resolve_secret(value) for key, value in connector.items()}
    raise LookupError(f"tenant {tenant['tenant']} has no business unit {business_unit_id}")


@pytest.fixture(scope="session")
def base_url():
    """The sandbox origin, e.g. http://127.0.0.1:41234."""
    url = os.environ.get("SWITCHYARD_SANDBOX_URL")
    if not url:
        pytest.exit("SWITCHYARD_SANDBOX_URL is not set: run the suite through scripts/fidelity", returncode=2)
    return url.rstrip("/")


@pytest.fixture(scope="session")
def inspect(base_url):
    """GET an inspection endpoint under /_sandbox/ and return its JSON."""

    def get(path):
        response = requests.get(f"{base_url}/_sandbox/{path.lstrip('/')}", timeout=10)
        response.raise_for_status()
        return response.json()

    return get


@pytest.fixture(scope="session")
def scenario(inspect):
    """The generated scenario (webinar ids, people, portals) the sandbox serves."""
    return inspect("scenario")


@pytest.fixture(scope="session")
def northwind():
    return load_tenant("northwind")


@pytest.fixture(scope="session")
def northwind_zoom(northwind):
    """Northwind's primary Zoom connector (account, client id and secret)."""
    return zoom_connector(northwind)


@pytest.fixture(scope="session")
def zoom_account(scenario, northwind_zoom):
    """The scenario's data for Northwind's primary Zoom account."""
    for tenant in scenario["tenants"]:
        for account in tenant["zoomAccounts"]:
            if account["credentials"]["accountID"] == northwind_zoom["account_id"]:
                return account
    raise LookupError(f"scenario has no Zoom account {northwind_zoom['account_id']}")


@pytest.fixture(scope="session")
def zoom(base_url, northwind_zoom):
    """zoomus' ZoomClient for Northwind's primary account (fetches its token in the constructor)."""
    client = ZoomClient(
        northwind_zoom["client_id"],
        northwind_zoom["client_secret"],
        northwind_zoom["account_id"],
        base_uri=f"{base_url}/v2",
        oauth_uri=f"{base_url}/oauth/token",
    )
    assert client.config["token"], "the sandbox did not issue a Server-to-Server OAuth token"
    return client


@pytest.fixture(scope="session")
def portal_id(northwind):
    return int(northwind["hubspot"]["portal_id"])


@pytest.fixture(scope="session")
def hubspot(base_url, northwind):
    """HubSpot's SDK with Northwind's private-app token, the sandbox as host."""
    token = resolve_secret(northwind["hubspot"]["access_token"])
    return HubSpot(access_token=token, host=base_url)


@pytest.fixture(scope="session")
def hubspot_developer(base_url, northwind):
    """HubSpot's SDK configured with Northwind's developer API key (sent as `hapikey`)."""
    key = resolve_secret(northwind["hubspot"]["developer_api_key"])
    return HubSpot(api_key=key, host=base_url)


@pytest.fixture(scope="session")
def app_id(northwind):
    return int(northwind["hubspot"]["app_id"])


@pytest.fixture(scope="session")
def portal(inspect, portal_id):
    """A function returning the current simulated state of Northwind's portal."""
    return lambda: inspect(f"hubspot/portals/{portal_id}")


@pytest.fixture
def unique():
    """A short unique suffix, so tests can run in any order against one sandbox."""
    return uuid.uuid4().hex[:10]
