"""Our own words: no run of 8 or more words may match the sources we learned from.

Text is compared as 8-word shingles after lower-casing and dropping punctuation,
one block at a time (a paragraph, a list item or a table cell), so two short
neighbouring cells never count as one run. The sources are kept only as hashes
of their shingles (source_shingles.txt): content-facts.md plus the public pages
it points to (NHS "Twitching eyes and muscles", MedlinePlus "Muscle twitching",
Healthline "Anxiety twitching", Mayo Clinic "Eye twitching"), so their text is
never copied into this repository. Rebuild after adding a source:

    python -m tests.learn.own_words SOURCE.txt [...] > tests/learn/source_shingles.txt
"""
from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN = 8
HASHES = Path(__file__).with_name("source_shingles.txt")
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# A new block starts at a blank line, a table cell border, or a list item.
BLOCK_RE = re.compile(r"\n\s*\n|\||\n\s*(?:[-*+]|\d+\.)\s+")


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return WORD_RE.findall(text)


def blocks(text: str) -> Iterator[list[str]]:
    for block in BLOCK_RE.split(text):
        found = words(block)
        if len(found) >= RUN:
            yield found


def shingles(text: str) -> set[str]:
    runs = set()
    for found in blocks(text):
        runs.update(" ".join(found[i:i + RUN]) for i in range(len(found) - RUN + 1))
    return runs


def digest(run: str) -> str:
    return hashlib.sha256(run.encode()).hexdigest()[:16]


def source_hashes() -> set[str]:
    return {line.strip() for line in HASHES.read_text().splitlines()
            if line.strip() and not line.startswith("#")}


def matches(text: str, hashes: set[str], extra_runs: Iterable[str] = ()) -> list[str]:
    """The runs of `text` that also appear in a source, longest story first."""
    extra = set(extra_runs)
    return sorted(run for run in shingles(text) if digest(run) in hashes or run in extra)


def main(paths: list[str]) -> None:
    runs: set[str] = set()
    for path in paths:
        runs |= shingles(Path(path).read_text(encoding="utf-8"))
    print("# sha256[:16] of every 8-word run in the sources; see tests/learn/own_words.py")
    print("\n".join(sorted(digest(run) for run in runs)))


if __name__ == "__main__":
    main(sys.argv[1:])
