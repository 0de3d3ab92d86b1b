"""hubspot-api-client (HubSpot's own Python SDK, used unmodified) against the simulated HubSpot API.

The SDK's generated models validate what the sandbox returns (required fields, enum values), and
each test cross-checks the simulated portal state through /_sandbox/hubspot/portals/{id}.
"""

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from hubspot.crm.contacts import (
    BatchInputSimplePublicObjectBatchInputUpsert,
    BatchReadInputSimplePublicObjectId,
    Filter,
    FilterGroup,
    PublicObjectSearchRequest,
    SimplePublicObjectBatchInputUpsert,
    SimplePublicObjectId,
)
from hubspot.crm.objects.calls import (
    AssociationSpec,
    PublicAssociationsForObject,
    PublicObjectId,
    SimplePublicObjectInputForCreate,
)
from hubspot.crm.properties import PropertyCreate, PropertyGroupCreate
from hubspot.crm.timeline import (
    BatchInputTimelineEvent,
    TimelineEvent,
    TimelineEventTemplateCreateRequest,
    TimelineEventTemplateToken,
)
from hubspot.marketing.events import (
    BatchInputMarketingEventEmailSubscriber,
    MarketingEventCreateRequestParams,
    MarketingEventEmailSubscriber,
)

CALL_TO_CONTACT = 194  # HUBSPOT_DEFINED association type id of call → contact


def seeded_contacts(scenario, portal_id):
    for tenant in scenario["tenants"]:
        if tenant["hubSpot"]["credentials"]["portalID"] == portal_id:
            return tenant["hubSpot"]["contacts"]
    pytest.fail(f"the scenario has no portal {portal_id}")


def search_by(hubspot, property_name, value):
    request = PublicObjectSearchRequest(
        filter_groups=[FilterGroup(filters=[Filter(property_name=property_name, operator="EQ", value=value)])],
        properties=["email", "firstname", "lastname", "hs_additional_emails"],
        limit=10,
        after="0",
        sorts=[],
    )
    return hubspot.crm.contacts.search_api.do_search(public_object_search_request=request)


def upsert_contacts(hubspot, people):
    inputs = [
        SimplePublicObjectBatchInputUpsert(id=email, id_property="email", properties=properties)
        for email, properties in people.items()
    ]
    return hubspot.crm.contacts.batch_api.upsert(
        batch_input_simple_public_object_batch_input_upsert=BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs)
    )


def test_contacts_batch_upsert_then_batch_read_by_email(hubspot, portal, unique):
    first, second = f"ada-{unique}@example.org", f"grace-{unique}@example.org"
    created = upsert_contacts(
        hubspot,
        {first: {"firstname": "Ada", "lastname": "Lovelace"}, second: {"firstname": "Grace", "lastname": "Hopper"}},
    )
    assert created.status == "COMPLETE"
    assert sorted(result.properties["email"] for result in created.results) == [first, second]
    ids = {result.properties["email"]: result.id for result in created.results}

    updated = upsert_contacts(hubspot, {first: {"lastname": "King"}})
    assert [result.id for result in updated.results] == [ids[first]], "an upsert by email must update, not create"

    read = hubspot.crm.contacts.batch_api.read(
        batch_read_input_simple_public_object_id=BatchReadInputSimplePublicObjectId(
            id_property="email",
            inputs=[SimplePublicObjectId(id=first), SimplePublicObjectId(id=second)],
            properties=["email", "firstname", "lastname"],
            properties_with_history=["lastname"],
        ),
        archived=False,
    )
    by_email = {result.properties["email"]: result for result in read.results}
    assert by_email[first].id == ids[first]
    assert by_email[first].properties["lastname"] == "King"
    assert by_email[second].properties["firstname"] == "Grace"
    history = by_email[first].properties_with_history["lastname"]
    assert history[0].value == "King", "history starts with the current value"
    assert history[0].source_type and history[0].timestamp

    state = portal()
    stored = {contact["properties"]["email"]: contact for contact in state["contacts"]}
    assert stored[first]["id"] == ids[first]
    assert stored[first]["properties"]["lastname"] == "King"


def test_contacts_search_by_email_and_by_additional_email(hubspot, scenario, portal_id):
    contact = next(c for c in seeded_contacts(scenario, portal_id) if c["additionalEmails"])
    secondary = contact["additionalEmails"][0]

    by_primary = search_by(hubspot, "email", contact["email"])
    assert by_primary.total == 1
    assert by_primary.results[0].properties["email"] == contact["email"]
    assert by_primary.results[0].properties["firstname"] == contact["firstName"]

    by_secondary = search_by(hubspot, "hs_additional_emails", secondary)
    assert by_secondary.total == 1
    assert by_secondary.results[0].id == by_primary.results[0].id
    assert secondary in by_secondary.results[0].properties["hs_additional_emails"].split(";")

    nobody = search_by(hubspot, "email", "nobody-at-all@example.invalid")
    assert nobody.total == 0 and nobody.results == []


