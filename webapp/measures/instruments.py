"""The questionnaires' words, from content/measures/<language>/<key>.toml.

Checked when the app starts (``init_app``): a file with a missing or empty field,
the wrong number of items for its instrument's scoring rules, or other than four
answer options stops the app with a message naming the file and the field, so a
broken questionnaire can never reach a person. English must have every
instrument; another language (the official Spanish versions, say) adds a folder
with the same files and is used for people reading in that language."""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from flask import Flask, current_app
from flask_babel import get_locale

from webapp.measures.scoring import ANSWER_MAX, INSTRUMENTS, ORDER, Rules

DEFAULT_LANGUAGE = "en"
FOLDER = Path(__file__).resolve().parent.parent.parent / "content" / "measures"
EXTENSION_KEY = "steady_measures"
TEXT_FIELDS = ("name", "title", "stem", "attribution", "reference", "source")


class MeasuresError(ValueError):
    """A questionnaire file cannot be used as written; the message says where and why."""


@dataclass(frozen=True)
class Instrument:
    """One questionnaire in one language: its words, with its scoring rules."""

    key: str
    language: str
    name: str
    title: str
    stem: str
    attribution: str
    reference: str
    source: str
    options: tuple[str, ...]
    items: tuple[str, ...]
    difficulty: str | None
    difficulty_options: tuple[str, ...]
    rules: Rules


def _text(data: Mapping[str, Any], field: str, where: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise MeasuresError(f"{where}: '{field}' must be non-empty text")
    return value.strip()


def _texts(data: Mapping[str, Any], field: str, where: str, count: int) -> tuple[str, ...]:
    values = data.get(field)
    if not isinstance(values, list) or len(values) != count or not all(
            isinstance(v, str) and v.strip() for v in values):
        raise MeasuresError(f"{where}: '{field}' must be a list of {count} non-empty texts")
    return tuple(v.strip() for v in values)


def parse_instrument(key: str, data: Mapping[str, Any], where: str) -> Instrument:
    """One file's contents, checked against ``key``'s scoring rules."""
    rules = INSTRUMENTS[key]
    language = _text(data, "language", where)
    texts = {field: _text(data, field, where) for field in TEXT_FIELDS}
    options = _texts(data, "options", where, ANSWER_MAX + 1)
    items = _texts(data, "items", where, rules.items)
    difficulty: str | None = None
    difficulty_options: tuple[str, ...] = ()
    if rules.difficulty:
        table = data.get("difficulty")
        if not isinstance(table, dict):
            raise MeasuresError(f"{where}: '[difficulty]' with 'question' and 'options' "
                                "is part of this questionnaire")
        difficulty = _text(table, "question", f"{where} [difficulty]")
        difficulty_options = _texts(table, "options", f"{where} [difficulty]", ANSWER_MAX + 1)
    return Instrument(key=key, language=language, options=options, items=items,
                      difficulty=difficulty, difficulty_options=difficulty_options,
                      rules=rules, **texts)


def load_language(folder: Path) -> dict[str, Instrument]:
    """Every instrument one language folder has (English must have them all)."""
    found = {}
    for key in ORDER:
        path = folder / f"{key}.toml"
        where = f"{path.parent.name}/{path.name}"
        if not path.exists():
            if folder.name == DEFAULT_LANGUAGE:
                raise MeasuresError(f"{where}: missing; English needs every questionnaire")
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise MeasuresError(f"{where}: not valid TOML ({err})") from err
        instrument = parse_instrument(key, data, where)
        if instrument.language != folder.name:
            raise MeasuresError(f"{where}: 'language' says {instrument.language!r} in the "
                                f"{folder.name!r} folder")
        found[key] = instrument
    return found


def load_all(folder: Path = FOLDER) -> Mapping[str, Mapping[str, Instrument]]:
    """language -> key -> Instrument, for every language folder."""
    if not (folder / DEFAULT_LANGUAGE).is_dir():
        raise MeasuresError(f"{folder}: no '{DEFAULT_LANGUAGE}' folder of questionnaires")
    languages = {sub.name: MappingProxyType(load_language(sub))
                 for sub in sorted(folder.iterdir()) if sub.is_dir()}
    return MappingProxyType(languages)


def init_app(app: Flask) -> None:
    """Check every questionnaire now, so a broken file stops the app from starting."""
    app.extensions[EXTENSION_KEY] = load_all(Path(app.config.get("MEASURES_FOLDER") or FOLDER))


def instrument(key: str, language: str | None = None) -> Instrument | None:
    """``key`` in ``language`` (default: the page's), else in English; None for no such key."""
    languages = current_app.extensions[EXTENSION_KEY]
    wanted = language or str(get_locale() or DEFAULT_LANGUAGE).split("_")[0]
    found = languages.get(wanted, {}).get(key)
    return found or languages[DEFAULT_LANGUAGE].get(key)


def all_instruments() -> list[Instrument]:
    """Every questionnaire in the page's language, in the order people see them."""
    return [found for key in ORDER if (found := instrument(key)) is not None]
