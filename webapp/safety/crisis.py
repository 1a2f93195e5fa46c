"""Emergency numbers and crisis lines by region, from content/safety/crisis_lines.toml.

Loaded and checked once at app start, like the articles: a region without an
emergency number or a crisis line, a line without a source, or a number that
cannot be dialled stops the app from starting. Which region a person sees first
comes from the `region` cookie they chose, else from their browser's languages.

The words a person reads (a region's name, a line's name and note) are English in
the plain keys; another language's sit beside them (`es.note = "..."`), and a page
in that language shows them, falling back to English line by line. The numbers and
sources exist once, so a translation can never change what is dialled."""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from flask import Flask, current_app
from flask_babel import get_locale
from werkzeug.datastructures import LanguageAccept

from webapp.learn.library import source_url_problem
from webapp.learn.render import ContentError

EXTENSION_KEY = "steady_crisis"
REGION_COOKIE = "region"
FALLBACK_KEY = "other"
KINDS = ("emergency", "crisis", "urgent")
CONTACTS = ("call", "text", "call-or-text")
REQUIRED_KINDS = ("emergency", "crisis")
REGION_KEY_RE = re.compile(r"^[A-Z]{2}$")
DIGITS_RE = re.compile(r"^\*?[0-9]{3,15}$")  # a leading * is a short code (Chile's *4141)
DEFAULT_LANGUAGE = "en"
LANGUAGE_KEY_RE = re.compile(r"^[a-z]{2}(?:_[A-Z]{2})?$")  # es, pt_BR: a table of words


@dataclass(frozen=True)
class Line:
    kind: str
    name: str
    number: str  # as people write it: "116 123" or "*4141"
    contact: str
    note: str
    source: str
    text_word: str = ""
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def in_language(self, language: str) -> Line:
        words = self.words.get(language, {})
        return replace(self, name=words.get("name", self.name), note=words.get("note", self.note))

    @property
    def digits(self) -> str:
        return re.sub(r"[^0-9*]", "", self.number)

    @property
    def can_call(self) -> bool:
        return self.contact in ("call", "call-or-text")

    @property
    def can_text(self) -> bool:
        return self.contact in ("text", "call-or-text")


@dataclass(frozen=True)
class Region:
    key: str
    name: str
    countries: tuple[str, ...]
    lines: tuple[Line, ...]
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def in_language(self, language: str) -> Region:
        return replace(self, name=self.words.get(language, {}).get("name", self.name),
                       lines=tuple(line.in_language(language) for line in self.lines))

    def of_kind(self, kind: str) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.kind == kind)


@dataclass(frozen=True)
class Fallback:
    key: str
    name: str
    url: str
    label: str
    note: str
    source: str
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def in_language(self, language: str) -> Fallback:
        words = self.words.get(language, {})
        return replace(self, name=words.get("name", self.name), note=words.get("note", self.note))


@dataclass(frozen=True)
class Directory:
    checked: dt.date
    regions: Mapping[str, Region]  # in the file's order
    fallback: Fallback
    by_country: Mapping[str, str]
    # The same directory with another language's words, by language ("es").
    languages: Mapping[str, Directory] = field(default_factory=dict, compare=False, repr=False)

    def for_language(self, language: str) -> Directory:
        """The directory in `language` ("es" or "es_MX"), else this (English) one."""
        return (self.languages.get(language) or self.languages.get(language.split("_")[0])
                or self)

    def choices(self) -> tuple[tuple[str, str], ...]:
        """(key, name) for the region form: every region, then "somewhere else"."""
        return (*((r.key, r.name) for r in self.regions.values()),
                (self.fallback.key, self.fallback.name))

    def is_choice(self, key: str | None) -> bool:
        return key == self.fallback.key or key in self.regions

    def region_for_languages(self, languages: Iterable[str]) -> str:
        """The first language tag with a known country picks the region (en-GB -> GB)."""
        for tag in languages:
            parts = re.split(r"[-_]", tag.strip())
            for part in parts[1:]:
                if len(part) == 2 and part.isalpha() and part.upper() in self.by_country:
                    return self.by_country[part.upper()]
        return self.fallback.key


