"""zoomus (Zoom's community Python client, used unmodified) against the simulated Zoom API.

Every expectation comes from the generated scenario (/_sandbox/scenario), never from the sandbox's
own answers, so a sandbox that drifts from the scenario or from Zoom's shapes fails here.
"""

from urllib.parse import quote

import pytest


def ok_json(response, status=200):
    """The JSON body of a zoomus response, after checking its status."""
    assert response.status_code == status, f"{response.request.method} {response.url}: {response.status_code} {response.text}"
    return response.json()


def double_encoded(uuid):
    """A Zoom instance UUID as the path needs it: double-encoded when it starts with / or has //."""
    once = quote(uuid, safe="")
    return quote(once, safe="") if uuid.startswith("/") or "//" in uuid else once


def past_webinars(account):
    return [w for w in account["webinars"] if w["instances"]]


def attended_instance(account, predicate=lambda participant: True):
    """(webinar, instance) of a past webinar whose latest instance has a matching participant."""
    for webinar in past_webinars(account):
        instance = latest_instance(webinar)
        if any(predicate(p) for p in instance["participants"]):
            return webinar, instance
    pytest.fail("the scenario has no past webinar with such a participant")


def latest_instance(webinar):
    return max(webinar["instances"], key=lambda instance: instance["startTime"])


def test_users_list_pages_through_every_user(zoom, zoom_account):
    expected = sorted(user["email"] for user in zoom_account["users"])
    assert len(expected) >= 2, "the scenario should give the account several users"

    first = ok_json(zoom.user.list(page_size=1))
    assert first["page_size"] == 1
    assert first["total_records"] == len(expected)
    assert len(first["users"]) == 1
    assert first["next_page_token"], "a partial page must carry next_page_token"

    emails = [user["email"] for user in first["users"]]
    token = first["next_page_token"]
    while token:
        page = ok_json(zoom.user.list(page_size=1, next_page_token=token))
        emails += [user["email"] for user in page["users"]]
        token = page.get("next_page_token")
    assert sorted(emails) == expected

    everyone = ok_json(zoom.user.list(page_size=300))
    by_email = {user["email"]: user for user in everyone["users"]}
    for user in zoom_account["users"]:
        listed = by_email[user["email"]]
        assert listed["id"] == user["id"]
        assert listed["first_name"] == user["firstName"]
        assert listed["last_name"] == user["lastName"]
        assert listed["type"] == user["type"]


def test_webinar_list_for_a_host_returns_its_webinars(zoom, zoom_account):
    host = zoom_account["users"][0]
    hosted = {w["id"]: w for w in zoom_account["webinars"] if w["hostID"] == host["id"]}
    assert hosted, "the first host should have webinars"

    body = ok_json(zoom.webinar.list(user_id=host["email"], page_size=300))
    listed = {w["id"]: w for w in body["webinars"]}
    assert body["total_records"] == len(body["webinars"])
    assert set(listed) <= set(hosted)
    assert listed, "a host's list must include its scheduled webinars"
    for webinar_id, webinar in listed.items():
        assert webinar["uuid"] == hosted[webinar_id]["uuid"]
        assert webinar["topic"] == hosted[webinar_id]["topic"]
        assert webinar["host_id"] == host["id"]

    same = ok_json(zoom.webinar.list(user_id=host["id"], page_size=300))
    assert {w["id"] for w in same["webinars"]} == set(listed)


def test_webinar_get_returns_settings_and_host(zoom, zoom_account):
    webinar = zoom_account["webinars"][0]
    body = ok_json(zoom.webinar.get(id=webinar["id"]))
    assert body["id"] == webinar["id"]
    assert body["uuid"] == webinar["uuid"]
    assert body["topic"] == webinar["topic"]
    assert body["host_id"] == webinar["hostID"]
    assert body["host_email"] == webinar["hostEmail"]
    assert body["duration"] == webinar["durationMinutes"]
    assert body["settings"]["approval_type"] == webinar["approvalType"]
    assert body["settings"]["registration_type"] == webinar["registrationType"]
    assert body["join_url"].startswith("http")
    if webinar["approvalType"] != 2:
        assert body["registration_url"].startswith("http")


def test_webinar_get_of_unknown_id_is_zoom_error_3001(zoom, zoom_account):
    unknown = 89999999999
    assert unknown not in {w["id"] for w in zoom_account["webinars"]}
    response = zoom.webinar.get(id=unknown)
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == 3001
    assert str(unknown) in body["message"]


def test_registrants_list_matches_the_scenario(zoom, zoom_account):
    webinar = max(zoom_account["webinars"], key=lambda w: len(w["registrants"]))
    approved = {r["email"]: r for r in webinar["registrants"] if r["status"] == "approved" and not r["cancelled"]}
    assert approved

    body = ok_json(zoom.webinar.get_registrants(id=webinar["id"], status="approved", page_size=300))
    listed = {r["email"]: r for r in body["registrants"]}
    assert body["total_records"] == len(listed)
    assert set(listed) == set(approved)
    for email, registrant in listed.items():
        assert registrant["id"] == approved[email]["id"]
        assert registrant["first_name"] == approved[email]["firstName"]
        assert registrant["status"] == "approved"


