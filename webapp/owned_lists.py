"""Several short lists of one person's records, read in one SQL statement.

A page that shows a few small lists of different record types (the doctor's
summary: red-flag answers, doctor's checks, the person's questions) would spend
one statement on each. Here each list is an ``owned()`` query, so the owner's
condition is in every part; the parts are joined with UNION ALL, each row
carrying its list's name and NULL in the other lists' columns, and every row
comes back as its own model (a detached copy: read it, never change it).

Each list keeps its own filter. The order is given per list as a key function,
because a UNION's parts cannot be ordered one by one."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import String, cast, inspect, literal, null, union_all
from sqlalchemy.orm import Session

from webapp.ownership import Account, Owned, owned

M = TypeVar("M", bound=Owned)


@dataclass(frozen=True)
class Wanted(Generic[M]):
    """One list: its model, extra conditions, and how to order it in Python."""

    model: type[M]
    where: tuple[Any, ...] = ()
    order: Callable[[M], Any] | None = None
    newest_first: bool = False


def _columns(model: type[Owned]) -> list[tuple[str, Any]]:
    """(attribute name, column) for every mapped column of ``model``."""
    return [(attr.key, attr.columns[0]) for attr in inspect(model).column_attrs]


def read_lists(db: Session, owner: Account, *wanted: Wanted[Any]) -> list[list[Any]]:
    """One list of records per ``Wanted``, in the order asked, all from one statement."""
    slots = [(i, key, c) for i, w in enumerate(wanted) for key, c in _columns(w.model)]
    labels = [f"c{n}" for n in range(len(slots))]

    def part(index: int, w: Wanted[Any]) -> Any:
        values = [column if i == index else cast(null(), column.type)
                  for i, _key, column in slots]
        return (owned(w.model, owner).where(*w.where).with_only_columns(
            cast(literal(index), String).label("list"),
            *(v.label(label) for v, label in zip(values, labels, strict=True)),
            maintain_column_froms=True))

    rows = db.execute(union_all(*(part(i, w) for i, w in enumerate(wanted)))).all()
    found: list[list[Any]] = [[] for _ in wanted]
    for row in rows:
        index = int(row[0])
        model = wanted[index].model
        values = {key: row[1 + n] for n, (i, key, _c) in enumerate(slots) if i == index}
        found[index].append(model(**values))
    for w, records in zip(wanted, found, strict=True):
        if w.order is not None:
            records.sort(key=w.order, reverse=w.newest_first)
    return found
