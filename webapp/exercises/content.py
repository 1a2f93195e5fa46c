"""Exercise words kept as data: content/exercises/<language>/<file>.toml.

patterns.py and routines.py each read their own file through a DataFile, which
checks every language when the app starts: a missing, empty or unknown field
stops the start with a message naming the file and the field, and a
translation must keep English's exercises, kinds and seconds (only its words
may differ). Requests read the request's language, falling back to English."""
from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from flask import Flask, current_app, has_app_context, has_request_context
from flask_babel import get_locale

from webapp.content_files import KeptWhileUnchanged
from webapp.learn.render import ContentError

DEFAULT_LANGUAGE = "en"
FOLDER = Path(__file__).resolve().parent.parent.parent / "content" / "exercises"
FOLDER_SETTING = "EXERCISES_CONTENT_DIR"  # tests point it at a folder of their own
LANGUAGE_RE = re.compile(r"^[a-z]{2}(?:_[A-Z]{2})?$")
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

T = TypeVar("T")
V = TypeVar("V")

__all__ = ["ContentError", "Current", "DataFile", "Table"]


class Table:
    """One TOML table being read; every problem names ``where`` it is."""

    def __init__(self, data: Any, where: str, fields: set[str]) -> None:
        if not isinstance(data, dict):
            raise ContentError(f"{where}: must be a table of fields")
        unknown = sorted(set(data) - fields)
        if unknown:
            known = ", ".join(sorted(fields))
            raise ContentError(f"{where}: unknown field '{unknown[0]}' (known: {known})")
        self.data = data
        self.where = where

    def text(self, field: str) -> str:
        value = self.data.get(field)
        if not isinstance(value, str) or not value.strip():
            raise ContentError(f"{self.where}: '{field}' must be some words")
        return value.strip()

    def key(self, field: str) -> str:
        value = self.text(field)
        if not KEY_RE.match(value):
            raise ContentError(f"{self.where}: '{field}' must be lower-case words joined by "
                               f"hyphens, not '{value}'")
        return value

    def choice(self, field: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.data.get(field, default)
        if value not in options:
            raise ContentError(f"{self.where}: '{field}' must be one of {', '.join(options)}")
        return value

    def number(self, field: str, low: float, high: float, step: float = 1) -> Any:
        """A count of seconds or beats from low to high, in whole multiples of step;
        an int stays an int, so it renders as it was written."""
        value = self.data.get(field)
        if (isinstance(value, bool) or not isinstance(value, int | float)
                or not math.isfinite(value)):
            raise ContentError(f"{self.where}: '{field}' must be a number")
        if not low <= value <= high or value / step != int(value / step):
            raise ContentError(f"{self.where}: '{field}' must be from {low:g} to {high:g} "
                               f"in steps of {step:g}, not {value:g}")
        return value

    def tables(self, field: str, fields: set[str], name: Callable[[int, Any], str]) -> list[Table]:
        """A non-empty list of tables; ``name(i, raw)`` says which one for messages."""
        raw = self.data.get(field)
        if not isinstance(raw, list) or not raw:
            raise ContentError(f"{self.where}: needs at least one '{field}' entry")
        return [Table(item, f"{self.where}, {name(i, item)}", fields) for i, item in enumerate(raw)]


def read(path: Path, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{where}: cannot be read ({exc})") from exc


class DataFile(Generic[T]):
    """One file per language folder: ``parse(data, where)`` builds it, ``shape(it)``
    is what a translation must keep the same as English."""

    def __init__(self, name: str, parse: Callable[[dict[str, Any], str], T],
                 shape: Callable[[T], object]) -> None:
        self.name = name
        self.parse = parse
        self.shape = shape
        self.extension_key = f"steady_exercises_{name}"
        self._loaded: KeptWhileUnchanged[Mapping[str, T]] = KeptWhileUnchanged(f"*/{name}")

    def load(self, folder: Path) -> Mapping[str, T]:
        """Every <folder>/<language>/<name>, checked; raise ContentError on the first
        problem (kept for the process while the files are unchanged)."""
        return self._loaded.get(folder, lambda: self._read(folder))

    def _read(self, folder: Path) -> Mapping[str, T]:
        found: dict[str, T] = {}
        languages = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        for language_dir in languages:
            path = language_dir / self.name
            where = f"{language_dir.name}/{self.name}"
            if not path.is_file():
                continue
            if not LANGUAGE_RE.match(language_dir.name):
                raise ContentError(f"{where}: '{language_dir.name}' is not a language code "
                                   "like en or pt_BR")
            found[language_dir.name] = self.parse(read(path, where), where)
        if DEFAULT_LANGUAGE not in found:
            raise ContentError(f"{folder}: there is no {DEFAULT_LANGUAGE}/{self.name}")
        english = self.shape(found[DEFAULT_LANGUAGE])
        for language, content in found.items():
            if self.shape(content) != english:
                raise ContentError(f"{language}/{self.name}: its exercises, kinds or seconds "
                                   f"differ from {DEFAULT_LANGUAGE}/{self.name}; a translation "
                                   "changes only the words")
        return MappingProxyType(found)

    def init_app(self, app: Flask) -> None:
        """Load and check every language now, so a broken file stops the start."""
        folder = Path(app.config.get(FOLDER_SETTING) or FOLDER)
        app.extensions[self.extension_key] = self.load(folder)

    @cached_property
    def shipped(self) -> Mapping[str, T]:
        """The project's own files, for code running outside an app (loaded once)."""
        return self.load(FOLDER)

    def current(self) -> T:
        """The file in the request's language (English outside a request or without one)."""
        by_language = current_app.extensions.get(self.extension_key) if has_app_context() else None
        if by_language is None:
            by_language = self.shipped
        locale = get_locale() if has_request_context() else None
        language = str(locale) if locale else DEFAULT_LANGUAGE
        return (by_language.get(language) or by_language.get(language.split("_")[0])
                or by_language[DEFAULT_LANGUAGE])


class Current(Mapping[str, V]):
    """Read-only items of a DataFile in the request's language, looked up on each
    use (as a lazily translated string is): keys and timings are the same in every
    language, so code that only checks them reads the same either way."""

    def __init__(self, file: DataFile[T], pick: Callable[[T], Mapping[str, V]]) -> None:
        self._file = file
        self._pick = pick

    def _items(self) -> Mapping[str, V]:
        return self._pick(self._file.current())

    def __getitem__(self, key: str) -> V:
        return self._items()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def __repr__(self) -> str:
        return f"<{self._file.name} in the current language: {', '.join(self)}>"
