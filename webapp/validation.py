"""One way to check what a person (a form) or a phone (a synced item) sends.

Every record type has one parser function, shared by its form, the sync API and the
import: it takes the submitted values and returns clean column values, or raises
ValidationFailed with a message per field. This module holds what those parsers
share: the error type, the one UUID parser, and readers for text and numbers.

Anything may arrive from a synced item: numbers where text belongs, lists of
objects, Infinity, NaN, 1e999, lone surrogates. Every such value is refused with
the field's own message (or cleaned, for text), never raised as an error."""
from __future__ import annotations

import math
import re
import uuid as uuid_mod
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter, Map

NOTE_MAX = 2000
NUMBER_MAX_CHARS = 32  # "12.5" fits many times over; 5,000 digits do not
SQL_INT_MAX = 2**31 - 1  # ids and versions: PostgreSQL's INTEGER
WHOLE = re.compile(r"[+-]?\d+")
SURROGATE = re.compile("[\ud800-\udfff]")
WRONG = object()  # an object, a nested list or a true/false where text or a number belongs


class ValidationFailed(ValueError):
    """Field name -> a message the person can act on. Nothing was saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# Record ids ---------------------------------------------------------------------

def uuid_or_none(raw: Any) -> uuid_mod.UUID | None:
    """A record's client-made UUID (a UUID, or text in any form uuid.UUID reads),
    or None for anything else: a number, a list, a malformed string."""
    if isinstance(raw, uuid_mod.UUID):
        return raw
    if not isinstance(raw, str):
        return None
    try:
        return uuid_mod.UUID(raw)
    except ValueError:
        return None


def parse_uuid(raw: Any, message: str) -> uuid_mod.UUID:
    """The UUID a new record is stored under, or ValidationFailed({"uuid": message}):
    each record type says in its own words what the person can do about it."""
    key = uuid_or_none(raw)
    if key is None:
        raise ValidationFailed({"uuid": str(message)})
    return key


# Text and numbers ----------------------------------------------------------------

def clean_text(text: str) -> str:
    """Text a database stores as typed: NUL bytes dropped, a lone surrogate (half of
    an emoji a phone cut in two) shown as the replacement character."""
    return SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def _scalar(value: Any) -> Any:
    """Text (cleaned, stripped), a JSON number as sent, "" for nothing, or WRONG."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value).strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return WRONG


def _value(data: Mapping[str, Any], key: str) -> Any:
    """The one value sent for ``key`` (the first, when a list came): see _scalar."""
    value = data.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return _scalar(value)


def one_text(data: Mapping[str, Any], key: str) -> str | None:
    """The value for ``key`` as text ("" when missing), or None when it cannot be text."""
    value = _value(data, key)
    return None if value is WRONG else str(value)


def many_texts(data: Mapping[str, Any], key: str) -> list[str] | None:
    """Every non-blank value for ``key`` as text, or None when one of them cannot be."""
    value = data.get(key)
    values = value if isinstance(value, list) else [value]
    texts = []
    for one in values:
        text = _scalar(one)
        if text is WRONG:
            return None
        if str(text):
            texts.append(str(text))
    return texts


def read_decimal(raw: Any, whole: bool = False) -> Decimal | None:
    """The finite number ``raw`` says (typed text or a JSON number), or None.

    None for words, booleans, lists, Infinity, NaN, 1e999 and more than 32
    characters. Text may use a decimal comma ("6,5") unless a whole number is asked
    for, where "1,000" is refused rather than read as 1."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(raw) if math.isfinite(raw) else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text or len(text) > NUMBER_MAX_CHARS:
        return None
    if whole and not WHOLE.fullmatch(text):
        return None
    try:
        value = Decimal(text if whole else text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def ranged_number(raw: Any, low: float, high: float, *, whole: bool = False,
                  halves: bool = False) -> int | float | None:
    """The number in low..high that ``raw`` says (see read_decimal), or None.

    None also for a fraction where a whole number belongs. ``halves`` rounds to the
    nearest half before the range check."""
    value = read_decimal(raw, whole)
    if value is None or not low - 1 <= value <= high + 1:  # nothing huge is rounded
        return None
    if halves:
        value = (value * 2).to_integral_value() / 2
    if not low <= value <= high:
        return None
    if whole:
        return int(value) if value == value.to_integral_value() else None
    return float(value)


class DatabaseIdConverter(IntegerConverter):
    """``<int:share_id>`` in every URL: a number past what an SQL INTEGER column
    holds is no such page (404), instead of an overflow inside the database driver."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", SQL_INT_MAX)
        super().__init__(map, *args, **kwargs)


def query_int(raw: str | None, default: int, low: int, high: int) -> int:
    """A whole number from a query string (?page=), held inside low..high, so a page
    far past the end is an empty page, never a number the database cannot take.
    ``default`` when it is missing or not a whole number at all."""
    value = read_decimal(raw, whole=True)
    if value is None:
        return default
    return int(min(max(value, Decimal(low)), Decimal(high)))


# The parsers' shared shape -----------------------------------------------------------

class Parser:
    """Collects every field's problem before failing, so a form shows them all."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}
        self.clean: dict[str, Any] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, str(message))

    def text(self, field: str, message: str) -> str | None:
        """The field as text ("" when left out), or None after failing with ``message``."""
        value = one_text(self.data, field)
        if value is None:
            self.fail(field, message)
        return value

    def _ranged(self, field: str, low: float, high: float, message: str, **kind: bool) -> None:
        raw = _value(self.data, field)
        if raw == "":
            self.clean[field] = None
            return
        value = ranged_number(raw, low, high, **kind)
        if value is None:
            self.fail(field, message)
        else:
            self.clean[field] = value

    def integer(self, field: str, low: int, high: int, message: str) -> None:
        self._ranged(field, low, high, message, whole=True)

    def number(self, field: str, low: float, high: float, message: str) -> None:
        """A decimal (comma or point), kept to the nearest half."""
        self._ranged(field, low, high, message, halves=True)

    def choice(self, field: str, options: Mapping[str, Any], message: str) -> None:
        raw = self.text(field, message)
        if raw == "":
            self.clean[field] = None
        elif raw in options:
            self.clean[field] = raw
        elif raw is not None:
            self.fail(field, message)

    def note(self) -> None:
        note = self.text("note", _l("Write the note as text."))
        if note is None:
            return
        if len(note) > NOTE_MAX:
            self.fail("note", _("Keep the note under %(max)d characters (it has %(count)d). "
                                "Nothing was saved yet.", max=NOTE_MAX, count=len(note)))
        self.clean["note"] = note

    def done(self) -> dict[str, Any]:
        if self.errors:
            raise ValidationFailed(self.errors)
        return self.clean
