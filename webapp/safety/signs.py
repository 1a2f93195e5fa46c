"""The warning signs: one list, read by the red-flag screener and the red-flag
article, from content/safety/warning_signs.<language>.toml.

The files are checked when the app starts: a sign without a key, a question,
an article line or a known urgency stops the app with a message naming the
file and the sign, so a broken list can never reach a person."""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from flask import Flask
from flask_babel import get_locale

from webapp.learn.render import register_block

EMERGENCY, THIS_WEEK, APPOINTMENT = "emergency", "this_week", "appointment"
URGENCY_ORDER = (EMERGENCY, THIS_WEEK, APPOINTMENT)  # most urgent first
DEFAULT_LANGUAGE = "en"
FOLDER = Path(__file__).resolve().parent.parent.parent / "content" / "safety"
FILE_RE = re.compile(r"^warning_signs\.([a-z]{2}(?:_[A-Z]{2})?)\.toml$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SIGN_FIELDS = {"key", "urgency", "question", "article", "since_visit", "after_visit"}


class SignsError(ValueError):
    """The warning-signs file cannot be used as written; the message says where and why."""


@dataclass(frozen=True)
class Level:
    key: str
    title: str
    advice: str
    note: str  # a calm extra line (the panic-attack line for emergencies), or ""


@dataclass(frozen=True)
class Sign:
    key: str
    urgency: str
    question: str
    article: str
    since_visit: str  # the question after a doctor's check; "" means ask `question`
    after_visit: bool  # False: not asked once a doctor has checked

    def question_for(self, after_visit: bool) -> str:
        return (self.since_visit or self.question) if after_visit else self.question


@dataclass(frozen=True)
class Escalation:
    article: str
    to_this_week: str
    to_emergency: str


@dataclass(frozen=True)
class Columns:
    urgency: str
    sign: str
    action: str


@dataclass(frozen=True)
class Catalogue:
    language: str
    article_columns: Columns
    levels: Mapping[str, Level]
    signs: tuple[Sign, ...]
    escalation: Escalation

    @property
    def by_key(self) -> Mapping[str, Sign]:
        return MappingProxyType({s.key: s for s in self.signs})

    def questions(self, after_visit: bool = False) -> tuple[Sign, ...]:
        """The signs the screener asks about, in urgency order."""
        return tuple(s for s in self.signs if s.after_visit or not after_visit)

    def by_urgency(self, urgency: str) -> tuple[Sign, ...]:
        return tuple(s for s in self.signs if s.urgency == urgency)


def _text(table: Mapping[str, Any], field: str, where: str, required: bool = True) -> str:
    value = table.get(field, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise SignsError(f"{where}: needs a '{field}' text")
    return " ".join(value.split())


def _level(raw: Any, key: str, where: str) -> Level:
    if not isinstance(raw, dict):
        raise SignsError(f"{where}: needs a [levels.{key}] table")
    here = f"{where} [levels.{key}]"
    return Level(key=key, title=_text(raw, "title", here), advice=_text(raw, "advice", here),
                 note=_text(raw, "note", here, required=False))


def _sign(raw: Any, index: int, where: str) -> Sign:
    if not isinstance(raw, dict):
        raise SignsError(f"{where}: sign {index} is not a table")
    key = raw.get("key")
    here = f"{where} sign {index} ({key or 'no key'})"
    if not isinstance(key, str) or not KEY_RE.match(key):
        raise SignsError(f"{here}: needs a 'key' of lower-case letters, digits and _")
    unknown = set(raw) - SIGN_FIELDS
    if unknown:
        raise SignsError(f"{here}: unknown field(s) {sorted(unknown)}")
    if raw.get("urgency") not in URGENCY_ORDER:
        raise SignsError(f"{here}: 'urgency' must be one of {', '.join(URGENCY_ORDER)}")
    after_visit = raw.get("after_visit", True)
    if not isinstance(after_visit, bool):
        raise SignsError(f"{here}: 'after_visit' must be true or false")
    since_visit = _text(raw, "since_visit", here, required=False)
    if since_visit and not after_visit:
        raise SignsError(f"{here}: a sign not asked after a visit needs no 'since_visit'")
    return Sign(key=key, urgency=raw["urgency"], question=_text(raw, "question", here),
                article=_text(raw, "article", here), since_visit=since_visit,
                after_visit=after_visit)


def load_file(path: Path) -> Catalogue:
    """One language's list, checked; raises SignsError naming the problem."""
    match = FILE_RE.match(path.name)
    if not match:
        raise SignsError(f"{path.name}: name it warning_signs.<language>.toml")
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SignsError(f"{where}: not valid TOML ({exc})") from None
    levels_raw = data.get("levels")
    if not isinstance(levels_raw, dict) or set(levels_raw) != set(URGENCY_ORDER):
        raise SignsError(f"{where}: needs exactly the levels {', '.join(URGENCY_ORDER)}")
    levels = {key: _level(levels_raw[key], key, where) for key in URGENCY_ORDER}
    raw_signs = data.get("signs")
    if not isinstance(raw_signs, list) or not raw_signs:
        raise SignsError(f"{where}: needs [[signs]] entries")
    signs = [_sign(raw, i, where) for i, raw in enumerate(raw_signs, start=1)]
    keys = [s.key for s in signs]
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled:
        raise SignsError(f"{where}: the key(s) {doubled} appear more than once")
    for urgency in URGENCY_ORDER:
        if not any(s.urgency == urgency for s in signs):
            raise SignsError(f"{where}: no sign has the urgency '{urgency}'")
    escalation_raw = data.get("escalation")
    if not isinstance(escalation_raw, dict):
        raise SignsError(f"{where}: needs an [escalation] table")
    here = f"{where} [escalation]"
    escalation = Escalation(article=_text(escalation_raw, "article", here),
                            to_this_week=_text(escalation_raw, "to_this_week", here),
                            to_emergency=_text(escalation_raw, "to_emergency", here))
    columns_raw = data.get("article")
    if not isinstance(columns_raw, dict):
        raise SignsError(f"{where}: needs an [article] table with the column headers")
    here = f"{where} [article]"
    columns = Columns(urgency=_text(columns_raw, "urgency", here),
                      sign=_text(columns_raw, "sign", here),
                      action=_text(columns_raw, "action", here))
    ordered = sorted(signs, key=lambda s: URGENCY_ORDER.index(s.urgency))  # stable within a level
    return Catalogue(language=match.group(1), article_columns=columns,
                     levels=MappingProxyType(levels),
                     signs=tuple(ordered), escalation=escalation)


def load_folder(folder: Path) -> Mapping[str, Catalogue]:
    """Every language's list in `folder`; English must be there, and every other
    language must use the same keys (stored answers name them)."""
    catalogues = {}
    for path in sorted(folder.glob("warning_signs.*")):
        catalogue = load_file(path)
        catalogues[catalogue.language] = catalogue
    if DEFAULT_LANGUAGE not in catalogues:
        raise SignsError(f"{folder}: no warning_signs.{DEFAULT_LANGUAGE}.toml")
    english = set(catalogues[DEFAULT_LANGUAGE].by_key)
    for language, catalogue in catalogues.items():
        if set(catalogue.by_key) != english:
            raise SignsError(f"warning_signs.{language}.toml: its keys differ from English")
    return MappingProxyType(catalogues)


@cache
def catalogues() -> Mapping[str, Catalogue]:
    """The project's lists, loaded once per process."""
    return load_folder(FOLDER)


def for_language(language: str) -> Catalogue:
    """The list in `language` (e.g. "en" or "pt_BR"), else English."""
    found = catalogues()
    return found.get(language) or found.get(language.split("_")[0]) or found[DEFAULT_LANGUAGE]


def current() -> Catalogue:
    """The list in the request's language (needs a request or app context)."""
    locale = get_locale()
    return for_language(str(locale) if locale else DEFAULT_LANGUAGE)


def init_app(app: Flask) -> None:
    """Check every list now, so a malformed one stops the app from starting."""
    app.extensions["steady_warning_signs"] = catalogues()



MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>])")


def _cell(text: str) -> str:
    """Data text as literal Markdown: nothing in it becomes a link, emphasis or tag."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def article_markdown(catalogue: Catalogue) -> str:
    """The list as the red-flag article shows it: a table sorted by urgency (sign,
    and what to do), then the calm panic-attack line and the escalation rule."""
    head = catalogue.article_columns
    lines = [f"| {_cell(head.urgency)} | {_cell(head.sign)} | {_cell(head.action)} |",
             "|---|---|---|"]
    for sign in catalogue.signs:
        level = catalogue.levels[sign.urgency]
        lines.append(f"| {_cell(level.title)} | {_cell(sign.article)} | {_cell(level.advice)} |")
    notes = [_cell(catalogue.levels[u].note) for u in URGENCY_ORDER if catalogue.levels[u].note]
    return "\n".join(lines) + "\n\n" + "\n\n".join([*notes, _cell(catalogue.escalation.article)])


# The red-flag article shows this list wherever it says [[warning-signs]].
register_block("warning-signs", lambda language: article_markdown(for_language(language)))
