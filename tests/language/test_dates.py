"""Dates and times a person reads come from Babel in the page's language ("lunes,
30 de noviembre"); English reads as it always did; machine formats stay ISO."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from hypothesis import given
from hypothesis import strategies as st

from tests.fixtures.accounts import PASSWORD
from tests.property.strategies import PROPERTY
from webapp.language.dates import FORMS, show_date

ROOT = Path(__file__).resolve().parents[2]
# What English pages printed with strftime before; Babel must print the same.
STRFTIME = {
    "date": "%d %b %Y", "day_month": "%d %b", "date_long": "%d %B %Y",
    "day_month_long": "%d %B", "weekday": "%A", "weekday_day_month": "%A %d %B",
    "weekday_date": "%A %d %B %Y", "short_weekday_day_month": "%a %d %b",
    "short_weekday_date": "%a %d %b %Y", "month_year": "%B %Y", "time": "%H:%M",
    "date_time": "%d %b %Y, %H:%M", "day_month_time": "%d %b, %H:%M",
    "short_weekday_day_month_time": "%a %d %b, %H:%M",
    "short_weekday_date_time": "%a %d %b %Y, %H:%M",
}
UNPADDED = {"day_month_brief": "%b", "day_in_month": "%B"}  # "5 Dec", "5 December"
# What English pages printed with Flask-Babel's `dateformat` filter before; the same now.
DATEFORMAT = {"date_brief": "d MMM yyyy", "date_in_month": "d MMMM yyyy",
              "weekday_day_in_month": "EEEE d MMMM", "long": "long", "month_year_brief": "MMM yy"}


def test_every_form_is_covered_here():
    assert set(FORMS) == set(STRFTIME) | set(UNPADDED) | set(DATEFORMAT)


@pytest.mark.parametrize("day", [date(2026, 1, 5), date(2026, 11, 30), date(1999, 12, 31)])
def test_english_reads_as_the_dateformat_filter_wrote_it(day):
    for form, pattern in DATEFORMAT.items():
        assert show_date(day, form, locale="en") == format_date(day, pattern, locale="en"), form


@PROPERTY
@given(moment=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31),
                           timezones=st.sampled_from([UTC, ZoneInfo("Pacific/Auckland"),
                                                      ZoneInfo("America/Los_Angeles")])))
def test_english_reads_as_strftime_wrote_it(moment):
    for form, pattern in STRFTIME.items():
        assert show_date(moment, form, locale="en") == moment.strftime(pattern), form
        if "%H" not in pattern:
            assert show_date(moment.date(), form, locale="en") == moment.strftime(pattern)
    for form, month in UNPADDED.items():
        assert show_date(moment.date(), form, locale="en") == (
            f"{moment.day} {moment.strftime(month)}")


@pytest.mark.parametrize(("form", "spanish"), [
    ("weekday_day_month", "lunes, 30 de noviembre"),
    ("weekday_date", "lunes, 30 de noviembre de 2026"),
    ("date", "30 nov 2026"),
    ("day_month_brief", "30 nov"),
    ("day_in_month", "30 de noviembre"),
    ("weekday", "lunes"),
    ("month_year", "noviembre de 2026"),
    ("short_weekday_date_time", "lun 30 nov 2026, 9:05"),
    ("time", "9:05"),
])
def test_spanish_reads_as_spanish(form, spanish):
    moment = datetime(2026, 11, 30, 9, 5, tzinfo=ZoneInfo("Europe/Madrid"))
    assert show_date(moment, form, locale="es") == spanish


def test_a_date_standing_alone_starts_with_a_capital():
    assert show_date(date(2026, 11, 30), "weekday_date", locale="es", alone=True) == (
        "Lunes, 30 de noviembre de 2026")
    assert show_date(date(2026, 11, 30), "month_year", locale="es", alone=True) == (
        "Noviembre de 2026")


def test_an_aware_time_is_shown_in_its_own_zone():
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("Pacific/Auckland"))
    assert show_date(moment, "date_time", locale="en") == "30 Nov 2026, 23:30"


def test_a_spanish_diary_page_names_the_day_in_spanish(client, make_user, auth):
    user = make_user()
    auth.login(user.email, PASSWORD)
    day = date.today() - timedelta(days=3)
    html = client.get(f"/diary/?day={day.isoformat()}",
                      headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert show_date(day, "weekday_date", locale="es") in html
    assert day.strftime("%B") not in html  # no English month name left
    english = client.get(f"/diary/?day={day.isoformat()}").get_data(as_text=True)
    assert day.strftime("%A %d %B %Y") in english


HUMAN_STRFTIME = re.compile(r"""strftime\(\s*["']([^"']*%[aAbBpIjUWcxX][^"']*)["']""")


def test_no_date_a_person_reads_is_left_to_strftime():
    """strftime writes English whatever the page's language: only machine formats
    (ISO dates and times for inputs, URLs and files) may still use it."""
    found = []
    for folder, pattern in (("webapp", "*.py"), ("templates", "*.html")):
        for path in (ROOT / folder).rglob(pattern):
            for match in HUMAN_STRFTIME.finditer(path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert not found, "\n".join(found)
