"""Reads a folder of webinar export files into the protocol's normalized records
(Plugins/connector-protocol.md, section 5). The format is described in README.md beside this file.

Errors are ExportError(kind, message); messages name the file and line, never file contents."""

import csv
import datetime
import json
import os
import re

WEBINAR_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
WEBINAR_FILE = re.compile(r"webinar-([A-Za-z0-9_-]{1,64})\.json")
REGISTRATION_STATUSES = {"approved", "pending", "denied", "cancelled"}

# Column headers are matched without case, spaces, underscores or dashes ("First Name" = first_name).
COLUMN_ALIASES = {
    "email": {"email", "emailaddress", "useremail"},
    "first_name": {"firstname", "givenname"},
    "last_name": {"lastname", "familyname", "surname"},
    "registration_time": {"registrationtime", "registeredat", "registrationdate"},
    "status": {"status", "registrationstatus"},
    "registrant_id": {"registrantid"},
    "cancelled_at": {"cancelledat", "cancellationtime"},
    "name": {"name", "username", "displayname", "participant"},
    "join_time": {"jointime", "joinedat"},
    "leave_time": {"leavetime", "leftat"},
}


class ExportError(Exception):
    """A request the export cannot answer: `kind` is one of the protocol's error kinds."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


class Cancelled(Exception):
    """The host cancelled the request."""


def malformed(where, what):
    return ExportError("malformed_data", f"{where}: {what}. Fix the export file and sync again.")


def format_time(moment):
    """ISO 8601 in UTC with a Z."""
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text, where, column):
    """`2026-12-06T10:00:00Z`, with an offset, or without one (then UTC); a space may replace the T."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise malformed(where, f"{column} is not an ISO 8601 date-time (e.g. 2026-12-06T10:00:00Z)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


class Webinar:
    """One webinar of webinars.json or webinar-<id>.json."""

    def __init__(self, raw, where):
        if not isinstance(raw, dict):
            raise malformed(where, "a webinar must be a JSON object")
        webinar_id = raw.get("id")
        if isinstance(webinar_id, int) and not isinstance(webinar_id, bool):
            webinar_id = str(webinar_id)
        if not isinstance(webinar_id, str) or not WEBINAR_ID.fullmatch(webinar_id):
            raise malformed(where, "id must be 1-64 letters, digits, '-' or '_'")
        self.id = webinar_id
        where = f"{where} (webinar {webinar_id})"
        self.topic = self._string(raw, "topic", where, required=True)
        self.host_email = self._string(raw, "host_email", where, required=True)
        self.timezone = self._string(raw, "timezone", where)
        self.join_url = self._string(raw, "join_url", where)
        self.registration_url = self._string(raw, "registration_url", where)
        self.recording_url = self._string(raw, "recording_url", where)
        self.start_time = self._time(raw, "start_time", where)
        self.started_at = self._time(raw, "started_at", where)
        self.ended_at = self._time(raw, "ended_at", where)
        self.created_at = self._time(raw, "created_at", where)
        duration = raw.get("duration_minutes")
        if duration is not None and (isinstance(duration, bool) or not isinstance(duration, int) or duration < 0):
            raise malformed(where, "duration_minutes must be a whole number of minutes")
        self.duration_minutes = duration
        required = raw.get("registration_required", True)
        if not isinstance(required, bool):
            raise malformed(where, "registration_required must be true or false")
        self.registration_required = required

    @staticmethod
    def _string(raw, key, where, required=False):
        value = raw.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise malformed(where, f"{key} must be a non-empty string")
        return value.strip()

    @staticmethod
    def _time(raw, key, where):
        value = Webinar._string(raw, key, where)
        return None if value is None else parse_time(value, where, key)

    def record(self):
        """The protocol's Webinar record."""
        return {
            "id": self.id, "topic": self.topic, "hostID": self.host_email.lower(), "hostEmail": self.host_email,
            "startTime": self.start_time and format_time(self.start_time),
            "durationMinutes": self.duration_minutes, "timezone": self.timezone, "joinURL": self.join_url,
            "registrationURL": self.registration_url, "registrationRequired": self.registration_required,
            "createdAt": self.created_at and format_time(self.created_at), "support": {"status": "supported"},
        }


