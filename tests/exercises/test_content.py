"""Exercise words as data: content/exercises/<language>/*.toml, checked at start.

A broken file stops the app with the file and the field named; every pattern and
routine page shows the words of the file; a translation is a folder of files."""
from __future__ import annotations

import html
import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from flask_babel import force_locale

from tests.fixtures.app import make_app
from webapp.exercises.content import FOLDER, ContentError
from webapp.exercises.patterns import PATTERN_FILE, PATTERNS, custom_pattern
from webapp.exercises.routines import ROUTINE_FILE, ROUTINES

PATTERN_RE = re.compile(r"data-pattern='([^']+)'")
SHIPPED = {name: tomllib.loads((FOLDER / "en" / name).read_text(encoding="utf-8"))
           for name in ("patterns.toml", "routines.toml")}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the shipped exercise files to break or translate."""
    shutil.copytree(FOLDER, tmp_path / "exercises")
    return tmp_path / "exercises"


def change(folder: Path, name: str, old: str, new: str, language: str = "en") -> None:
    path = folder / language / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def player_json(page: str) -> dict:
    return json.loads(html.unescape(PATTERN_RE.search(page).group(1)))


BROKEN = [
    ("routines.toml", 'title = "Settle"', 'title = "  "',
     r"en/routines.toml, routine 'pmr', step 1: 'title' must be some words"),
    ("routines.toml", 'title = "Feet: tense"', 'titel = "Feet: tense"',
     r"routine 'pmr', step 2: unknown field 'titel'"),
    ("routines.toml", "seconds = 15\n", "seconds = 45\n",
     r"routine 'pmr', step 2: 'seconds' must be from 10 to 20"),
    ("routines.toml", 'kind = "move"', 'kind = "jog"', r"'kind' must be one of tense, release"),
    ("routines.toml", "beat = 80", "beat = 300", r"routine 'side-to-side', step 2: 'beat'"),
    ("routines.toml", 'learn = "/learn/calm-a-twitch-now#pmr"', 'learn = "https://example.org/"',
     r"routine 'pmr': 'learn' must be a Learn page"),
    ("routines.toml", 'slug = "ease-leg"', 'slug = "ease-eyelid"',
     r"a second routine called 'ease-eyelid'"),
    ("patterns.toml", '{ kind = "in", seconds = 4 },', '{ kind = "in", seconds = 4.25 },',
     r"pattern 'calm', phase 1: 'seconds' must be from 0.5 to 30 in steps of 0.5"),
    ("patterns.toml", 'cue = "top-up"', 'cue = "topup"',
     r"pattern 'sigh', phase 2: 'cue' must be one of"),
    ("patterns.toml", 'rest = "Rest"', "", r"\[cues\]: 'rest' must be some words"),
    ("patterns.toml", 'summary = "A longer out-breath helps your body settle."', "",
     r"pattern 'calm': 'summary' must be some words"),
    ("patterns.toml", 'key = "box"', 'key = "custom"', r"'custom' is the person's own pattern"),
    ("patterns.toml", "[custom]", "[custom", r"en/patterns.toml: cannot be read"),
]


@pytest.mark.parametrize("name, old, new, problem", BROKEN, ids=[b[3][:40] for b in BROKEN])
def test_a_broken_file_is_refused_with_the_file_and_field_named(content, name, old, new, problem):
    change(content, name, old, new)
    data_file = PATTERN_FILE if name == "patterns.toml" else ROUTINE_FILE
    with pytest.raises(ContentError, match=problem):
        data_file.load(content)


def test_the_app_refuses_to_start_on_a_broken_file(content, database_url):
    change(content, "routines.toml", 'text = "Make two fists.', 'text = "" # "')
    with pytest.raises(ContentError, match=r"en/routines.toml, routine 'pmr', step \d+: 'text'"):
        make_app(database_url, EXERCISES_CONTENT_DIR=str(content))


def test_the_app_refuses_to_start_without_the_english_files(tmp_path, database_url):
    with pytest.raises(ContentError, match=r"there is no en/patterns.toml"):
        make_app(database_url, EXERCISES_CONTENT_DIR=str(tmp_path))


def test_a_translation_keeps_englishs_exercises_and_timings(content):
    shutil.copytree(content / "en", content / "de")
    change(content, "routines.toml", 'title = "Cool cloth"', 'title = "Kühles Tuch"', "de")
    assert ROUTINE_FILE.load(content)["de"]["ease-eyelid"].steps[2].title == "Kühles Tuch"
    change(content, "routines.toml", "seconds = 150", "seconds = 90", "de")
    with pytest.raises(ContentError, match=r"de/routines.toml: its exercises, kinds or seconds "
                                           r"differ from en/routines.toml"):
        ROUTINE_FILE.load(content)


def test_a_second_language_is_a_folder_of_files(content, database_url):
    shutil.copytree(content / "en", content / "de")
    change(content, "patterns.toml", 'in = "Breathe in"', 'in = "Einatmen"', "de")
    change(content, "patterns.toml", 'name = "Box breathing"', 'name = "Box-Atmung"', "de")
    change(content, "routines.toml", 'name = "Grounding"', 'name = "Erden"', "de")
    app = make_app(database_url, EXERCISES_CONTENT_DIR=str(content))
    try:
        with app.test_request_context("/"):
            assert PATTERNS["box"].name == "Box breathing"
            with force_locale("de"):
                assert PATTERNS["box"].name == "Box-Atmung"
                assert PATTERNS["box"].to_json()["phases"][0]["label"] == "Einatmen"
                assert custom_pattern(4, 0, 6, 0).phases[0].label == "Einatmen"
                assert ROUTINES["grounding"].name == "Erden"
            with force_locale("fr"):  # no French files: English
                assert ROUTINES["grounding"].name == "Grounding"
    finally:
        app.extensions["steady_engine"].dispose()


@pytest.mark.parametrize("pattern", SHIPPED["patterns.toml"]["patterns"], ids=lambda p: p["key"])
def test_every_pattern_page_shows_the_files_words_and_counts(client, pattern):
    page = client.get(f"/exercises/breathe/{pattern['key']}").get_data(as_text=True)
    for words in (pattern["name"], pattern["summary"], pattern["how"]):
        assert html.escape(words) in page
    cues = SHIPPED["patterns.toml"]["cues"]
    player = player_json(page)
    assert player["name"] == pattern["name"]
    assert [(p["kind"], p["seconds"], p["label"]) for p in player["phases"]] == [
        (p["kind"], p["seconds"], cues[p.get("cue", p["kind"])]) for p in pattern["phases"]]
    assert player["cycleSeconds"] == sum(p["seconds"] for p in pattern["phases"])


@pytest.mark.parametrize("routine", SHIPPED["routines.toml"]["routines"], ids=lambda r: r["slug"])
def test_every_routine_page_shows_the_files_steps(client, routine):
    page = client.get(f"/exercises/relax/{routine['slug']}").get_data(as_text=True)
    assert html.escape(routine["name"]) in page and html.escape(routine["summary"]) in page
    assert f'href="{routine["learn"]}"' in page
    player = player_json(page)
    played = [(p["kind"], p["label"], p["text"], p["seconds"], p["beat"])
              for p in player["phases"]]
    assert played == [(s["kind"], s["title"], s["text"], s["seconds"], s.get("beat", 0))
                      for s in routine["steps"]]
    assert player["cycles"] == 1
    assert player["cycleSeconds"] == sum(s["seconds"] for s in routine["steps"])