def test_register_a_new_registrant_and_see_it_listed(zoom, zoom_account, unique):
    webinar = next(
        w
        for w in zoom_account["webinars"]
        if not w["instances"]
        and w["approvalType"] == 0
        and not w["isZoomEvents"]
        and not any(q["required"] for q in w["customQuestions"])
        and not any(q["required"] for q in w["questions"])
    )
    email = f"fidelity-{unique}@example.org"

    created = ok_json(
        zoom.webinar.register(id=webinar["id"], email=email, first_name="Fidelity", last_name="Check"), status=201
    )
    assert created["id"] == webinar["id"]
    assert created["registrant_id"]
    assert created["topic"] == webinar["topic"]
    assert created["join_url"].startswith("http")

    body = ok_json(zoom.webinar.get_registrants(id=webinar["id"], page_size=300))
    listed = {r["email"]: r for r in body["registrants"]}
    assert listed[email]["id"] == created["registrant_id"]
    assert listed[email]["first_name"] == "Fidelity"
    assert listed[email]["last_name"] == "Check"
    assert listed[email]["status"] == "approved"


def test_host_cannot_register_for_own_webinar(zoom, zoom_account):
    webinar = next(w for w in zoom_account["webinars"] if not w["instances"] and w["approvalType"] != 2)
    response = zoom.webinar.register(id=webinar["id"], email=webinar["hostEmail"], first_name="Host", last_name="Self")
    assert response.status_code == 400
    assert response.json()["code"] == 3027


def test_participants_report_carries_registrant_ids_and_guest_rows(zoom, zoom_account):
    webinar, instance = attended_instance(zoom_account, lambda p: p["email"] == "" and p.get("registrantID"))
    expected_rows = sorted((p["email"], p.get("registrantID") or "") for p in instance["participants"])

    rows = []
    body = ok_json(
        zoom.report.get_webinar_participants_report(
            id=double_encoded(instance["uuid"]), include_fields="registrant_id", page_size=300
        )
    )
    rows += body["participants"]
    while body.get("next_page_token"):
        body = ok_json(
            zoom.report.get_webinar_participants_report(
                id=double_encoded(instance["uuid"]),
                include_fields="registrant_id",
                page_size=300,
                next_page_token=body["next_page_token"],
            )
        )
        rows += body["participants"]

    assert sorted((row["user_email"], row.get("registrant_id") or "") for row in rows) == expected_rows
    guests = [row for row in rows if row["user_email"] == "" and row.get("registrant_id")]
    assert guests, "a guest row without email must still carry its registrant_id"
    registrant_ids = {r["id"] for r in webinar["registrants"]}
    assert {row["registrant_id"] for row in guests} <= registrant_ids
    for row in rows:
        assert isinstance(row["duration"], int) and row["duration"] >= 0
        assert row["join_time"] <= row["leave_time"]

    without = ok_json(
        zoom.report.get_webinar_participants_report(id=double_encoded(instance["uuid"]), page_size=300)
    )
    assert all("registrant_id" not in row for row in without["participants"])


def test_absentees_are_the_registrants_who_did_not_attend(zoom, zoom_account):
    webinar = next(
        w
        for w in past_webinars(zoom_account)
        if len(w["instances"]) == 1 and w["registrationType"] != 0 and w["approvalType"] != 2
    )
    instance = webinar["instances"][0]
    attended = {p.get("registrantID") for p in instance["participants"]} | {
        p["email"] for p in instance["participants"] if p["email"]
    }
    expected = sorted(
        r["email"]
        for r in webinar["registrants"]
        if r["status"] == "approved" and not r["cancelled"] and r["id"] not in attended and r["email"] not in attended
    )

    body = ok_json(zoom.webinar.get_absentees(id=double_encoded(instance["uuid"]), page_size=300))
    assert sorted(r["email"] for r in body["registrants"]) == expected
    assert body["total_records"] == len(expected)

    by_id = ok_json(zoom.webinar.get_absentees(id=webinar["id"], page_size=300))
    assert sorted(r["email"] for r in by_id["registrants"]) == expected


def test_recordings_get_lists_files_of_a_completed_recording(zoom, zoom_account):
    webinar, instance = next(
        (w, i) for w in past_webinars(zoom_account) for i in w["instances"] if i["recording"]["state"] == "completed"
    )
    files = instance["recording"]["files"]

    body = ok_json(zoom.recording.get(meeting_id=double_encoded(instance["uuid"])))
    assert body["uuid"] == instance["uuid"]
    assert body["id"] == webinar["id"]
    assert body["host_id"] == webinar["hostID"]
    assert sorted(f["id"] for f in body["recording_files"]) == sorted(f["id"] for f in files)
    assert sorted(f["file_type"] for f in body["recording_files"]) == sorted(f["fileType"] for f in files)
    assert body["recording_count"] == len(files)
    for listed in body["recording_files"]:
        assert listed["status"] == "completed"
        assert listed["download_url"].startswith("http")
    transcripts = [f for f in body["recording_files"] if f["file_type"] == "TRANSCRIPT"]
    if transcripts:
        assert transcripts[0]["file_extension"] == "VTT"


def test_recordings_get_without_recording_is_3301(zoom, zoom_account):
    instance = next(
        i for w in past_webinars(zoom_account) for i in w["instances"] if i["recording"]["state"] == "absent"
    )
    response = zoom.recording.get(meeting_id=double_encoded(instance["uuid"]))
    assert response.status_code == 404
    assert response.json()["code"] == 3301
