"""The suite's own clock: a time a test sends through a form or the outbox is read in
the person's zone, so it must be written in that zone, whatever hour the suite runs at.

Writing the UTC wall clock for people who live behind UTC made valid twitches "in the
future" every evening (UTC): the diary form answered 422 and sync said "rejected"."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.fixtures.accounts import daytime_zone
from tests.fixtures.diary import local_now_str

TESTS = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("hour", range(24))
def test_a_test_time_is_in_the_past_and_today_for_the_person_at_any_hour(hour):
    now = datetime(2026, 11, 30, hour, 30, tzinfo=UTC)
    zone = ZoneInfo(daytime_zone(now))
    sent = datetime.strptime(local_now_str(minutes_ago=5, now=now), "%Y-%m-%dT%H:%M")
    read = sent.replace(tzinfo=zone)
    assert now - timedelta(minutes=6) <= read <= now - timedelta(minutes=5)
    assert read.date() == now.date()  # "today" for the person is the UTC date too


def test_no_test_writes_a_form_time_from_the_utc_clock():
    naive_utc = re.compile(r"now\(UTC\)[^\n]*\.strftime\(\"%Y-%m-%dT%H:%M\"\)")
    offenders = [f"{path.relative_to(TESTS)}:{n}"
                 for path in TESTS.rglob("*.py") if path.name != Path(__file__).name
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if naive_utc.search(line)]
    assert offenders == [], "use tests.fixtures.diary.local_now_str: " + ", ".join(offenders)
