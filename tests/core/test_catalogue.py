"""The Spanish catalogue is complete and is what the app loads: every message the
code asks for has a Spanish translation (no empty, no fuzzy, every plural form),
placeholders and tags survive, and the compiled .mo the app reads says the same
as the .po a translator edits. `make messages` extracts, updates and compiles."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.core.test_pseudo_locale import extracted_messages

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "webapp" / "translations"
LANGUAGES = ["es"]
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[a-z%]")
TAG = re.compile(r"</?([a-zA-Z0-9]+)")


def catalogue(language: str):
    with (FOLDER / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po)


def ids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (tuple, list)) else (message.id,)


def strings(message) -> tuple[str, ...]:
    said = message.string
    return tuple(said) if isinstance(said, (tuple, list)) else (said,)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_the_code_asks_for_is_translated(language):
    translated = {text for m in catalogue(language) if m.id and all(strings(m))
                  and "fuzzy" not in m.flags for text in ids(m)}
    missing = sorted(extracted_messages() - translated)
    assert not missing, f"{len(missing)} untranslated (run `make messages`): {missing[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_tags(language):
    wrong = []
    for m in catalogue(language):
        if not m.id:
            continue
        source = ids(m)
        for said in strings(m):
            # A plural's "one" form may say "un" instead of %(num)d; nothing new appears.
            found = PLACEHOLDER.findall(said)
            if len(source) == 1:
                right = sorted(found) == sorted(PLACEHOLDER.findall(source[0]))
            else:
                right = set(found) <= set(PLACEHOLDER.findall(" ".join(source)))
            if not right or sorted(TAG.findall(said)) != sorted(TAG.findall(source[0])):
                wrong.append(source[0])
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_one_translators_edit(language):
    with (FOLDER / language / "LC_MESSAGES" / "messages.mo").open("rb") as mo:
        compiled = {(ids(m), m.context): tuple(strings(m)) for m in read_mo(mo) if m.id}
    edited = {(ids(m), m.context): tuple(strings(m)) for m in catalogue(language) if m.id}
    assert compiled == edited, "run `make messages` to compile the catalogue again"
