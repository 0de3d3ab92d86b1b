"""Microsoft's msgraph-sdk (Python, unmodified) against the simulated Microsoft Graph v1.0.

Every endpoint the Teams connector uses is called through the SDK's generated request builders;
expectations come from the generated scenario (/_sandbox/scenario), never from the sandbox's own
answers. See graph_sandbox.py for the sandbox process and the token credential.
"""

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
import requests
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.subscription import Subscription
from msgraph.generated.models.virtual_event_registration import VirtualEventRegistration
from msgraph.generated.models.virtual_event_registration_custom_question import VirtualEventRegistrationCustomQuestion
from msgraph.generated.models.virtual_event_registration_question_answer import VirtualEventRegistrationQuestionAnswer
from msgraph.generated.solutions.virtual_events.webinars.webinars_request_builder import WebinarsRequestBuilder
from msgraph.generated.users.item.online_meetings.online_meetings_request_builder import OnlineMeetingsRequestBuilder

from graph_sandbox import NotificationReceiver, SandboxClientCredential, graph_client, request_token, start_default_sandbox


# One event loop for the module: the SDK's HTTP client keeps connections bound to it.
_LOOP = asyncio.new_event_loop()


def run(coroutine):
    return _LOOP.run_until_complete(coroutine)


@pytest.fixture(scope="module")
def graph_origin():
    process, origin = start_default_sandbox()
    yield origin
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def teams(graph_origin):
    """The scenario's Teams (Entra) tenant."""
    scenario = requests.get(f"{graph_origin}/_sandbox/scenario", timeout=10).json()
    tenants = [graph for tenant in scenario["tenants"] for graph in tenant.get("graphTenants", [])]
    assert tenants, "the default scenario has a Teams unit"
    return tenants[0]


@pytest.fixture(scope="module")
def credential(graph_origin, teams):
    return SandboxClientCredential(graph_origin, teams["credentials"])


@pytest.fixture
def graph(graph_origin, credential):
    return graph_client(graph_origin, credential)


def webinar_named(teams, key):
    webinar_id = teams["notableWebinars"][key]
    return next(w for w in teams["webinars"] if w["id"] == webinar_id)


async def every_page(builder, first):
    """Follows @odata.nextLink with the SDK's with_url, collecting every item."""
    items = list(first.value)
    link = first.odata_next_link
    while link:
        page = await builder.with_url(link).get()
        items += page.value
        link = page.odata_next_link
    return items


def test_token_endpoint_answers_client_credentials_and_aadsts_errors(graph_origin, teams):
    tenant = teams["credentials"]
    good = request_token(graph_origin, tenant)
    assert good.status_code == 200
    body = good.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0 and body["access_token"]

    wrong = request_token(graph_origin, tenant, secret="not-the-secret")
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"
    assert wrong.json()["error_description"].startswith("AADSTS7000215")
    assert wrong.json()["error_codes"] == [7000215]


def test_webinars_list_pages_with_top_and_next_link(graph, teams):
    async def scenario():
        query = WebinarsRequestBuilder.WebinarsRequestBuilderGetQueryParameters(top=2)
        first = await graph.solutions.virtual_events.webinars.get(RequestConfiguration(query_parameters=query))
        assert len(first.value) == 2 and first.odata_next_link
        return await every_page(graph.solutions.virtual_events.webinars, first)

    webinars = run(scenario())
    assert sorted(w.id for w in webinars) == sorted(w["id"] for w in teams["webinars"])


def test_organizer_webinars_through_get_by_user_id_and_role(graph, graph_origin, teams):
    organizer = teams["users"][0]
    builder = graph.solutions.virtual_events.webinars.get_by_user_id_and_role_with_user_id_with_role(
        "organizer", organizer["id"])
    # std-uritemplate (2.0.x, which kiota uses) drops the literal comma between the function's
    # parameters (`userId='…'role='organizer'`), which is not OData; the documented URL is sent
    # through the same request builder instead.
    documented = (
        f"{graph_origin}/v1.0/solutions/virtualEvents/webinars/"
        f"getByUserIdAndRole(userId='{organizer['id']}',role='organizer')")
    page = run(builder.with_url(documented).get())
    expected = {w["id"] for w in teams["webinars"] if w["organizerID"] == organizer["id"]}
    assert {w.id for w in page.value} == expected
    webinar = run(graph.solutions.virtual_events.webinars.by_virtual_event_webinar_id(next(iter(expected))).get())
    assert webinar.id in expected and webinar.start_date_time.time_zone == "UTC"


def test_registrations_carry_status_dates_and_names(graph, teams):
    showcase = webinar_named(teams, "showcase")
    builder = graph.solutions.virtual_events.webinars.by_virtual_event_webinar_id(showcase["id"]).registrations
    registrations = run(every_page(builder, run(builder.get())))
    by_id = {r.id: r for r in registrations}
    assert set(by_id) == {r["id"] for r in showcase["registrations"]}
    for expected in showcase["registrations"]:
        got = by_id[expected["id"]]
        assert (got.email, got.first_name, got.last_name) == (expected["email"], expected["firstName"], expected["lastName"])
        assert got.status.value == expected["status"]
        assert got.registration_date_time is not None
        assert (got.cancelation_date_time is not None) == (expected["status"] == "canceled")
    single = run(builder.by_virtual_event_registration_id(showcase["registrations"][1]["id"]).get())
    assert single.email == showcase["registrations"][1]["email"]


