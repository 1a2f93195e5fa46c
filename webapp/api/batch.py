"""How a batch from the outbox is applied, in two parts. Planning reads only: every
item checked, and consecutive creates of a kind that can store many at once (a
handler with ``parse``, ``prepare_many`` and ``create_many``) cut into runs, parsed
and looked up. Applying writes, in order, each run stored together. On SQLite the
view takes the write lock between the two, so every other writer waits only for
the writing part."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from flask import current_app
from sqlalchemy.orm import Session

from webapp.api.protocol import (
    Checked,
    Result,
    apply_checked,
    check_item,
    passes,
    rejected,
    retry,
)
from webapp.api.registry import record_json
from webapp.validation import ValidationFailed


def _batchable(entry: Checked | Result) -> bool:
    return (isinstance(entry, Checked) and entry.op == "create"
            and all(callable(getattr(entry.handler, name, None))
                    for name in ("parse", "prepare_many", "create_many")))


@dataclass
class Run:
    """Items applied together: consecutive creates of one kind whose handler stores
    many at once (once ready, with what its ``prepare_many`` read for them, or the
    exception it raised), or any other single item."""
    items: list[Checked | Result]
    ready: bool = False
    prepared: Any = None
    failed: BaseException | None = None


def _runs(checked: list[Checked | Result]) -> list[Run]:
    """The items in order, cut into runs: consecutive creates of one kind whose handler
    stores many at once form one run; every other item is a run of its own."""
    runs: list[Run] = []
    for entry in checked:
        last = runs[-1].items if runs else None
        if (last is not None and _batchable(entry) and _batchable(last[-1])
                and cast(Checked, last[-1]).kind == cast(Checked, entry).kind):
            last.append(entry)
        else:
            runs.append(Run([entry]))
    return runs


def _retry_after(previous: Result, entry: Checked | Result) -> Result:
    echo = entry.echo if isinstance(entry, Checked) else entry.uuid
    return Result(echo if isinstance(echo, str) and len(echo) <= 64 else None, "retry",
                  errors=previous.errors, http=503)


def plan_batch(db: Session, user: Any, handlers: dict[str, Any], items: list[Any],
               fmt: int) -> list[Run]:
    """The reading part, before the write lock: every item checked, and for a run of
    creates stored together that nothing before it in the batch writes (so what it
    reads now is what it would read later), the items parsed and what their handler
    must know first read (which UUIDs are stored already, say). Nothing is written."""
    runs = _runs([check_item(user, handlers, raw, fmt) for raw in items])
    for run in runs:
        if len(run.items) > 1:
            _prepare(db, user, run)
        if any(isinstance(entry, Checked) for entry in run.items):
            break  # the runs after this one read once it is stored: see _create_run
    return runs


def _prepare(db: Session, user: Any, run: Run) -> None:
    first = cast(Checked, run.items[0])
    run.ready = True
    try:
        run.prepared = first.handler.prepare_many(db, user, [
            (item.key, _parsed(first.handler, user, item.data))
            for item in cast(list[Checked], run.items)])
    except Exception as exc:  # noqa: BLE001 - answered when the run is applied
        run.failed = exc


def apply_batch(db: Session, user: Any, runs: list[Run]) -> list[Result]:
    """Every item's result, in order, the same as applying each alone. A run of creates
    of a kind that can store many at once is stored together, in a handful of
    statements. Once the database is found busy or away, the items after it are
    answered retry without trying: each would wait and fail too."""
    results: list[Result] = []
    for run in runs:
        busy = bool(results) and results[-1].status == "retry"
        together = (_create_run(db, user, run)
                    if len(run.items) > 1 and not busy else None)
        if together is not None:
            results.extend(together)
            continue
        for entry in run.items:
            if results and results[-1].status == "retry":
                results.append(_retry_after(results[-1], entry))
            elif isinstance(entry, Result):
                results.append(entry)
            else:
                results.append(apply_checked(db, user, entry))
    return results


def _parsed(handler: Any, user: Any, data: dict[str, Any]) -> Any:
    try:
        return handler.parse(user, data)
    except ValidationFailed as err:
        return err


def _create_run(db: Session, user: Any, run: Run) -> list[Result] | None:
    """Store a run of new records of one kind at once: each item's result. When that
    fails as a whole nothing of it is kept: with the database busy or away, every
    item is answered retry; otherwise (a UUID stored by a concurrent request since
    the run was prepared) None, and the items go one by one."""
    items = cast(list[Checked], run.items)
    first = items[0]
    if not run.ready:  # items before it in the batch were written: read now
        _prepare(db, user, run)
    try:
        if run.failed is not None:
            raise run.failed
        with db.begin_nested():
            outcomes = first.handler.create_many(db, user, run.prepared)
            results = [rejected(item.echo, dict(outcome.errors))
                       if isinstance(outcome, ValidationFailed)
                       else Result(item.echo, "created" if outcome[1] else "exists",
                                   server=record_json(first.handler, outcome[0]),
                                   http=201 if outcome[1] else 200)
                       for item, outcome in zip(items, outcomes, strict=True)]
    except Exception as exc:  # noqa: BLE001 - each item on its own says what went wrong
        if passes(exc):  # one by one, each would wait out the busy timeout again
            busy = retry(first.echo, first.kind, exc)
            return [busy, *(_retry_after(busy, item) for item in items[1:])]
        current_app.logger.info("sync: %d %s items go one by one: %s", len(items), first.kind,
                                type(exc).__name__)
        return None
    return results