def _read_text(path, name):
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise malformed(name, "is not UTF-8") from None
    except OSError as error:
        raise ExportError("unavailable", f"cannot read {name}: {error.strerror}. Check the folder's permissions.") from None


def _parse_json(text, name):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise malformed(f"{name} line {error.lineno}", f"is not valid JSON ({error.msg})") from None


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\r\n]*")


def _webinar_entries(text):
    """The webinars of a valid webinars.json with the line each starts on: [(entry, line)]."""
    def skip(position):
        return _SPACE.match(text, position).end()

    def array(position):
        entries, position = [], skip(position + 1)
        while text[position] != "]":
            value, end = _DECODER.raw_decode(text, position)
            entries.append((value, text.count("\n", 0, position) + 1))
            position = skip(end)
            position = skip(position + 1) if text[position] == "," else position
        return entries

    start = skip(0)
    if text[start] == "[":
        return array(start)
    position = skip(start + 1)
    while text[position] == '"':
        key, position = _DECODER.raw_decode(text, position)
        position = skip(skip(position) + 1)
        if key == "webinars" and text[position] == "[":
            return array(position)
        _, position = _DECODER.raw_decode(text, position)
        position = skip(position)
        position = skip(position + 1) if text[position] == "," else position
    return None


def read_webinars(folder):
    """Every webinar of the folder by id: webinars.json (an array, or {"webinars": [...]}) and webinar-<id>.json files."""
    webinars = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        raise ExportError("unavailable", f"cannot list the export folder: {error.strerror}.") from None

    def add(webinar, name):
        if webinar.id in webinars:
            raise malformed(name, f"webinar {webinar.id} is defined twice")
        webinars[webinar.id] = webinar

    if "webinars.json" in names:
        text = _read_text(os.path.join(folder, "webinars.json"), "webinars.json")
        document = _parse_json(text, "webinars.json")
        valid = isinstance(document, list) or (isinstance(document, dict) and isinstance(document.get("webinars"), list))
        if not valid:
            raise malformed("webinars.json line 1", 'must be an array of webinars or {"webinars": [...]}')
        for entry, line in _webinar_entries(text):
            where = f"webinars.json line {line}"
            add(Webinar(entry, where), where)
    for name in names:
        match = WEBINAR_FILE.fullmatch(name)
        if not match:
            continue
        path = os.path.join(folder, name)
        webinar = Webinar(_parse_json(_read_text(path, name), name), f"{name} line 1")
        if webinar.id != match.group(1):
            raise malformed(f"{name} line 1", f"its id is {webinar.id}, not {match.group(1)} as the file name says")
        add(webinar, name)
    return webinars


def read_csv(path, name, required, cancelled=None):
    """Rows of a CSV export as (line number, {canonical column: value}); None when the file is absent."""
    try:
        handle = open(path, "r", encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ExportError("unavailable", f"cannot read {name}: {error.strerror}.") from None
    rows = []
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                return []
            columns = [_canonical(title) for title in header]
            missing = [column for column in required if column not in columns]
            if missing:
                raise malformed(f"{name} line 1", "the header lacks the column(s) " + ", ".join(missing))
            for row in reader:
                if cancelled is not None and cancelled.is_set():
                    raise Cancelled()
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(columns):
                    raise malformed(f"{name} line {reader.line_num}", f"{len(row)} fields but the header has {len(columns)}")
                values = {column: cell.strip() for column, cell in zip(columns, row) if column}
                rows.append((reader.line_num, values))
        except UnicodeDecodeError:
            raise malformed(name, "is not UTF-8") from None
        except csv.Error as error:
            raise malformed(f"{name} line {reader.line_num}", f"is not valid CSV ({error})") from None
    return rows


def _canonical(title):
    key = re.sub(r"[\s_-]", "", title).lower()
    for column, aliases in COLUMN_ALIASES.items():
        if key in aliases:
            return column
    return None