def test_registration_create_and_its_clear_failures(graph, teams, unique):
    upcoming = webinar_named(teams, "upcoming")
    builder = graph.solutions.virtual_events.webinars.by_virtual_event_webinar_id(upcoming["id"]).registrations
    body = VirtualEventRegistration(first_name="Fidelity", last_name="Check", email=f"fidelity.{unique}@example.com")
    created = run(builder.post(body))
    assert created.id and created.status.value == "registered" and created.email == body.email

    with pytest.raises(ODataError) as duplicate:
        run(builder.post(body))
    assert duplicate.value.response_status_code == 409
    run(builder.by_virtual_event_registration_id(created.id).cancel.post())
    canceled = run(builder.by_virtual_event_registration_id(created.id).get())
    assert canceled.status.value == "canceled" and canceled.cancelation_date_time is not None

    organizer = next(u for u in teams["users"] if u["id"] == upcoming["organizerID"])
    with pytest.raises(ODataError) as own:
        run(builder.post(VirtualEventRegistration(first_name="Org", last_name="Anizer", email=organizer["mail"])))
    assert own.value.response_status_code == 400 and "organizer" in own.value.error.message
    assert own.value.error.inner_error.request_id

    required = webinar_named(teams, "requiredQuestion")
    config = graph.solutions.virtual_events.webinars.by_virtual_event_webinar_id(required["id"]).registration_configuration
    assert run(config.get()).registration_web_url
    questions = run(config.questions.get()).value
    custom = next(q for q in questions if isinstance(q, VirtualEventRegistrationCustomQuestion))
    assert custom.is_required and custom.answer_choices
    required_builder = graph.solutions.virtual_events.webinars.by_virtual_event_webinar_id(required["id"]).registrations
    person = VirtualEventRegistration(first_name="Q", last_name="Less", email=f"q.{unique}@example.com")
    with pytest.raises(ODataError) as unanswered:
        run(required_builder.post(person))
    assert unanswered.value.response_status_code == 400
    assert unanswered.value.error.code == "BadRequest" and custom.display_name in unanswered.value.error.message
    person.registration_question_answers = [
        VirtualEventRegistrationQuestionAnswer(question_id=custom.id, value=custom.answer_choices[0])]
    assert run(required_builder.post(person)).status.value == "registered"


def test_sessions_attendance_reports_and_records_with_intervals(graph, teams):
    showcase = webinar_named(teams, "showcase")
    session = showcase["sessions"][0]
    webinar = graph.solutions.virtual_events.webinars.by_virtual_event_webinar_id(showcase["id"])
    sessions = run(webinar.sessions.get()).value
    assert [s.id for s in sessions] == [session["id"]]
    assert run(webinar.sessions.by_virtual_event_session_id(session["id"]).get()).join_web_url == session["joinWebUrl"]
    reports_builder = webinar.sessions.by_virtual_event_session_id(session["id"]).attendance_reports
    reports = run(reports_builder.get()).value
    report = session["attendanceReports"][0]
    assert [r.id for r in reports] == [report["id"]]
    single = run(reports_builder.by_meeting_attendance_report_id(report["id"]).get())
    assert single.total_participant_count == len(report["records"])
    records_builder = reports_builder.by_meeting_attendance_report_id(report["id"]).attendance_records
    records = run(every_page(records_builder, run(records_builder.get())))
    assert len(records) == len(report["records"])
    expected = {r["id"]: r for r in report["records"]}
    for record in records:
        want = expected[record.id]
        assert record.email_address == want.get("emailAddress")
        assert record.registration_id == want.get("registrationId")
        assert len(record.attendance_intervals) == len(want["intervals"])
        assert record.total_attendance_in_seconds == sum(i.duration_in_seconds for i in record.attendance_intervals)
        assert record.identity.display_name == want["displayName"]
    assert any(r.email_address is None and r.registration_id for r in records), "an attendee matched only by registrationId"
    assert any(len(r.attendance_intervals) > 1 for r in records), "someone left and rejoined"


