"""Whole days and weeks between two moments, in SQL that SQLite and PostgreSQL
both run (each dialect gets its own spelling), so counts by day or week stay
in the database instead of loading rows into Python."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement[int]):
    """Whole days from the second date to the first (both DATE columns or values)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(days_between)
def _days_default(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"


class week_index(FunctionElement[int]):
    """Whole weeks (7 x 24 hours) from the second moment to the first, rounded
    down; for moments on or after the second one."""

    type = Integer()
    inherit_cache = True


@compiles(week_index, "sqlite")
def _weeks_sqlite(element: week_index, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST((julianday({later}) - julianday({earlier})) / 7 AS INTEGER)"


@compiles(week_index)
def _weeks_default(element: week_index, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM ({later} - {earlier})) / 604800) AS INTEGER)"


class plus_days(FunctionElement[Any]):
    """A DATE plus a whole number of days, as a UTC timestamp at midnight."""

    inherit_cache = True


@compiles(plus_days, "sqlite")
def _plus_sqlite(element: plus_days, compiler: Any, **kw: Any) -> str:
    day, count = (compiler.process(c, **kw) for c in element.clauses)
    return f"strftime('%Y-%m-%d %H:%M:%f000', {day}, '+' || ({count}) || ' days')"


@compiles(plus_days)
def _plus_default(element: plus_days, compiler: Any, **kw: Any) -> str:
    day, count = (compiler.process(c, **kw) for c in element.clauses)
    return f"((CAST({day} AS TIMESTAMP) + ({count}) * INTERVAL '1 day') AT TIME ZONE 'UTC')"
