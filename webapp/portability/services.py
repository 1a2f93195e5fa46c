"""The whole-account JSON export, and its import: all or nothing, idempotent by
UUID, never touching another person's rows. Services flush; the view commits."""
from __future__ import annotations

import json
import uuid as uuid_mod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import QueryableAttribute, Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.ownership import Owned, owned, owner_column
from webapp.portability.registry import (
    ADDED,
    KEPT,
    PRESENT,
    RESERVED_KEYS,
    RecordType,
    item_key,
)
from webapp.validation import ValidationFailed, uuid_or_none

FORMAT = "steady-export"
VERSION = 2
EXPORT_BATCH = 500  # rows read from the database at a time while an export streams
OLD_FORMATS = {"steady-export-1"}
MAX_PROBLEMS = 10  # a broken file shows the first few problems, not thousands
CHUNK = 500  # UUIDs per IN (...) query


class ImportRefused(Exception):
    """The file cannot be imported; nothing was. ``problems`` name the records."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


@dataclass
class Summary:
    added: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)

    def sentence(self, types: list[RecordType]) -> str:
        """"12 twitches, 3 check-ins added; 5 already here." in the person's words."""
        added = [t.noun(self.added[t.key]) for t in types if self.added[t.key]]
        here = sum(self.present.values()) + sum(self.kept.values())
        parts = [_("%(records)s added", records=", ".join(added)) if added
                 else _("Nothing new was added")]
        if here:
            parts.append(ngettext("%(num)d already here", "%(num)d already here", here))
        text = "; ".join(parts) + "."
        if sum(self.kept.values()):
            text += " " + _("Where this account already had its own check-in for a day, or its "
                            "own breathing pattern, that one was kept as it was.")
        return text


def export_chunks(db: Session, user: User, types: list[RecordType],
                  sections: Mapping[str, Callable[[Session, Any], Any]]) -> Iterator[str]:
    """Owner only: every record the person owns, one list per registered type, as
    the text of one JSON document in pieces. Rows are read in batches and written
    as they come, so a long history takes no more memory than a short one."""
    head = {"format": FORMAT, "version": VERSION, "exported_at": utcnow().isoformat(),
            "account": {"email": user.email, "display_name": user.display_name,
                        "timezone": user.timezone, "language": user.language}}
    yield json.dumps(head, indent=1, ensure_ascii=False)[:-2]  # open: the lists follow
    for record_type in types:
        model = record_type.model
        query = record_type.visible(owned(model, user)).order_by(
            getattr(model, record_type.order_by), _column(model, "id"))
        yield f',\n "{record_type.key}": ['
        rows = db.scalars(query.execution_options(yield_per=EXPORT_BATCH))
        try:  # closed even when the download is abandoned (a server-side cursor)
            for n, row in enumerate(rows):
                yield ("," if n else "") + "\n  " + json.dumps(
                    record_type.to_json(row), ensure_ascii=False, allow_nan=False)
        finally:
            rows.close()
        yield "\n ]"
    for key, build in sections.items():
        section = json.dumps(build(db, user), ensure_ascii=False, allow_nan=False)
        yield f',\n "{key}": {section}'
    yield "\n}\n"


def read_document(raw: bytes) -> dict[str, Any]:
    """The export inside an uploaded file, or ImportRefused saying what is wrong."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(_("This file is not a Steady export: it is not text.")) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        if not text.strip():
            raise ImportRefused(_("This file is empty.")) from None
        # Cut off mid-way: inside a string that never closes, or within the last
        # few characters (a literal like "fals", a missing closing bracket).
        if err.msg.startswith("Unterminated string") or err.pos >= len(text.rstrip()) - 6:
            raise ImportRefused(_("This file ends too early: it looks cut off, perhaps by an "
                                  "interrupted download. Download the export again.")) from None
        raise ImportRefused(_("This file is not a Steady export: it is not JSON (line "
                              "%(line)d is not readable).", line=err.lineno)) from None
    except RecursionError:
        raise ImportRefused(_("This file is not a Steady export: it is nested too "
                              "deeply.")) from None
    if not isinstance(document, dict) or "format" not in document:
        raise ImportRefused(_("This file is JSON, but not a Steady export."))
    if document["format"] in OLD_FORMATS:
        raise ImportRefused(_("This export comes from an older Steady whose files cannot be "
                              "imported. Download a new export from the account it came "
                              "from."))
    if document["format"] != FORMAT:
        raise ImportRefused(_("This file is JSON, but not a Steady export."))
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        raise ImportRefused(_("This export is format version %(found)s; this Steady reads "
                              "version %(version)d. Nothing was imported.",
                              found=json.dumps(version), version=VERSION))
    return document


def _problem(record_type: RecordType, position: int, errors: dict[str, str]) -> str:
    details = "; ".join(f"{name}: {message}" if name else message
                        for name, message in errors.items())
    return _("%(kind)s %(position)d: %(details)s", kind=record_type.label(), position=position,
             details=details)


def _items(document: dict[str, Any], record_type: RecordType, problems: list[str]
           ) -> list[dict[str, Any]]:
    """The type's records after checking shape, field types and UUIDs."""
    items = document.get(record_type.key, [])
    if not isinstance(items, list):
        problems.append(_("\"%(key)s\" must be a list.", key=record_type.key))
        return []
    if not record_type.by_uuid and len(items) > 1:
        problems.append(_("\"%(key)s\" holds at most one record.", key=record_type.key))
    seen: set[uuid_mod.UUID] = set()
    for position, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(_problem(record_type, position, {"": _("not a JSON object")}))
            continue
        errors = {name: _("has the wrong type") for name, check in record_type.fields.items()
                  if name in item and not check(item[name])}
        errors.update({name: _("holds a NUL character") for name, value in item.items()
                       if name not in errors and _has_nul(value)})
        if record_type.by_uuid:
            key = uuid_or_none(item.get("uuid"))
            if key is None:
                errors["uuid"] = _("missing or not a UUID")
            else:
                if key in seen:
                    errors["uuid"] = _("appears twice in this file")
                seen.add(key)
        if errors:
            problems.append(_problem(record_type, position, errors))
    return items