def test_recordings_and_transcripts_of_the_session_meeting(graph, teams):
    showcase = webinar_named(teams, "showcase")
    session = showcase["sessions"][0]
    organizer = next(u for u in teams["users"] if u["id"] == showcase["organizerID"])
    assert run(graph.users.by_user_id(organizer["mail"]).get()).id == organizer["id"]
    # The session's online meeting has an id of its own: found by the session's join URL.
    meetings = graph.users.by_user_id(showcase["organizerID"]).online_meetings
    query = OnlineMeetingsRequestBuilder.OnlineMeetingsRequestBuilderGetQueryParameters(
        filter=f"JoinWebUrl eq '{session['joinWebUrl']}'")
    found = run(meetings.get(RequestConfiguration(query_parameters=query))).value
    assert [m.id for m in found] == [session["onlineMeetingID"]]
    assert found[0].join_web_url == session["joinWebUrl"]
    meeting = meetings.by_online_meeting_id(found[0].id)
    recordings = run(meeting.recordings.get()).value
    assert [r.id for r in recordings] == [r["id"] for r in session["recordings"]]
    assert recordings[0].recording_content_url.endswith(f"/recordings/{recordings[0].id}/content")
    assert run(meeting.recordings.by_call_recording_id(recordings[0].id).get()).meeting_id == session["onlineMeetingID"]
    assert run(meeting.recordings.by_call_recording_id(recordings[0].id).content.get())
    transcripts = run(meeting.transcripts.get()).value
    assert [t.id for t in transcripts] == [t["id"] for t in session["transcripts"]]
    assert run(meeting.transcripts.by_call_transcript_id(transcripts[0].id).get()).transcript_content_url
    vtt = run(meeting.transcripts.by_call_transcript_id(transcripts[0].id).content.get())
    assert vtt.decode().startswith("WEBVTT")


def test_subscriptions_validate_notify_with_client_state_and_lifecycle(graph, graph_origin, teams, unique):
    upcoming = webinar_named(teams, "upcoming")
    receiver = NotificationReceiver()
    try:
        expires = datetime.now(timezone.utc) + timedelta(hours=12)
        created = run(graph.subscriptions.post(Subscription(
            change_type="created,updated", notification_url=receiver.url, lifecycle_notification_url=receiver.url,
            resource=f"solutions/virtualEvents/webinars/{upcoming['id']}/registrations",
            expiration_date_time=expires, client_state=f"secret-{unique}")))
        assert created.id and len(receiver.validations) == 2
        assert run(graph.subscriptions.by_subscription_id(created.id).get()).client_state == f"secret-{unique}"
        assert created.id in [s.id for s in run(graph.subscriptions.get()).value]

        registered = requests.post(
            f"{graph_origin}/_sandbox/graph/webinars/{upcoming['id']}/registrations",
            json={"firstName": "Notified", "lastName": "Person", "email": f"notified.{unique}@example.com"}, timeout=10)
        assert registered.status_code == 200
        notification = receiver.wait_for(lambda n: n.get("resourceData", {}).get("id") == registered.json()["id"])
        assert notification and notification["clientState"] == f"secret-{unique}"
        assert notification["changeType"] == "created" and notification["subscriptionId"] == created.id
        assert notification["tenantId"] == teams["credentials"]["tenantID"]

        renewed = run(graph.subscriptions.by_subscription_id(created.id).patch(
            Subscription(expiration_date_time=expires + timedelta(hours=6))))
        assert renewed.expiration_date_time > created.expiration_date_time
        with pytest.raises(ODataError) as too_long:
            run(graph.subscriptions.by_subscription_id(created.id).patch(
                Subscription(expiration_date_time=expires + timedelta(days=3))))
        assert too_long.value.response_status_code == 400

        sent = requests.post(
            f"{graph_origin}/_sandbox/graph/subscriptions/{created.id}/lifecycle",
            json={"lifecycleEvent": "reauthorizationRequired"}, timeout=10)
        assert sent.status_code == 202
        lifecycle = receiver.wait_for(lambda n: n.get("lifecycleEvent") == "reauthorizationRequired")
        assert lifecycle and lifecycle["subscriptionId"] == created.id
        run(graph.subscriptions.by_subscription_id(created.id).reauthorize.post())
        run(graph.subscriptions.by_subscription_id(created.id).delete())
        assert created.id not in [s.id for s in run(graph.subscriptions.get()).value]
    finally:
        receiver.close()


def test_subscription_fails_when_the_token_is_not_echoed(graph, teams):
    receiver = NotificationReceiver(echo_token=False)
    try:
        with pytest.raises(ODataError) as failed:
            run(graph.subscriptions.post(Subscription(
                change_type="created", notification_url=receiver.url,
                resource=f"solutions/virtualEvents/webinars/{teams['webinars'][0]['id']}/sessions",
                expiration_date_time=datetime.now(timezone.utc) + timedelta(hours=1))))
        assert failed.value.response_status_code == 400 and failed.value.error.code == "ValidationError"
    finally:
        receiver.close()


def test_throttled_requests_are_retried_by_the_sdk_after_retry_after(graph, graph_origin, teams):
    url = f"{graph_origin}/_sandbox/graph/throttling"
    saved = requests.get(url, timeout=10).json()
    requests.put(url, json={"requestsPerWindow": 1, "windowSeconds": 1, "serviceUnavailableRetryAfterSeconds": 1}, timeout=10)
    try:
        async def twice():
            webinar = graph.solutions.virtual_events.webinars.by_virtual_event_webinar_id(teams["webinars"][0]["id"])
            return [await webinar.get(), await webinar.get(), await webinar.get()]

        assert all(w.id == teams["webinars"][0]["id"] for w in run(twice()))
    finally:
        requests.put(url, json=saved, timeout=10)
    counters = requests.get(f"{graph_origin}/_sandbox/graph/counters", timeout=10).json()
    assert counters["byStatus"].get("429", 0) >= 1, "the sandbox answered 429 and the SDK retried"
