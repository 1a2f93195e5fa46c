"""The crisis numbers file: every region complete and sourced, broken data refused at start."""
from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path

import pytest

from tests.fixtures.app import make_app
from webapp.learn.library import source_url_problem
from webapp.learn.render import ContentError
from webapp.safety.crisis import load_directory, parse_directory

DATA = Path(__file__).resolve().parents[2] / "content" / "safety" / "crisis_lines.toml"
REQUIRED_REGIONS = {"US", "CA", "GB", "IE", "AU", "NZ", "EU"}


@pytest.fixture(scope="module")
def directory():
    return load_directory(DATA)


def test_the_required_regions_are_all_there(directory):
    assert set(directory.regions) >= REQUIRED_REGIONS
    assert directory.fallback.url == "https://findahelpline.com/"


@pytest.mark.parametrize("key", sorted(REQUIRED_REGIONS))
def test_every_region_has_an_emergency_number_and_a_crisis_line_with_a_source(directory, key):
    region = directory.regions[key]
    assert region.of_kind("emergency") and region.of_kind("crisis")
    assert any(line.can_call for line in region.of_kind("emergency"))
    assert any(line.can_call for line in region.of_kind("crisis"))
    for line in region.lines:
        assert line.source.startswith("https://") and source_url_problem(line.source) is None
        assert re.fullmatch(r"[0-9]{3,15}", line.digits), line.number
        assert line.name and line.note


# Pinned so an accidental edit of a life-saving number fails loudly. Each was
# checked against the source named next to it in the data file.
@pytest.mark.parametrize(("key", "kind", "digits", "contact"), [
    ("US", "emergency", "911", "call"),
    ("US", "crisis", "988", "call-or-text"),
    ("CA", "emergency", "911", "call"),
    ("CA", "crisis", "988", "call-or-text"),
    ("GB", "emergency", "999", "call"),
    ("GB", "urgent", "111", "call"),
    ("GB", "crisis", "116123", "call"),
    ("GB", "crisis", "85258", "text"),
    ("IE", "emergency", "112", "call"),
    ("IE", "crisis", "116123", "call"),
    ("AU", "emergency", "000", "call"),
    ("AU", "crisis", "131114", "call"),
    ("AU", "crisis", "0477131114", "text"),
    ("NZ", "emergency", "111", "call"),
    ("NZ", "crisis", "1737", "call-or-text"),
    ("EU", "emergency", "112", "call"),
])
def test_the_known_numbers_are_unchanged(directory, key, kind, digits, contact):
    lines = {(line.digits, line.contact) for line in directory.regions[key].of_kind(kind)}
    assert (digits, contact) in lines


def test_each_country_belongs_to_one_region(directory):
    assert directory.by_country["GB"] == "GB" and directory.by_country["IE"] == "IE"
    assert directory.by_country["DE"] == "EU" and directory.by_country["FR"] == "EU"
    assert "IE" not in directory.regions["EU"].countries  # Ireland has its own entry


# Broken data is refused with a message naming the problem.

@pytest.fixture
def good() -> dict:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


def _first(data: dict, key: str, kind: str) -> dict:
    return next(line for line in data["regions"][key]["lines"] if line["kind"] == kind)


@pytest.mark.parametrize(("change", "problem"), [
    (lambda d: d["regions"]["NZ"].update(lines=[_first(d, "NZ", "crisis")]), "'emergency' line"),
    (lambda d: d["regions"]["NZ"].update(lines=[_first(d, "NZ", "emergency")]), "'crisis' line"),
    (lambda d: _first(d, "US", "crisis").pop("source"), "needs a 'source'"),
    (lambda d: _first(d, "US", "crisis").update(source="https://www.google.com/search?q=988"),
     "not the work itself"),
    (lambda d: _first(d, "US", "crisis").update(source="https://988lifeline.org/?s=help"),
     "not the work itself"),
    (lambda d: _first(d, "US", "crisis").update(source="http://988lifeline.org/"), "https"),
    (lambda d: _first(d, "US", "crisis").update(number="call 988"),
     "not a number a phone can dial"),
    (lambda d: _first(d, "US", "crisis").update(number="98"), "not a number a phone can dial"),
    (lambda d: _first(d, "US", "crisis").update(kind="hotline"), "'kind' must be one of"),
    (lambda d: _first(d, "US", "crisis").update(contact="email"), "'contact' must be one of"),
    (lambda d: _first(d, "US", "emergency").update(text_word="HELP"), "'text_word'"),
    (lambda d: d["regions"]["EU"]["countries"].append("GB"), "GB is in both"),
    (lambda d: d["order"].remove("AU"), "'order' must list every region"),
    (lambda d: d.pop("checked"), "'checked' must be the date"),
    (lambda d: d["fallback"].pop("url"), "needs a 'url'"),
    (lambda d: d["regions"].update(usa=copy.deepcopy(d["regions"]["US"]))
     or d["order"].append("usa"), "two capital letters"),
])
def test_broken_data_is_refused(good, change, problem):
    change(good)
    with pytest.raises(ContentError, match=problem):
        parse_directory(good)


def test_the_app_refuses_to_start_on_a_broken_file(tmp_path, database_url):
    broken = tmp_path / "crisis_lines.toml"
    text = DATA.read_text(encoding="utf-8")
    broken.write_text(text.replace('number = "988"', 'number = "nine"', 1))
    with pytest.raises(ContentError, match="not a number a phone can dial"):
        make_app(database_url, CRISIS_LINES_FILE=str(broken))


def test_the_app_starts_with_the_shipped_file(app):
    assert set(app.extensions["steady_crisis"].regions) >= REQUIRED_REGIONS
