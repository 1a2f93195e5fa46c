"""Every page, form error and sync refusal reads in Spanish for a Spanish speaker.

The same walk as the pseudo-locale test (every GET page signed out, as a person
with demo data and as their therapist; every form posted empty and wrong; the sync
API's refusals), with the real Spanish catalogue and `Accept-Language: es`. What
would show English there: a message the catalogue has but the page did not ask
for in Spanish (words translated once at import time, a lazy string turned into
text too early, a `force_locale` left behind), and dates written by strftime."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from tests.core.test_pseudo_locale import (
    PLACEHOLDER,
    walk_forms,
    walk_pages,
    walk_sync,
    world,  # noqa: F401  (the walk's people, a fixture)
)

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "webapp" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
# Full names only: "Mar", "Sol" or "May" could be Spanish words or names.
ENGLISH_DATES = ["January", "February", "March", "April", "June", "July", "August", "September",
                 "October", "November", "December", "Monday", "Tuesday", "Wednesday",
                 "Thursday", "Friday", "Saturday", "Sunday"]


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"BABEL_DEFAULT_LOCALE": "es"}


def english_sentences() -> list[str]:
    """Catalogue messages of three words or more whose Spanish differs: any of
    them on a Spanish page is English a person reads."""
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    found = []
    for message in catalogue:
        if not message.id or isinstance(message.id, tuple) or PLACEHOLDER.search(message.id):
            continue
        if len(message.id.split()) >= 3 and message.string != message.id:
            found.append(message.id)
    return found


class EnglishLeft:
    def __init__(self) -> None:
        self.sentences = english_sentences()
        self.found: dict[str, set[str]] = {}
        self.pages = 0

    def check(self, where: str, pieces: list[str]) -> None:
        self.pages += 1
        if where.split("?")[0].endswith("GET /sw.js"):
            return  # the worker carries every language's words: its Spanish is checked below
        text = " ".join(" ".join(html.unescape(p).split()) for p in pieces)
        words = set(text.replace(",", " ").replace(".", " ").split())
        for english in [*(s for s in self.sentences if s in text),
                        *(d for d in ENGLISH_DATES if d in words)]:
            self.found.setdefault(english, set()).add(where)

    def report(self) -> str:
        return "\n".join(f"  {text!r} on {', '.join(sorted(where)[:3])}"
                         for text, where in sorted(self.found.items()))


def test_every_page_a_spanish_speaker_opens_reads_in_spanish(app, world):  # noqa: F811
    for client in world["actors"].values():
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es-MX,es;q=0.9"
    assert len(english_sentences()) > 800
    findings = EnglishLeft()
    forms = walk_pages(app, world, findings)  # type: ignore[arg-type]
    walk_forms(app, world, forms, findings)  # type: ignore[arg-type]
    walk_sync(app, world, forms, findings)  # type: ignore[arg-type]
    assert findings.pages > 300
    assert not findings.found, "English on Spanish pages:\n" + findings.report()


def test_the_workers_spanish_words_are_spanish(client):
    worker = client.get("/sw.js").get_data(as_text=True)
    texts = json.loads(re.search(r"self\.STEADY = (\{.*?\});\n", worker, re.S).group(1))["texts"]
    spanish = " ".join(str(v) for v in texts["es"].values())
    english = " ".join(str(v) for v in texts["en"].values())
    assert texts["es"]["lang"] == "es"
    assert [s for s in english_sentences() if s in english]  # the English words are there...
    assert not [s for s in english_sentences() if s in spanish]  # ...and not in the Spanish
