"""How a batch from the outbox is applied: every item checked first (nothing is read),
then in order, with consecutive creates of a kind that can store many at once
(a handler with ``parse`` and ``create_many``) stored together as one run."""
from __future__ import annotations

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
            and callable(getattr(entry.handler, "create_many", None))
            and callable(getattr(entry.handler, "parse", None)))


def _runs(checked: list[Checked | Result]) -> list[list[Checked | Result]]:
    """The items in order, cut into runs: consecutive creates of one kind whose handler
    stores many at once form one run; every other item is a run of its own."""
    runs: list[list[Checked | Result]] = []
    for entry in checked:
        last = runs[-1] if runs else None
        if (last is not None and _batchable(entry) and _batchable(last[-1])
                and cast(Checked, last[-1]).kind == cast(Checked, entry).kind):
            last.append(entry)
        else:
            runs.append([entry])
    return runs


def _retry_after(previous: Result, entry: Checked | Result) -> Result:
    echo = entry.echo if isinstance(entry, Checked) else entry.uuid
    return Result(echo if isinstance(echo, str) and len(echo) <= 64 else None, "retry",
                  errors=previous.errors, http=503)


def apply_batch(db: Session, user: Any, handlers: dict[str, Any], items: list[Any],
                fmt: int) -> list[Result]:
    """Every item's result, in order, the same as applying each alone. Consecutive
    creates of a kind that can store many at once are stored together, in a handful
    of statements. Once the database is found busy or away, the items after it are
    answered retry without trying: each would wait and fail too."""
    checked = [check_item(user, handlers, raw, fmt) for raw in items]
    results: list[Result] = []
    for run in _runs(checked):
        busy = bool(results) and results[-1].status == "retry"
        together = (_create_run(db, user, cast(list[Checked], run))
                    if len(run) > 1 and not busy else None)
        if together is not None:
            results.extend(together)
            continue
        for entry in run:
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


def _create_run(db: Session, user: Any, run: list[Checked]) -> list[Result] | None:
    """Store a run of new records of one kind at once: each item's result. When that
    fails as a whole nothing of it is kept: with the database busy or away, every
    item is answered retry; otherwise (a UUID stored by a concurrent request
    meanwhile) None, and the items go one by one."""
    first = run[0]
    try:
        # Parsed before the savepoint, the run's first statement: on SQLite the
        # write lock is then held only while storing.
        prepared = [(item.key, _parsed(first.handler, user, item.data)) for item in run]
        with db.begin_nested():
            outcomes = first.handler.create_many(db, user, prepared)
            results = [rejected(item.echo, dict(outcome.errors))
                       if isinstance(outcome, ValidationFailed)
                       else Result(item.echo, "created" if outcome[1] else "exists",
                                   server=record_json(first.handler, outcome[0]),
                                   http=201 if outcome[1] else 200)
                       for item, outcome in zip(run, outcomes, strict=True)]
    except Exception as exc:  # noqa: BLE001 - each item on its own says what went wrong
        if passes(exc):  # one by one, each would wait out the busy timeout again
            busy = retry(first.echo, first.kind, exc)
            return [busy, *(_retry_after(busy, item) for item in run[1:])]
        current_app.logger.info("sync: %d %s items go one by one: %s", len(run), first.kind,
                                type(exc).__name__)
        return None
    return results