def _has_nul(value: Any) -> bool:
    """Databases refuse NUL in text; say so rather than fail while storing."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


def _column(model: type[Owned], name: str) -> QueryableAttribute[Any]:
    """A column every registered model has (``id``; ``uuid`` when ``by_uuid``), which
    ``Owned`` cannot declare without making SQLAlchemy map it on the mixin."""
    column = getattr(model, name)
    if not isinstance(column, QueryableAttribute):  # a column or a synonym of one
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return column


def _owners(db: Session, model: type[Owned],
            keys: list[uuid_mod.UUID]) -> dict[uuid_mod.UUID, set[int]]:
    """Who holds each of these UUIDs already (anyone's rows, the bin included): the
    one query here that reads across owners, so that no record ever moves."""
    found: dict[uuid_mod.UUID, set[int]] = {}
    uuid_column = _column(model, "uuid")
    for start in range(0, len(keys), CHUNK):
        rows: Iterable[Any] = db.execute(select(uuid_column, owner_column(model))
                                         .where(uuid_column.in_(keys[start:start + CHUNK])))
        for key, owner in rows:
            found.setdefault(key, set()).add(owner)
    return found


def import_document(db: Session, user: User, document: dict[str, Any],
                    types: list[RecordType]) -> Summary:
    """Owner only: add every record of ``document`` the account does not hold yet.

    All or nothing: on any problem ImportRefused is raised and the caller rolls back.
    A UUID the account already holds is counted, never changed; a UUID held by
    another account refuses the whole file (nobody's rows are moved or touched)."""
    known = {t.key for t in types}
    unknown = sorted(k for k in document if k not in known and k not in RESERVED_KEYS)
    if unknown:
        raise ImportRefused(_("This export holds kinds of record this Steady does not know "
                              "(%(keys)s), perhaps from a newer version. Nothing was imported.",
                              keys=", ".join(unknown)))
    problems: list[str] = []
    batches = [(t, _items(document, t, problems)) for t in types]
    if problems:
        raise ImportRefused(_("Some records in this file are not in a form Steady can read. "
                              "Nothing was imported."), problems[:MAX_PROBLEMS])
    summary = Summary()
    for record_type, items in batches:
        _restore_all(db, user, record_type, items, summary, problems)
    if problems:
        raise ImportRefused(_("Some records in this file did not pass the checks. Nothing was "
                              "imported."), problems[:MAX_PROBLEMS])
    try:
        db.flush()
    except DataError:
        raise ImportRefused(_("Some values in this file cannot be stored. Nothing was "
                              "imported.")) from None
    except IntegrityError:
        raise ImportRefused(_("Some of these records were being saved at the same moment (by "
                              "another import or a phone syncing). Nothing was imported: try "
                              "again.")) from None
    return summary


def _restore_all(db: Session, user: User, record_type: RecordType, items: list[dict[str, Any]],
                 summary: Summary, problems: list[str]) -> None:
    owners: dict[uuid_mod.UUID, set[int]] = {}
    if record_type.by_uuid:
        owners = _owners(db, record_type.model, [item_key(i) for i in items])
        foreign = [k for k, who in owners.items() if who - {user.id}]
        if foreign:
            raise ImportRefused(ngettext(
                "%(num)d record in this file belongs to another account. Records never move "
                "between accounts, so nothing was imported.",
                "%(num)d records in this file belong to another account. Records never move "
                "between accounts, so nothing was imported.", len(foreign)),
                [_("Moving your own records to a new account here? The file keeps everything: "
                   "delete the old account first, then import the file into the new one.")])
    for position, item in enumerate(items, 1):
        if record_type.by_uuid and item_key(item) in owners:
            summary.present[record_type.key] += 1
            continue
        try:
            outcome = record_type.restore(db, user, item)
        except ValidationFailed as err:
            problems.append(_problem(record_type, position, err.errors))
            continue
        except (ValueError, TypeError, OverflowError, ArithmeticError):
            problems.append(_problem(record_type, position, {"": _("cannot be read")}))
            continue
        except IntegrityError:
            raise ImportRefused(_("Some of these records were being saved at the same moment "
                                  "(by another import or a phone syncing). Nothing was "
                                  "imported: try again.")) from None
        counter = {ADDED: summary.added, PRESENT: summary.present, KEPT: summary.kept}[outcome]
        counter[record_type.key] += 1
        if len(problems) >= MAX_PROBLEMS:
            return
