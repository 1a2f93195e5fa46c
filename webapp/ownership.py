"""Ownership by construction: every query for a person's records starts here.

A private model says whose its rows are by inheriting ``Owned`` (the owner column
is ``user_id`` unless the model sets ``__owner__``). The helpers build each query
with that owner's condition already in it, so a list, an aggregate, an export or a
lookup cannot leave it out, and a model that names no owner is refused (TypeError).
A query on private data that does not start here should look wrong in review.

A therapist reads a client's records through the share: the share's view passes
the person the share names as the owner, never the therapist.

Also here, because they need the owner scope too: the one idempotent create by
UUID (``create_once``, ``insert_once``; ``create_many_once`` for a run of them) that
every record type uses, so a retried or replayed submission never stores a record
twice; the one edit by version (``edit_versioned``), so an edit from an older
version changes nothing; and the bin with undo (``put_in_bin``, ``take_from_bin``)."""
from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from functools import cache
from typing import Any, ClassVar, Protocol, TypeVar, cast

from sqlalchemy import Delete, Insert, Select, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from webapp.db import utcnow
from webapp.validation import ValidationFailed, uuid_or_none


class Account(Protocol):
    """Whoever owns records: a signed-in User, or the person a share names."""

    @property
    def id(self) -> int: ...


class Owned:
    """A model whose every row belongs to one account, named by the ``__owner__``
    column (a foreign key to users.id). Inheriting this is what lets the helpers
    below query the model at all."""

    __owner__: ClassVar[str] = "user_id"


M = TypeVar("M", bound=Owned)


def owner_column(model: type[Owned]) -> InstrumentedAttribute[int]:
    """The column naming the owner of ``model``'s rows; TypeError when it names none."""
    if not (isinstance(model, type) and issubclass(model, Owned)):
        raise TypeError(f"{model!r} does not say whose its rows are: make it inherit "
                        "webapp.ownership.Owned")
    column = getattr(model, model.__owner__, None)
    if not isinstance(column, InstrumentedAttribute):
        raise TypeError(f"{model.__name__}.__owner__ names {model.__owner__!r}, "
                        "which is not one of its columns")
    return column


def _uuid_column(model: type[Owned]) -> InstrumentedAttribute[uuid_mod.UUID]:
    column = getattr(model, "uuid", None)
    if not isinstance(column, InstrumentedAttribute):
        raise TypeError(f"{model.__name__} has no uuid column to find a record by")
    return column


def owned(model: type[M], owner: Account) -> Select[M]:
    """``select(model)`` over ``owner``'s rows only. Narrow it with .where(); for an
    aggregate over the same rows, pick the columns with .with_only_columns()."""
    column = owner_column(model)
    return select(model).where(column == owner.id)


class _OwnerParameter:
    """The owner of a statement built once and run for many accounts: its id is the
    "owner" parameter, given at each run (``db.scalars(statement, {"owner": ...})``)."""

    id: Any = bindparam("owner")


def owned_any(model: type[M]) -> Select[M]:
    """``owned`` with the owner left as the "owner" parameter, for a statement
    built once (a cached statement keeps its compiled form and cache key; building
    one anew costs more than running it on a hot path)."""
    return owned(model, _OwnerParameter())


def owned_by(model: type[M], owners: Select[Any]) -> Select[M]:
    """Like ``owned``, for the rows of every account that ``owners`` (a select of
    account ids, such as the people sharing with one therapist) names."""
    column = owner_column(model)
    return select(model).where(column.in_(owners))


def owned_delete(model: type[Owned], owner: Account) -> Delete:
    """``delete(model)`` of ``owner``'s rows only; narrow it with .where()."""
    column = owner_column(model)
    return delete(model).where(column == owner.id)


def owned_one(db: Session, model: type[M], owner: Account, key: Any,
              *criteria: Any) -> M | None:
    """``owner``'s record with this UUID (and ``criteria``), or None: someone else's
    record is simply not found, and neither is a key that is not a UUID."""
    found = uuid_or_none(key)
    if found is None:
        return None
    return db.scalar(owned(model, owner).where(_uuid_column(model) == found, *criteria))


def owned_record(model: type[M], owner: Account, **values: Any) -> M:
    """A new ``model`` row that belongs to ``owner`` (not yet added to the session)."""
    owner_column(model)
    return cast(Any, model)(**{model.__owner__: owner.id}, **values)


def insert_once(db: Session, model: type[M], owner: Account, key: uuid_mod.UUID,
                values: Mapping[str, Any]) -> tuple[M, bool]:
    """Store ``owner``'s new record under ``key``: (row, True). When a concurrent
    request stored the same UUID first, its row: (row, False). Flushes inside a
    savepoint, so a lost race undoes only this insert."""
    record = owned_record(model, owner, uuid=key, **values)
    try:
        with db.begin_nested():
            db.add(record)
            db.flush()
    except IntegrityError:
        existing = owned_one(db, model, owner, key)
        if existing is None:
            raise
        return existing, False
    return record, True


def create_once(db: Session, model: type[M], owner: Account, key: uuid_mod.UUID,
                values: Callable[[], Mapping[str, Any]], *,
                foreign: str | None = None) -> tuple[M, bool]:
    """The idempotent create by UUID: ``owner``'s record already stored under
    ``key``, unchanged (created False), or a new one from ``values()`` (created
    True). ``values`` runs only for a new record, so a replayed create is answered
    with what was stored even if the rules changed since; it raises ValidationFailed.

    ``foreign``: when given, a UUID another account already holds is refused with
    this message (under "uuid") instead of being stored beside theirs."""
    existing = _stored(db, model, owner, key, foreign)
    if existing is not None:
        return existing, False
    return insert_once(db, model, owner, key, values())