def _text(table: Mapping, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: needs a '{key}'")
    return value.strip()


def _words(table: Mapping, fields: tuple[str, ...], where: str) -> Mapping[str, Mapping[str, str]]:
    """The table's words in other languages: `es.note = "..."` beside the English `note`."""
    found: dict[str, Mapping[str, str]] = {}
    for language, words in table.items():
        if not LANGUAGE_KEY_RE.match(language):
            continue
        if language == DEFAULT_LANGUAGE:
            raise ContentError(f"{where}: English is the plain '{fields[-1]}', not '{language}'")
        if not isinstance(words, Mapping) or not words:
            raise ContentError(f"{where}: '{language}' must hold {' or '.join(fields)} "
                               f"in that language, like {language}.{fields[-1]} = \"...\"")
        unknown = sorted(set(words) - set(fields))
        if unknown:
            raise ContentError(f"{where}: '{language}' can only translate {', '.join(fields)}, "
                               f"not {', '.join(unknown)}")
        found[language] = MappingProxyType(
            {key: _text(words, key, f"{where} [{language}]") for key in words})
    return MappingProxyType(found)


def _source(table: Mapping, where: str) -> str:
    url = _text(table, "source", where)
    problem = source_url_problem(url)
    if problem or not url.startswith("https://"):
        raise ContentError(f"{where}: the source must be an https link to the service's own page; "
                           f"{problem or url}")
    return url


def _line(table: Mapping, where: str) -> Line:
    kind, contact = table.get("kind"), table.get("contact")
    if kind not in KINDS:
        raise ContentError(f"{where}: 'kind' must be one of {', '.join(KINDS)}")
    if contact not in CONTACTS:
        raise ContentError(f"{where}: 'contact' must be one of {', '.join(CONTACTS)}")
    number = _text(table, "number", where)
    dialled = re.sub(r"[^0-9*]", "", number)
    if not re.fullmatch(r"\*?[0-9][0-9 -]*", number) or not DIGITS_RE.match(dialled):
        raise ContentError(f"{where}: '{number}' is not a number a phone can dial")
    word = table.get("text_word", "")
    if word and (contact == "call" or not re.fullmatch(r"[A-Za-z0-9]+", str(word))):
        raise ContentError(f"{where}: 'text_word' needs a text line and one plain word")
    return Line(kind=kind, name=_text(table, "name", where), number=number, contact=contact,
                note=_text(table, "note", where), source=_source(table, where), text_word=str(word),
                words=_words(table, ("name", "note"), where))


def _region(key: str, table: Mapping, where: str) -> Region:
    if not REGION_KEY_RE.match(key):
        raise ContentError(f"{where}: region keys are two capital letters, not '{key}'")
    lines = tuple(_line(line, f"{where} line {i + 1}")
                  for i, line in enumerate(table.get("lines") or ()))
    for kind in REQUIRED_KINDS:
        if not any(line.kind == kind for line in lines):
            raise ContentError(f"{where}: every region needs at least one '{kind}' line")
    countries = table.get("countries") or ()
    if not countries or not all(isinstance(c, str) and REGION_KEY_RE.match(c) for c in countries):
        raise ContentError(f"{where}: 'countries' must list two-letter country codes")
    return Region(key=key, name=_text(table, "name", where), countries=tuple(countries),
                  lines=lines, words=_words(table, ("name",), where))


def parse_directory(data: Mapping, where: str = "crisis_lines.toml") -> Directory:
    """Check the data and build the directory; raise ContentError naming what is wrong."""
    checked = data.get("checked")
    if not isinstance(checked, dt.date):
        raise ContentError(f"{where}: 'checked' must be the date the numbers were last checked")
    raw = data.get("regions") or {}
    order = list(data.get("order") or ())
    if sorted(order) != sorted(raw) or not order:
        raise ContentError(f"{where}: 'order' must list every region once")
    regions = {key: _region(key, raw[key], f"{where} [regions.{key}]") for key in order}
    by_country: dict[str, str] = {}
    for region in regions.values():
        for country in region.countries:
            if country in by_country:
                raise ContentError(f"{where}: {country} is in both {by_country[country]} "
                                   f"and {region.key}")
            by_country[country] = region.key
    table = data.get("fallback") or {}
    fallback_where = f"{where} [fallback]"
    url = _text(table, "url", fallback_where)
    if source_url_problem(url) or not url.startswith("https://"):
        raise ContentError(f"{fallback_where}: 'url' must be an https link")
    fallback = Fallback(key=FALLBACK_KEY, name=_text(table, "name", fallback_where), url=url,
                        label=_text(table, "label", fallback_where),
                        note=_text(table, "note", fallback_where),
                        source=_source(table, fallback_where),
                        words=_words(table, ("name", "note"), fallback_where))
    english = Directory(checked=checked, regions=MappingProxyType(regions), fallback=fallback,
                        by_country=MappingProxyType(by_country))
    tables = [fallback.words]
    for region in regions.values():
        tables += [region.words, *(line.words for line in region.lines)]
    languages = {language for words in tables for language in words}
    return replace(english, languages=MappingProxyType({
        language: replace(english, fallback=fallback.in_language(language),
                          regions=MappingProxyType({k: r.in_language(language)
                                                    for k, r in regions.items()}))
        for language in sorted(languages)}))


def load_directory(path: Path) -> Directory:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path.name}: cannot be read ({exc})") from exc
    return parse_directory(data, path.name)


def data_file(app: Flask) -> Path:
    configured = app.config.get("CRISIS_LINES_FILE")
    if configured:
        return Path(configured)
    return Path(app.root_path).parent / "content" / "safety" / "crisis_lines.toml"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = load_directory(data_file(app))


def current_directory() -> Directory:
    """The directory in the request's language: its words where a line has them."""
    directory: Directory = current_app.extensions[EXTENSION_KEY]
    locale = get_locale()
    return directory.for_language(str(locale)) if locale else directory


def chosen_region(cookie: str | None, languages: LanguageAccept) -> tuple[str, bool]:
    """The region to show first, and whether the person chose it (else it is a guess)."""
    directory = current_directory()
    if directory.is_choice(cookie):
        return str(cookie), True
    # values() is in the browser's order of preference, best first.
    return directory.region_for_languages(languages.values()), False
