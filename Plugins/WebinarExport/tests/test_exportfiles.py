"""Parsing of export folders: python3 -m unittest discover -s tests (from Plugins/WebinarExport)."""

import datetime
import os
import sys
import tempfile
import textwrap
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from exportfiles import ExportError, read_webinars  # noqa: E402
from snapshot import list_webinars, take_snapshot  # noqa: E402

SAMPLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sample")
NOW = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.timezone.utc)


class Folder:
    """A temporary export folder with the given files."""

    def __init__(self, files):
        self.directory = tempfile.TemporaryDirectory()
        for name, text in files.items():
            with open(os.path.join(self.directory.name, name), "w", encoding="utf-8") as handle:
                handle.write(textwrap.dedent(text).lstrip("\n"))

    def __enter__(self):
        return self.directory.name

    def __exit__(self, *exc):
        self.directory.cleanup()


WEBINARS = """
[
  {"id": "1", "topic": "Launch", "host_email": "Host@Example.com", "start_time": "2026-12-01T10:00:00Z",
   "duration_minutes": 60},
  {"id": 2, "topic": "Other host", "host_email": "other@example.com"}
]
"""


class SampleFolderTests(unittest.TestCase):
    def test_lists_json_and_per_webinar_files_of_configured_hosts(self):
        everything = sorted(webinar["id"] for webinar in list_webinars(SAMPLE, []))
        self.assertEqual(everything, ["7100000001", "7100000002", "7100000003"])
        sales = [webinar["id"] for webinar in list_webinars(SAMPLE, ["SALES@tailspin.example"])]
        self.assertEqual(sales, ["7100000003"])

    def test_snapshot_merges_rejoins_links_guests_and_keeps_cancellations_apart(self):
        snapshot = take_snapshot(SAMPLE, "7100000001", now=NOW)
        self.assertEqual(snapshot["instances"][0]["durationSeconds"], 59 * 60)
        attendance = {entry["email"]: entry for entry in snapshot["attendance"]}
        ines = attendance["ines.costa@example.org"]
        self.assertEqual(len(ines["sessions"]), 2)
        self.assertEqual(ines["totalSeconds"], 17 * 60 + 36 * 60)
        self.assertEqual(attendance["maya.berg@example.com"]["emailSource"], "registrant")
        self.assertEqual([guest["name"] for guest in snapshot["unmatchedParticipants"]], ["Guest viewer"])
        self.assertEqual([entry["email"] for entry in snapshot["cancellations"]], ["zoe.sato@example.net"])
        self.assertNotIn("zoe.sato@example.net", [entry["email"] for entry in snapshot["registrations"]])
        self.assertEqual(snapshot["recording"]["shareURL"], "https://media.tailspin.example/recordings/7100000001.mp4")
        self.assertTrue(snapshot["transcript"]["webVTT"].startswith("WEBVTT"))
        self.assertEqual(snapshot["transcript"]["instanceUUID"], snapshot["instances"][0]["uuid"])
        self.assertEqual(snapshot["problems"], [])

    def test_overlapping_sessions_count_once_and_percent_is_capped(self):
        snapshot = take_snapshot(SAMPLE, "7100000002", now=NOW)
        lucas = next(entry for entry in snapshot["attendance"] if entry["email"] == "lucas.moreau@example.com")
        self.assertEqual(lucas["totalSeconds"], (15 + 23) * 60)
        self.assertEqual(lucas["sessions"][0]["joinedAt"], "2026-12-02T17:05:00Z")
        ines = next(entry for entry in snapshot["attendance"] if entry["email"] == "ines.costa@example.org")
        self.assertEqual(ines["percentOfWebinar"], 100.0)
        self.assertIsNone(snapshot["recording"])

    def test_upcoming_webinar_has_registrations_and_no_instance(self):
        snapshot = take_snapshot(SAMPLE, "7100000003", now=NOW)
        self.assertEqual(len(snapshot["registrations"]), 2)
        self.assertEqual(snapshot["instances"], [])
        self.assertEqual(snapshot["problems"], [])


