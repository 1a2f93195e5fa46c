"""Content files are read once per process while unchanged: an edited file is read
again, and a broken one fails every load (never served from an earlier good read)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from webapp.content_files import KeptWhileUnchanged


def write(path: Path, text: str, tick: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(tick, tick))  # a distinct change time, however fast the test runs


def test_an_unchanged_folder_is_read_once_and_an_edited_one_again(tmp_path: Path):
    (tmp_path / "en").mkdir()
    article = tmp_path / "en" / "a.md"
    write(article, "first", 1_000_000_000)
    reads: list[str] = []
    kept: KeptWhileUnchanged[str] = KeptWhileUnchanged("*/*.md")

    def load() -> str:
        reads.append(article.read_text())
        return reads[-1]

    assert kept.get(tmp_path, load) == "first"
    assert kept.get(tmp_path, load) == "first"
    assert reads == ["first"]
    write(article, "second", 2_000_000_000)
    assert kept.get(tmp_path, load) == "second"
    write(tmp_path / "en" / "b.md", "new", 3_000_000_000)  # a file added
    kept.get(tmp_path, load)
    assert len(reads) == 3


def test_a_failed_load_is_never_kept(tmp_path: Path):
    (tmp_path / "en").mkdir()
    write(tmp_path / "en" / "a.md", "broken", 1_000_000_000)
    tries: list[int] = []
    kept: KeptWhileUnchanged[str] = KeptWhileUnchanged("*/*.md")

    def load() -> str:
        tries.append(1)
        raise ValueError("broken content")

    for _ in range(2):
        with pytest.raises(ValueError):
            kept.get(tmp_path, load)
    assert len(tries) == 2
