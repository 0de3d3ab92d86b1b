"""Builds the protocol's WebinarSnapshot of one exported webinar (connector-protocol.md, section 5)
from webinars.json and its registrants-<id>.csv / attendance-<id>.csv."""

import datetime
import os

from exportfiles import ExportError, REGISTRATION_STATUSES, malformed, format_time, parse_time, read_csv, read_webinars


def list_webinars(folder, host_emails):
    """The protocol's Webinar records of the given hosts (every host when `host_emails` is empty)."""
    hosts = {email.lower() for email in host_emails}
    webinars = read_webinars(folder).values()
    return [webinar.record() for webinar in webinars if not hosts or webinar.host_email.lower() in hosts]


def take_snapshot(folder, webinar_id, cancelled=None, now=None):
    """Everything about one webinar; ExportError(not_found) when the folder has no such webinar."""
    webinar = read_webinars(folder).get(webinar_id)
    if webinar is None:
        raise ExportError(
            "not_found", f"The export folder has no webinar {webinar_id} (not in webinars.json or webinar-{webinar_id}.json).")
    now = now or datetime.datetime.now(datetime.timezone.utc)
    registrations, cancellations = read_registrants(folder, webinar, cancelled)
    instances, attendance, unmatched, problems = [], [], [], []
    rows = read_csv(os.path.join(folder, f"attendance-{webinar.id}.csv"), f"attendance-{webinar.id}.csv",
                    ["email", "join_time", "leave_time"], cancelled)
    if rows is None:
        end = webinar.ended_at or _scheduled_end(webinar) or webinar.start_time
        if end is not None and end < now:
            problems.append(f"attendance-{webinar.id}.csv is missing: no attendance was exported for this past webinar yet.")
    elif rows:
        instance, attendance, unmatched = read_attendance(webinar, rows, registrations)
        instances.append(instance)
    recording = None
    if webinar.recording_url:
        start = webinar.started_at or webinar.start_time
        recording = {
            "webinarID": webinar.id, "instanceUUID": instances[0]["uuid"] if instances else None,
            "state": "completed", "topic": webinar.topic, "startTime": start and format_time(start),
            "durationMinutes": webinar.duration_minutes, "shareURL": webinar.recording_url,
            "files": [{"id": f"{webinar.id}-recording", "fileType": "MP4", "recordingType": "shared_screen_with_speaker_view",
                       "playURL": webinar.recording_url}],
        }
    return {
        "webinar": webinar.record(), "instances": instances, "registrations": registrations,
        "cancellations": cancellations, "attendance": attendance, "unmatchedParticipants": unmatched,
        "recording": recording, "transcript": read_transcript(folder, webinar, instances),
        "problems": problems, "takenAt": format_time(now),
    }


def read_transcript(folder, webinar, instances):
    """The WebVTT transcript of transcript-<id>.vtt, if the export has one."""
    name = f"transcript-{webinar.id}.vtt"
    try:
        with open(os.path.join(folder, name), "rb") as handle:
            text = handle.read().decode("utf-8-sig")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise malformed(name, "is not UTF-8") from None
    except OSError as error:
        raise ExportError("unavailable", f"cannot read {name}: {error.strerror}.") from None
    if not text.startswith("WEBVTT"):
        raise malformed(f"{name} line 1", "a WebVTT transcript starts with WEBVTT")
    return {"webinarID": webinar.id, "instanceUUID": instances[0]["uuid"] if instances else None, "webVTT": text}


def _scheduled_end(webinar):
    start = webinar.started_at or webinar.start_time
    if start is None or webinar.duration_minutes is None:
        return None
    return start + datetime.timedelta(minutes=webinar.duration_minutes)


