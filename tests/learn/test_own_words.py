"""Every article and every exercise's words are our own (see own_words.py)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import frontmatter
import pytest

from tests.learn.own_words import RUN, matches, shingles, source_hashes

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "content" / "learn").glob("*/*.md"))
# The exercises' words: every language's routines and breathing patterns.
EXERCISES = sorted((ROOT / "content" / "exercises").glob("*/*.toml"))
FACTS = ROOT.parent / "shared" / "content-facts.md"  # read live too when this checkout has it
# The red-flag article's list of signs belongs to the warning-signs data
# (content/safety), owned by the screener; this check covers the prose around it.
SIGNS_SECTION = "## Signs to look out for"


@pytest.fixture(scope="module")
def hashes() -> set[str]:
    return source_hashes()


@pytest.fixture(scope="module")
def live_facts() -> set[str]:
    return shingles(FACTS.read_text(encoding="utf-8")) if FACTS.is_file() else set()


def article_prose(path: Path) -> str:
    body = frontmatter.load(str(path)).content
    if SIGNS_SECTION in body:
        before, after = body.split(SIGNS_SECTION, 1)
        rest = after.split("\n## ", 1)
        body = before + ("\n## " + rest[1] if len(rest) > 1 else "")
    return body


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_article_shares_a_run_of_eight_words_with_a_source(path, hashes, live_facts):
    post = frontmatter.load(str(path))
    text = "\n\n".join((post.metadata.get("title", ""), post.metadata.get("summary", ""),
                        article_prose(path)))
    assert matches(text, hashes, live_facts) == []


def exercise_texts(data: object) -> list[str]:
    """Every block of words in an exercise file: a table's fields, joined as paragraphs."""
    if isinstance(data, list):
        return [text for item in data for text in exercise_texts(item)]
    if not isinstance(data, dict):
        return []
    own = "\n\n".join(v for v in data.values() if isinstance(v, str) and " " in v)
    nested = [v for v in data.values() if not isinstance(v, str)]
    return ([own] if own else []) + exercise_texts(nested)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_exercise_step_shares_a_run_of_eight_words_with_a_source(path, hashes, live_facts):
    texts = exercise_texts(tomllib.loads(path.read_text(encoding="utf-8")))
    assert len(texts) >= 5  # the file's words were found, so the check below means something
    found = {text: matches(text, hashes, live_facts) for text in texts}
    assert {text: runs for text, runs in found.items() if runs} == {}


def test_the_check_catches_a_copied_sentence(hashes):
    copied = ("Anxiety twitching often gets worse when you're trying to go to sleep, "
              "but usually stops.")
    assert matches(copied, hashes)
    shuffled = "Twitching from anxiety can feel worse as you try to fall asleep and often stops."
    assert matches(shuffled, hashes) == []


def test_runs_never_join_two_table_cells_or_list_items():
    text = "| one two three four | five six seven eight |\n\n- a b c d\n- e f g h"
    assert shingles(text) == set()
    runs = shingles("one two three four five six seven eight nine")
    assert all(len(run.split()) == RUN for run in runs)
