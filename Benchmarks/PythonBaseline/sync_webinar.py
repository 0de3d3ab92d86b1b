"""The do-it-yourself baseline of `switchyard-bench sync-cpu`: one webinar from Zoom into HubSpot
the way a small script would do it with the official clients (zoomus, hubspot-api-client).

It reads the webinar, its registrants and its participants report from Zoom (300 per page),
upserts every registrant as a HubSpot contact by email (batches of 100), creates the webinar's
marketing event, and records registrations and attendance on it by email (batches of 100). It
does less than Switchyard: no exclusion rules, no users or secondary-email checks, no timeline
events, recordings or calls, no ledger (a re-run writes everything again), no audit log, no
retries or rate-limit pacing.

Usage: sync_webinar.py --base-url URL --tenant-file tenants/northwind.yaml --webinar ID
Prints one line: `requests zoom=N hubspot=M contacts=K`.
"""

import argparse
import os
import re
import time
import urllib.parse
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import requests
import yaml
from hubspot import HubSpot
from hubspot.crm.contacts import BatchInputSimplePublicObjectBatchInputUpsert, SimplePublicObjectBatchInputUpsert
from hubspot.marketing.events import (
    BatchInputMarketingEventEmailSubscriber,
    MarketingEventCreateRequestParams,
    MarketingEventEmailSubscriber,
)
from zoomus import ZoomClient

BATCH = 100
SENT = Counter()

_original_send = requests.Session.send


def _counting_send(self, request, **kwargs):
    """Counts every request the clients send (zoomus uses requests; the HubSpot SDK urllib3)."""
    SENT["zoom"] += 1
    return _original_send(self, request, **kwargs)


requests.Session.send = _counting_send


def secret(value, tenants_dir):
    """A tenant-file value: `${env:NAME:-fallback}`, `${file:path}` or a literal."""
    env = re.fullmatch(r"\$\{env:(\w+)(?::-(.*))?\}", str(value))
    if env:
        return os.environ.get(env.group(1), env.group(2))
    file = re.fullmatch(r"\$\{file:(.+)\}", str(value))
    return (tenants_dir / file.group(1)).read_text().strip() if file else value


def instance_path(uuid):
    """An instance UUID as Zoom wants it in a path: percent-encoded (UUIDs hold `/`, `+`, `=`),
    twice when it begins with `/` or contains `//`. zoomus puts ids into paths unencoded."""
    once = urllib.parse.quote(uuid, safe="")
    return urllib.parse.quote(once, safe="") if uuid.startswith("/") or "//" in uuid else once


def pages(call, key, **params):
    """Every item of a paged Zoom list (next_page_token)."""
    token = ""
    while True:
        response = call(page_size=300, next_page_token=token, **params)
        response.raise_for_status()
        body = response.json()
        yield from body.get(key, [])
        token = body.get("next_page_token") or ""
        if not token:
            return


def chunks(items, size=BATCH):
    return [items[start : start + size] for start in range(0, len(items), size)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--tenant-file", required=True)
    parser.add_argument("--webinar", required=True)
    args = parser.parse_args()
    tenant_file = Path(args.tenant_file)
    tenant = yaml.safe_load(tenant_file.read_text())
    zoom_config = tenant["business_units"][0]["connectors"][0]
    zoom = ZoomClient(
        zoom_config["client_id"],
        secret(zoom_config["client_secret"], tenant_file.parent),
        zoom_config["account_id"],
        base_uri=f"{args.base_url}/v2",
        oauth_uri=f"{args.base_url}/oauth/token",
    )
    hubspot = HubSpot(access_token=secret(tenant["hubspot"]["access_token"], tenant_file.parent), host=args.base_url)

    webinar = zoom.webinar.get(id=args.webinar).json()
    registrants = list(pages(zoom.webinar.get_registrants, "registrants", id=args.webinar, status="approved"))
    instance = instance_path(webinar["uuid"]) if webinar.get("uuid") else args.webinar
    participants = list(
        pages(zoom.report.get_webinar_participants_report, "participants", id=instance)
    ) if webinar.get("start_time") else []

    people = {}
    for registrant in registrants:
        email = (registrant.get("email") or "").lower()
        if email:
            people[email] = {
                "firstname": registrant.get("first_name", ""),
                "lastname": registrant.get("last_name", ""),
                "company": registrant.get("org", ""),
            }
    for batch in chunks(sorted(people.items())):
        hubspot.crm.contacts.batch_api.upsert(
            batch_input_simple_public_object_batch_input_upsert=BatchInputSimplePublicObjectBatchInputUpsert(
                inputs=[SimplePublicObjectBatchInputUpsert(id=email, id_property="email", properties=p) for email, p in batch]
            )
        )
        SENT["hubspot"] += 1

    start = datetime.fromisoformat(webinar["start_time"].replace("Z", "+00:00"))
    account = zoom_config["account_id"]
    hubspot.marketing.events.basic_api.create(
        marketing_event_create_request_params=MarketingEventCreateRequestParams(
            external_account_id=account,
            external_event_id=str(webinar["id"]),
            event_name=webinar.get("topic", ""),
            event_organizer=tenant.get("display_name", ""),
            event_type="WEBINAR",
            start_date_time=start,
            end_date_time=start + timedelta(minutes=webinar.get("duration", 60)),
            custom_properties=[],
        )
    )
    SENT["hubspot"] += 1

    now_ms = int(time.time() * 1000)
    attended = sorted({(p.get("user_email") or "").lower() for p in participants} - {""})
    for state, emails in (("register", sorted(people)), ("attend", attended)):
        for batch in chunks(emails):
            hubspot.marketing.events.add_event_attendees_api.record_by_contact_emails(
                external_event_id=str(webinar["id"]),
                subscriber_state=state,
                batch_input_marketing_event_email_subscriber=BatchInputMarketingEventEmailSubscriber(
                    inputs=[
                        MarketingEventEmailSubscriber(
                            email=email, interaction_date_time=now_ms, properties={}, contact_properties={}
                        )
                        for email in batch
                    ]
                ),
                external_account_id=account,
            )
            SENT["hubspot"] += 1
    print(f"requests zoom={SENT['zoom']} hubspot={SENT['hubspot']} contacts={len(people)}")


if __name__ == "__main__":
    main()