def read_registrants(folder, webinar, cancelled=None):
    """(registrations, cancellations) of registrants-<id>.csv; the last row of an email wins."""
    name = f"registrants-{webinar.id}.csv"
    rows = read_csv(os.path.join(folder, name), name, ["email"], cancelled) or []
    latest = {}
    for line, row in rows:
        where = f"{name} line {line}"
        email = row.get("email", "")
        if not email:
            raise malformed(where, "email is empty (every registrant needs one)")
        status = (row.get("status") or "approved").lower()
        if status == "canceled":
            status = "cancelled"
        if status not in REGISTRATION_STATUSES:
            raise malformed(where, "status must be approved, pending, denied or cancelled")
        registered = row.get("registration_time")
        cancelled_at = row.get("cancelled_at")
        latest[email.lower()] = {
            "email": email, "status": status, "registrantID": row.get("registrant_id") or None,
            "firstName": row.get("first_name") or None, "lastName": row.get("last_name") or None,
            "registeredAt": registered and format_time(parse_time(registered, where, "registration_time")),
            "cancelledAt": cancelled_at and format_time(parse_time(cancelled_at, where, "cancelled_at")),
        }
    registrations, cancellations = [], []
    for entry in latest.values():
        if entry["status"] == "cancelled":
            cancellations.append({"webinarID": webinar.id, "registrantID": entry["registrantID"],
                                  "email": entry["email"], "cancelledAt": entry["cancelledAt"]})
        else:
            registrations.append({"webinarID": webinar.id, "registrantID": entry["registrantID"],
                                  "email": entry["email"], "firstName": entry["firstName"],
                                  "lastName": entry["lastName"], "status": entry["status"],
                                  "registeredAt": entry["registeredAt"], "joinURL": webinar.join_url})
    return registrations, cancellations


def read_attendance(webinar, rows, registrations):
    """(instance, attendance, unmatched participants) of attendance-<id>.csv rows.

    Rows are grouped per person: by email, else by registrant_id (a guest linked to a
    registration, whose email is used), else the guest cannot be synced (unmatched)."""
    name = f"attendance-{webinar.id}.csv"
    by_registrant = {entry["registrantID"]: entry for entry in registrations if entry["registrantID"]}
    people, unmatched, spans = {}, [], []
    for line, row in rows:
        where = f"{name} line {line}"
        joined = parse_time(row.get("join_time", ""), where, "join_time")
        left = parse_time(row.get("leave_time", ""), where, "leave_time")
        if left < joined:
            raise malformed(where, "leave_time is before join_time")
        spans.append((joined, left))
        email, source = row.get("email", ""), "participant"
        registrant_id = row.get("registrant_id") or None
        if not email and registrant_id in by_registrant:
            email, source = by_registrant[registrant_id]["email"], "registrant"
        if not email:
            unmatched.append({"name": row.get("name") or f"Guest ({name} line {line})",
                              "reason": "joined without an email and without a registrant_id of a registration"})
            continue
        person = people.setdefault(email.lower(), {"email": email, "name": None, "registrantID": registrant_id,
                                                   "emailSource": source, "sessions": []})
        person["name"] = person["name"] or row.get("name") or None
        person["sessions"].append((joined, left))
    start = webinar.started_at or webinar.start_time or min(joined for joined, _ in spans)
    end = webinar.ended_at or _scheduled_end(webinar) or max(left for _, left in spans)
    length = max((end - start).total_seconds(), 0)
    instance = {"uuid": f"{webinar.id}@{format_time(start)}", "startTime": format_time(start),
                "endTime": format_time(end), "durationSeconds": int(length)}
    attendance = []
    for person in people.values():
        sessions = sorted(person["sessions"])
        total = _union_seconds(sessions)
        attendance.append({
            "webinarID": webinar.id, "instanceUUID": instance["uuid"], "email": person["email"],
            "name": person["name"], "registrantID": person["registrantID"],
            "sessions": [{"joinedAt": format_time(j), "leftAt": format_time(l), "durationSeconds": int((l - j).total_seconds())}
                         for j, l in sessions],
            "totalSeconds": total,
            "percentOfWebinar": round(min(100.0, 100.0 * total / length), 1) if length else None,
            "emailSource": person["emailSource"],
        })
    return instance, attendance, unmatched


def _union_seconds(sessions):
    """Seconds covered by sorted (join, leave) sessions, overlaps counted once."""
    total, current_start, current_end = 0, None, None
    for joined, left in sessions:
        if current_end is None or joined > current_end:
            if current_end is not None:
                total += (current_end - current_start).total_seconds()
            current_start, current_end = joined, left
        else:
            current_end = max(current_end, left)
    if current_end is not None:
        total += (current_end - current_start).total_seconds()
    return int(total)
