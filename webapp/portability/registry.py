"""Which kinds of record a person owns, and how each leaves in the JSON export and
comes back through the import.

A feature adds its kind with one call, from its blueprint's ``record_once``::

    register_record_type(app, RecordType(key="experiments", model=Experiment, ...))

and from then on every export holds those records and every import restores them:
all or nothing, idempotent by each record's UUID, never touching another person's
rows. The export's top-level keys are the registered ``key`` values, in order.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy import Select
from sqlalchemy.orm import Session

from webapp.ownership import Owned, owner_column
from webapp.validation import parse_uuid

TYPES_KEY = "steady_portable_types"
# "access_log": the therapists' views of the diary, exported for the person to
# keep, never imported (an import must not be able to write who looked when).
RESERVED_KEYS = frozenset({"format", "version", "exported_at", "account", "access_log"})
READ_ONLY_KEY = "steady_read_only_sections"

ADDED, PRESENT, KEPT = "added", "present", "kept"  # what restore() did with one record

Check = Callable[[Any], bool]  # does a JSON value have the right type?


def _is(*types: type) -> Check:
    def check(value: Any) -> bool:
        if isinstance(value, bool):
            return bool in types
        return isinstance(value, types)

    return check


TEXT, WHOLE, NUMBER, FLAG = _is(str), _is(int), _is(int, float), _is(bool)


def texts(value: Any) -> bool:
    """A list of strings (body areas, triggers, red-flag keys)."""
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def objects(value: Any) -> bool:
    """A list of JSON objects (breathing phases)."""
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


def optional(check: Check) -> Check:
    return lambda value: value is None or check(value)


@dataclass(frozen=True)
class RecordType:
    """One kind of record a person owns.

    - ``key``: the list in the export ("entries").
    - ``model``: the ORM class; it is ``webapp.ownership.Owned`` (and has ``uuid``
      when ``by_uuid``).
    - ``to_json(row)``: one stored row as a JSON object, with everything restore needs
      to rebuild the same record (uuid, version, timestamps).
    - ``restore(db, user, item)``: validate ``item`` through the feature's own parser,
      add the row, return ADDED (or KEPT when the person already has their own record
      for the same slot, such as a check-in for that day). Raise ValidationFailed.
      Flush or not; never commit. Only called for a UUID the account does not hold.
    - ``fields``: field name -> type check, run first so a wrong type is named clearly.
    - ``noun(n)``: "3 check-ins", for the summary; ``label``: "check-in", for problems.
    - ``by_uuid``: False for a record a person has at most one of (no UUID).
    - ``visible``: narrows the export query (e.g. leaves out entries in the bin).
    """

    key: str
    model: type[Owned]
    to_json: Callable[[Any], dict[str, Any]]
    restore: Callable[[Session, Any, dict[str, Any]], str]
    fields: Mapping[str, Check]
    noun: Callable[[int], str]
    label: Callable[[], str]
    order_by: str = "id"
    by_uuid: bool = True
    visible: Callable[[Select[Any]], Select[Any]] = field(default=lambda query: query)


def item_key(item: Mapping[str, Any]) -> uuid.UUID:
    """The UUID of an item in an export file (the import checks it before use)."""
    return parse_uuid(item.get("uuid"), _("missing or not a UUID"))


def register_record_type(app: Flask, record_type: RecordType) -> None:
    """Make ``record_type`` part of every export and import on this app. Its model
    must say whose its rows are (TypeError otherwise): the export reads, and the
    import checks, one person's rows through webapp.ownership."""
    if record_type.key in RESERVED_KEYS:
        raise ValueError(f"{record_type.key!r} is a reserved key of the export")
    owner_column(record_type.model)
    app.extensions.setdefault(TYPES_KEY, {})[record_type.key] = record_type


def register_read_only_section(app: Flask, key: str,
                               build: Callable[[Session, Any], list[dict[str, Any]]]) -> None:
    """Add ``key`` (one of RESERVED_KEYS) to every export, built by ``build(db,
    user)`` from the person's own rows; the import skips it, so it can never be
    used to write such rows."""
    if key not in RESERVED_KEYS:
        raise ValueError(f"{key!r} must be a reserved key, so the import ignores it")
    app.extensions.setdefault(READ_ONLY_KEY, {})[key] = build


def read_only_sections(app: Flask) -> dict[str, Callable[[Session, Any], list[dict[str, Any]]]]:
    return dict(app.extensions.get(READ_ONLY_KEY, {}))


def record_types(app: Flask) -> list[RecordType]:
    return list(app.extensions.get(TYPES_KEY, {}).values())
