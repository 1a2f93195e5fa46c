"""Content read from files at start (Learn articles, exercise and routine files),
kept for the process while its files are unchanged: an app made again in the same
process (each test makes one; a gunicorn worker after a reload) does not parse and
check them all again. A load that fails is never kept, so broken content stops
every start that reads it."""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Signature = tuple[tuple[str, int, int], ...]


def signature(folder: Path, pattern: str) -> Signature | None:
    """Every file under ``folder`` matching ``pattern``, with its size and change
    time; None when the folder cannot be read."""
    try:
        return tuple((str(path), stat.st_mtime_ns, stat.st_size)
                     for path in sorted(folder.glob(pattern)) for stat in (path.stat(),))
    except OSError:
        return None


class KeptWhileUnchanged(Generic[T]):
    """What a loader made of the files matching ``pattern`` in a folder, by folder."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._kept: dict[Path, tuple[tuple[Signature, Hashable], T]] = {}
        self._lock = threading.Lock()

    def get(self, folder: Path, load: Callable[[], T], also: Hashable = None) -> T:
        """The kept result for ``folder`` if its files are as they were, else ``load()``.
        ``also``: anything else the result is made from (kept only while equal)."""
        files = signature(folder, self.pattern)
        before = None if files is None else (files, also)
        with self._lock:
            kept: Any = self._kept.get(folder)
        if before is not None and kept is not None and kept[0] == before:
            return kept[1]
        made = load()
        if before is not None and signature(folder, self.pattern) == files:
            with self._lock:
                self._kept[folder] = (before, made)
        return made