def test_properties_create_get_and_group(hubspot, portal, unique):
    group_name = f"zoom_webinars_{unique}"
    group = hubspot.crm.properties.groups_api.create(
        object_type="contacts",
        property_group_create=PropertyGroupCreate(name=group_name, label="Zoom webinars", display_order=-1),
    )
    assert group.name == group_name and group.label == "Zoom webinars"

    name = f"zoom_attended_{unique}"
    created = hubspot.crm.properties.core_api.create(
        object_type="contacts",
        property_create=PropertyCreate(
            name=name, label="Zoom webinars attended", type="number", field_type="number", group_name=group_name
        ),
    )
    assert (created.name, created.type, created.field_type, created.group_name) == (name, "number", "number", group_name)

    fetched = hubspot.crm.properties.core_api.get_by_name(object_type="contacts", property_name=name)
    assert fetched.label == "Zoom webinars attended"
    assert fetched.group_name == group_name

    groups = hubspot.crm.properties.groups_api.get_all(object_type="contacts")
    assert group_name in {g.name for g in groups.results}
    assert name in {p["name"] for p in portal()["properties"]["contacts"]}


def test_batch_upsert_with_an_unknown_property_is_a_207_partial_failure(hubspot, portal, unique):
    good, bad = f"good-{unique}@example.org", f"bad-{unique}@example.org"
    inputs = [
        SimplePublicObjectBatchInputUpsert(id=good, id_property="email", properties={"firstname": "Good"}),
        SimplePublicObjectBatchInputUpsert(id=bad, id_property="email", properties={f"no_such_{unique}": "1"}),
    ]
    reply, status, _ = hubspot.crm.contacts.batch_api.upsert_with_http_info(
        batch_input_simple_public_object_batch_input_upsert=BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs)
    )
    assert status == 207
    assert [result.properties["email"] for result in reply.results] == [good]
    assert reply.num_errors == 1
    error = reply.errors[0]
    assert error.category == "VALIDATION_ERROR"
    assert [detail.code for detail in error.errors] == ["PROPERTY_DOESNT_EXIST"]
    assert error.context["propertyName"] == [f"no_such_{unique}"]

    emails = {contact["properties"]["email"] for contact in portal()["contacts"]}
    assert good in emails and bad not in emails


def test_marketing_event_create_attendance_and_counters(hubspot, portal, unique):
    external_event_id = f"webinar-{unique}"
    external_account_id = "nw-zoom-account"
    start = datetime(2030, 3, 4, 15, 0, tzinfo=timezone.utc)
    created = hubspot.marketing.events.basic_api.create(
        marketing_event_create_request_params=MarketingEventCreateRequestParams(
            external_account_id=external_account_id,
            external_event_id=external_event_id,
            event_name="Fidelity webinar",
            event_organizer="Northwind Traders",
            event_type="WEBINAR",
            start_date_time=start,
            end_date_time=start + timedelta(hours=1),
            custom_properties=[],
        )
    )
    assert created.event_name == "Fidelity webinar"
    assert created.object_id
    assert created.start_date_time == start

    details = hubspot.marketing.events.basic_api.get_details(
        external_event_id=external_event_id, external_account_id=external_account_id
    )
    assert details.object_id == created.object_id
    assert details.external_event_id == external_event_id
    assert details.event_organizer == "Northwind Traders"

    registered, attended = f"reg-{unique}@example.org", f"att-{unique}@example.org"
    now_ms = int(time.time() * 1000)

    def record(state, emails, properties=None):
        inputs = [
            MarketingEventEmailSubscriber(
                email=email, interaction_date_time=now_ms, properties=properties or {}, contact_properties={}
            )
            for email in emails
        ]
        return hubspot.marketing.events.add_event_attendees_api.record_by_contact_emails(
            external_event_id=external_event_id,
            subscriber_state=state,
            batch_input_marketing_event_email_subscriber=BatchInputMarketingEventEmailSubscriber(inputs=inputs),
            external_account_id=external_account_id,
        )

    register = record("register", [registered, attended])
    assert sorted(r.email for r in register.results) == sorted([registered, attended])
    assert all(isinstance(r.vid, int) for r in register.results)
    attend = record("attend", [attended], {"joinedAt": str(now_ms), "leftAt": str(now_ms + 1_800_000)})
    assert [r.email for r in attend.results] == [attended]

    counters = hubspot.marketing.events.retrieve_participant_state_api.get_participations_counters_by_event_external_id(
        external_account_id=external_account_id, external_event_id=external_event_id
    )
    assert (counters.registered, counters.attended, counters.cancelled) == (2, 1, 0)
    details = hubspot.marketing.events.basic_api.get_details(
        external_event_id=external_event_id, external_account_id=external_account_id
    )
    assert (details.registrants, details.attendees, details.cancellations) == (2, 1, 0)

    state = portal()
    event = next(e for e in state["marketingEvents"] if e["externalEventID"] == external_event_id)
    assert event["objectID"] == created.object_id
    emails = {c["properties"]["email"] for c in state["contacts"]}
    assert {registered, attended} <= emails, "email-create creates missing contacts"