class FormatTests(unittest.TestCase):
    def test_numeric_ids_times_without_offset_and_header_aliases(self):
        files = {
            "webinars.json": WEBINARS,
            "registrants-2.csv": "\ufeffE-mail Address,First Name,Registration Time\nA@x.example,Ann,2026-11-30 08:00:00\n",
        }
        files["registrants-2.csv"] = files["registrants-2.csv"].replace("E-mail Address", "Email Address")
        with Folder(files) as folder:
            snapshot = take_snapshot(folder, "2", now=NOW)
        self.assertEqual(snapshot["registrations"][0]["registeredAt"], "2026-11-30T08:00:00Z")
        self.assertEqual(snapshot["registrations"][0]["email"], "A@x.example")
        self.assertEqual(snapshot["webinar"]["registrationRequired"], True)

    def test_missing_attendance_of_a_past_webinar_is_a_problem(self):
        with Folder({"webinars.json": WEBINARS}) as folder:
            snapshot = take_snapshot(folder, "1", now=NOW)
        self.assertEqual(snapshot["problems"], ["attendance-1.csv is missing: no attendance was exported for this past webinar yet."])

    def test_unknown_webinar_is_not_found(self):
        with Folder({"webinars.json": WEBINARS}) as folder:
            with self.assertRaises(ExportError) as caught:
                take_snapshot(folder, "99", now=NOW)
        self.assertEqual(caught.exception.kind, "not_found")

    def assertMalformed(self, files, webinar_id, expected):
        with Folder(files) as folder:
            with self.assertRaises(ExportError) as caught:
                take_snapshot(folder, webinar_id, now=NOW)
        self.assertEqual(caught.exception.kind, "malformed_data")
        self.assertIn(expected, caught.exception.message)
        return caught.exception.message

    def test_bad_files_name_file_and_line_without_their_contents(self):
        message = self.assertMalformed(
            {"webinars.json": WEBINARS,
             "attendance-1.csv": "email,name,join_time,leave_time\nsecret.person@x.example,S,yesterday,2026-12-01T10:30:00Z\n"},
            "1", "attendance-1.csv line 2: join_time is not an ISO 8601 date-time")
        self.assertNotIn("secret.person", message)
        self.assertNotIn("yesterday", message)
        self.assertMalformed({"webinars.json": WEBINARS, "registrants-1.csv": "first_name\nAnn\n"},
                             "1", "registrants-1.csv line 1: the header lacks the column(s) email")
        self.assertMalformed({"webinars.json": WEBINARS, "registrants-1.csv": "email,status\na@x.example,maybe\n"},
                             "1", "registrants-1.csv line 2: status must be")
        self.assertMalformed(
            {"webinars.json": WEBINARS,
             "attendance-1.csv": "email,join_time,leave_time\na@x.example,2026-12-01T10:30:00Z,2026-12-01T10:00:00Z\n"},
            "1", "attendance-1.csv line 2: leave_time is before join_time")

    def test_bad_json_names_the_line(self):
        self.assertMalformed({"webinars.json": '[\n  {"id": "1",\n  oops}\n]'}, "1", "webinars.json line 3: is not valid JSON")
        broken = '{"webinars": [\n  {"id": "1", "topic": "A", "host_email": "h@x.example"},\n  {"id": "2", "topic": ""}\n]}'
        self.assertMalformed({"webinars.json": broken}, "1", "webinars.json line 3 (webinar 2): topic must be a non-empty string")
        self.assertMalformed({"webinar-5.json": '{"id": "6", "topic": "A", "host_email": "h@x.example"}'},
                             "5", "webinar-5.json line 1: its id is 6, not 5")
        self.assertMalformed({"webinars.json": '[{"id": "1", "topic": "A", "host_email": "h@x.example"}]',
                              "webinar-1.json": '{"id": "1", "topic": "A", "host_email": "h@x.example"}'},
                             "1", "webinar 1 is defined twice")

    def test_a_transcript_must_be_webvtt(self):
        self.assertMalformed({"webinars.json": WEBINARS, "transcript-1.vtt": "1\n00:00 --> 00:01\nhello\n"},
                             "1", "transcript-1.vtt line 1: a WebVTT transcript starts with WEBVTT")

    def test_ids_must_be_safe_in_file_names(self):
        with Folder({"webinars.json": '[{"id": "../etc", "topic": "A", "host_email": "h@x.example"}]'}) as folder:
            with self.assertRaises(ExportError) as caught:
                read_webinars(folder)
        self.assertIn("id must be 1-64 letters", caught.exception.message)


if __name__ == "__main__":
    unittest.main()
