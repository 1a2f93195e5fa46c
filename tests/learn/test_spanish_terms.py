"""The Spanish content calls a twitch "espasmo", never "temblor".

In Spanish "temblor" is a tremor: rhythmic shaking, a different sign that a doctor
reads differently and a frightened reader may take for something worse. It stays only
where a real tremor is meant, and then always beside the twitch it differs from."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPANISH_FILES = sorted([*(ROOT / "content" / "learn" / "es").glob("*.md"),
                        *(ROOT / "content" / "exercises" / "es").glob("*.toml"),
                        *(ROOT / "content" / "safety").glob("*.es.toml")])
TREMOR = re.compile(r"\b(?:temblor\w*|tembl\w*|tiembl\w*)", re.IGNORECASE)
SENTENCE = re.compile(r"[^.!?¿¡\n]+")


def tremor_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if TREMOR.search(s)]


def test_the_check_covers_every_kind_of_spanish_content():
    names = {p.relative_to(ROOT).parts[1] for p in SPANISH_FILES}
    assert names == {"learn", "exercises", "safety"}


@pytest.mark.parametrize("path", SPANISH_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_tremor_is_only_named_beside_the_twitch_it_differs_from(path):
    text = path.read_text(encoding="utf-8")
    loose = [s for s in tremor_sentences(text) if not re.search(r"espasmo", s, re.IGNORECASE)]
    assert loose == [], f"'temblor' used for a twitch in {path.name}: use 'espasmo'"


def test_the_sentence_check_sees_a_loose_temblor():
    assert tremor_sentences("Un temblor puede pasar. Temblores o espasmos.") == [
        "Un temblor puede pasar", "Temblores o espasmos"]