def test_timeline_template_and_batch_events(hubspot, hubspot_developer, app_id, portal, unique):
    template = hubspot_developer.crm.timeline.templates_api.create(
        app_id=app_id,
        timeline_event_template_create_request=TimelineEventTemplateCreateRequest(
            name=f"Attended webinar {unique}",
            object_type="contacts",
            header_template="Attended {{webinarName}}",
            detail_template="Stayed {{minutes}} minutes",
            tokens=[
                TimelineEventTemplateToken(name="webinarName", label="Webinar", type="string", options=[]),
                TimelineEventTemplateToken(name="minutes", label="Minutes", type="number", options=[]),
            ],
        ),
    )
    assert template.id and template.object_type == "contacts"
    assert {t.name for t in template.tokens} == {"webinarName", "minutes"}
    templates = hubspot_developer.crm.timeline.templates_api.get_all(app_id=app_id)
    assert template.id in {t.id for t in templates.results}

    email = f"timeline-{unique}@example.org"
    contact_id = upsert_contacts(hubspot, {email: {"firstname": "Tim"}}).results[0].id
    event_id = f"attended-{unique}"
    batch = BatchInputTimelineEvent(
        inputs=[
            TimelineEvent(
                id=event_id,
                event_template_id=template.id,
                email=email,
                tokens={"webinarName": "Fidelity webinar", "minutes": "42"},
            )
        ]
    )
    data, status, _ = hubspot.crm.timeline.events_api.create_batch_with_http_info(batch_input_timeline_event=batch)
    assert (data, status) == (None, 201), "the SDK declares no body for batch create; the status tells"

    again = hubspot.crm.timeline.events_api.create_batch_with_http_info(
        batch_input_timeline_event=batch, _preload_content=False
    )
    assert again.status == 207, "an event id already used is refused per item, never stored twice"
    reply = json.loads(again.data)
    assert reply["results"] == [] and reply["numErrors"] == 1
    assert "already exists" in reply["errors"][0]["message"]

    fetched = hubspot.crm.timeline.events_api.get_by_id(event_template_id=template.id, event_id=event_id)
    assert fetched.object_id == contact_id
    assert fetched.tokens == {"webinarName": "Fidelity webinar", "minutes": "42"}

    events = [e for e in portal()["timelineEvents"] if e["id"] == event_id]
    assert len(events) == 1, "the same event id twice stores one event"


def test_calls_create_with_contact_association(hubspot, portal, unique):
    email = f"call-{unique}@example.org"
    contact_id = upsert_contacts(hubspot, {email: {"firstname": "Cal"}}).results[0].id
    call = hubspot.crm.objects.calls.basic_api.create(
        simple_public_object_input_for_create=SimplePublicObjectInputForCreate(
            properties={
                "hs_timestamp": "2030-03-04T15:00:00Z",
                "hs_call_title": "Webinar recording",
                "hs_call_body": "Transcript follows",
                "hs_call_duration": "3600000",
            },
            associations=[
                PublicAssociationsForObject(
                    to=PublicObjectId(id=contact_id),
                    types=[AssociationSpec(association_category="HUBSPOT_DEFINED", association_type_id=CALL_TO_CONTACT)],
                )
            ],
        )
    )
    assert call.id
    assert call.properties["hs_call_title"] == "Webinar recording"

    fetched = hubspot.crm.objects.calls.basic_api.get_by_id(
        call_id=call.id, properties=["hs_call_title", "hs_call_body"], associations=["contacts"]
    )
    assert fetched.properties["hs_call_body"] == "Transcript follows"
    assert [a.id for a in fetched.associations["contacts"].results] == [contact_id]

    stored = next(c for c in portal()["calls"] if c["id"] == call.id)
    assert [a["toObjectID"] for a in stored["associations"]["contacts"]] == [contact_id]


def test_users_list_through_the_sdk(hubspot, portal):
    page = hubspot.settings.users.users_api.get_page(limit=100)
    expected = {user["id"]: user["email"] for user in portal()["users"]}
    assert expected, "the scenario gives the portal users"
    assert {user.id: user.email for user in page.results} == expected

    one_id = next(iter(expected))
    user = hubspot.settings.users.users_api.get_by_id(user_id=one_id)
    assert user.email == expected[one_id]