Values = Mapping[str, Any] | ValidationFailed  # a record's clean values, or why there are none


def stored_with_keys(db: Session, model: type[M], owner: Account,
                     keys: Iterable[uuid_mod.UUID]) -> dict[uuid_mod.UUID, M]:
    """``owner``'s records stored under any of ``keys``, by key: one statement (the
    reading half of ``create_many_once``)."""
    return {cast(Any, row).uuid: row for row in db.scalars(
        _owned_with_keys(cast(Any, model)), {"owner": owner.id, "keys": list(dict.fromkeys(keys))})}


def create_many_once(db: Session, model: type[M], owner: Account,
                     items: Sequence[tuple[uuid_mod.UUID, Values]],
                     stored: Mapping[uuid_mod.UUID, M]
                     ) -> list[tuple[M, bool] | ValidationFailed]:
    """``create_once`` for many records at once, in one statement, given what
    ``stored_with_keys`` found for their keys (read before the write lock, on
    SQLite: the lock is then held for the insert alone). ``items`` are (key, clean
    values or the ValidationFailed parsing raised). Each item's answer, in order:
    (record, created), or its ValidationFailed when the key is new (a stored key
    answers with the stored record, as in ``create_once``). A key twice is stored
    once; the second answer is (that record, False).

    Unlike ``create_once`` it does not wait out a race: when a concurrent request
    stored one of the keys after the lookup, the insert raises IntegrityError, so
    call it inside a savepoint and go one by one (``create_once``) when it fails."""
    table, stored = cast(Any, model), dict(stored)
    new: dict[uuid_mod.UUID, Mapping[str, Any]] = {}
    for key, values in items:
        if key not in stored and key not in new and not isinstance(values, ValidationFailed):
            new[key] = {model.__owner__: owner.id, "uuid": key, **values}
    if new:  # one INSERT ... RETURNING, the rows back in the order sent
        made = db.scalars(_insert_returning(table), list(new.values())).all()
        stored |= dict(zip(new, made, strict=True))
    answers: list[tuple[M, bool] | ValidationFailed] = []
    for key, values in items:  # answered as one by one: the first valid copy creates
        if key not in new:
            answers.append((stored[key], False) if key in stored
                           else cast(ValidationFailed, values))
        elif isinstance(values, ValidationFailed):
            answers.append(values)
        else:
            del new[key]
            answers.append((stored[key], True))
    return answers


# The replay's two statements, built once per model: a statement object used again
# keeps its compiled form and cache key, where a new one is built and keyed anew on
# every request (about a tenth of a ten-item sync's time).
@cache
def _owned_with_keys(model: Any) -> Select[Any]:
    """``owned(model, owner)`` for the UUIDs in a list, the owner's id and the list
    left as parameters ("owner", "keys")."""
    return owned_any(model).where(_uuid_column(model).in_(bindparam("keys", expanding=True)))


@cache
def _insert_returning(model: Any) -> Insert:
    """An insert of ``model`` rows answering with the new rows, in the order sent."""
    return insert(model).returning(model, sort_by_parameter_order=True)


def _stored(db: Session, model: type[M], owner: Account, key: uuid_mod.UUID,
            foreign: str | None) -> M | None:
    if foreign is None:
        return owned_one(db, model, owner, key)
    rows = db.scalars(select(model).where(_uuid_column(model) == key)).all()
    mine = [row for row in rows if getattr(row, model.__owner__) == owner.id]
    if mine:
        return mine[0]
    if rows:
        raise ValidationFailed({"uuid": str(foreign)})
    return None


# Edits and the bin ---------------------------------------------------------------

class StaleEdit(Exception):
    """An edit started from an older version; both versions go back to the person
    (the sync API answers a conflict with ``record``, the stored one)."""

    def __init__(self, current: Any) -> None:
        super().__init__("stale edit")
        self.record = current


def edit_versioned(db: Session, record: M, base_version: int | None,
                   values: Callable[[], Mapping[str, Any]]) -> M:
    """Change the owner's ``record`` (found through ``owned``) to ``values()``, one
    version on. StaleEdit, changing nothing, when ``base_version`` is not the stored
    version; ``values`` runs only after that check and raises ValidationFailed."""
    stored: Any = record  # a model with a `version` column
    if base_version is not None and int(base_version) != stored.version:
        raise StaleEdit(record)
    for name, value in values().items():
        setattr(stored, name, value)
    stored.version += 1
    db.flush()
    return record


def put_in_bin(db: Session, model: type[M], owner: Account, record: M, keep: timedelta) -> None:
    """Hide ``owner``'s ``record``; it can be taken back for ``keep``. The owner's
    records binned longer ago than that are removed for good."""
    now = utcnow()
    binned: Any = model  # a model with a `deleted_at` column
    db.execute(owned_delete(model, owner).where(binned.deleted_at < now - keep))
    cast(Any, record).deleted_at = now
    db.flush()


def take_from_bin(db: Session, record: M | None, keep: timedelta) -> M | None:
    """Undo a recent ``put_in_bin``: the record, or None when it is not in the bin
    or has been there longer than ``keep``."""
    stored: Any = record  # a model with a `deleted_at` column, or None
    if stored is None or stored.deleted_at is None or stored.deleted_at < utcnow() - keep:
        return None
    stored.deleted_at = None
    db.flush()
    return record
