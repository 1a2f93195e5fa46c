"""Each account's data version: a number that goes up in the same transaction as
any write to a row that names the account, so "has anything of mine changed?"
costs nothing beyond the account row every request already loads.

Nothing calls this by hand, so a new feature cannot forget it. Every table's
foreign keys to ``users.id`` say whose rows it holds (user, person, therapist,
viewer...), and two session hooks read them:

* a flush (the ORM adding, changing or deleting rows) notes every account named
  by a changed row, old owner and new; the accounts are bumped once, just before
  the transaction commits;
* a statement run directly (``insert(...)`` with rows, ``update``/``delete`` with
  a WHERE) bumps the accounts it touches: an update or delete those found by the
  same WHERE, before it runs; an insert those its rows name, at the commit, once
  the rows are in.

A rolled-back transaction rolls its bump back with it. Pages remembered under an
old version (webapp.page_cache) are then never served again."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, cast

from sqlalchemy import Column, Table, bindparam, event, inspect, select, union, update
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, sessionmaker

from webapp.auth.models import User

TOUCHED, WROTE = "steady_touched_accounts", "steady_wrote"
BUMP = "steady_data_version_bump"  # an execution option: this statement is the bump


def account_columns(table: Table) -> list[Column[Any]]:
    """The columns of ``table`` that name an account (foreign keys to users.id); none
    for a table that says its rows never change a remembered page."""
    if table.info.get("unversioned"):
        return []
    return [column for column in table.columns
            if any(key.column.table.name == "users" and key.column.name == "id"
                   for key in column.foreign_keys)]


def _naming(table: Table) -> list[Column[Any]]:
    """The columns whose values are the accounts a row of ``table`` touches: an
    account row names itself."""
    return [table.c.id] if table.name == "users" else account_columns(table)


_MISSING = object()


def _bump(session: Session, ids: Iterable[int] | Any) -> None:
    """Raise the data version of the accounts ``ids`` names: a list of ids, or a
    select of them."""
    if isinstance(ids, list):
        session.execute(_bump_listed(), {"ids": ids})
    else:
        session.execute(_bump_statement(ids))


def _bump_statement(ids: Any) -> Any:
    users: Any = User.__table__
    return (update(users).where(users.c.id.in_(ids))  # updated_at stays as it was
            .values(data_version=users.c.data_version + 1, updated_at=users.c.updated_at)
            .execution_options(synchronize_session=False, **{BUMP: True}))


@cache
def _bump_listed() -> Any:
    """The bump of a list of ids (the "ids" parameter), built once: the commit of
    every write runs it."""
    return _bump_statement(bindparam("ids", expanding=True))


@cache
def _naming_keys(mapper: Mapper[Any]) -> tuple[str, ...]:
    """The attribute names of ``_naming``'s columns on ``mapper``, worked out once."""
    return tuple(mapper.get_property_by_column(column).key
                 for column in _naming(cast(Table, mapper.local_table)))


def _accounts_named(record: Any) -> set[int]:
    """Every account ``record`` names now, and any it named before this flush."""
    state = inspect(record)
    found: set[Any] = set()
    for key in _naming_keys(state.mapper):
        value = state.dict.get(key, _MISSING)
        if value is _MISSING and not state.deleted and not state.was_deleted:
            value = getattr(record, key)
        found.add(value)
        found.update(state.attrs[key].history.deleted or ())
    return {value for value in found if isinstance(value, int)}


def _after_flush(session: Session, _context: Any) -> None:
    changed = [*session.new, *session.dirty, *session.deleted]
    if not changed:
        return
    touched: set[int] = session.info.setdefault(TOUCHED, set())
    for record in changed:
        touched |= _accounts_named(record)
    session.info[WROTE] = True


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the outer commit bumps, once
        return
    session.flush()
    touched = session.info.pop(TOUCHED, set())
    if touched:
        _bump(session, sorted(touched))


def _on_statement(state: ORMExecuteState) -> Any:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if not isinstance(table, Table) or state.execution_options.get(BUMP):
        return
    state.session.info[WROTE] = True
    statement: Any = state.statement  # an Insert, Update or Delete
    columns = _naming(table)
    if not columns:
        return
    if state.is_insert:
        given: Any = state.parameters
        rows = [given] if isinstance(given, Mapping) else list(given or [])
        if not rows:  # insert(...).values(...): the values are in the statement
            rows = [statement.compile().params]
        ids = {value for row in rows for c in columns for name, value in row.items()
               if name == c.key or name.startswith(f"{c.key}_m")}
        # Noted once the rows are in: an insert that never ran (the database busy
        # or away) must not leave a bump for the commit, which would then write.
        result = state.invoke_statement()
        state.session.info.setdefault(TOUCHED, set()).update(
            i for i in ids if isinstance(i, int))
        return result
    where = statement.whereclause
    selects = [select(c).where(where) if where is not None else select(c) for c in columns]
    _bump(state.session, selects[0] if len(selects) == 1 else union(*selects))


def install(maker: sessionmaker[Session]) -> None:
    """Keep data versions on every session ``maker`` opens."""
    event.listen(maker, "after_flush", _after_flush)
    event.listen(maker, "before_commit", _before_commit)
    event.listen(maker, "do_orm_execute", _on_statement)


def wrote(session: Session | None) -> bool:
    """Whether ``session`` has written anything (flushed or run a statement) so far."""
    return session is not None and bool(session.info.get(WROTE))
