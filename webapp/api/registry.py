"""Which kinds of record the sync API accepts, and how each is stored.

A feature registers one handler per kind (``register_sync_handler``). A handler has

- ``create(db, user, uuid, data) -> (obj, created)``: idempotent by (user, uuid);
  raises ``ValidationFailed`` for bad data. Flushes, never commits.
- ``parse(user, data) -> values``, ``prepare_many(db, user, [(uuid, values or the
  ValidationFailed parse raised), ...]) -> prepared`` and ``create_many(db, user,
  prepared) -> [(obj, created) | ValidationFailed]`` (optional, together): for a run
  of creates in one batch, the same answers as ``create`` one by one, in fewer
  statements. ``parse`` reads no database and ``prepare_many`` only reads (both run
  before the write lock is taken: look up the stored UUIDs there); ``create_many``
  writes, and may raise (a UUID stored by a concurrent request since), and the run
  then goes one by one through ``create``.
- ``update(db, user, uuid, base_version, data) -> obj`` (optional): raises an
  exception carrying the stored version when ``base_version`` is stale (a
  ``SyncConflict``, or any exception with ``.current`` or ``.record``), and
  ``LookupError`` when the person has no such record.
- ``to_json(obj) -> dict`` (optional): the stored record, including ``"version"``.
"""
from __future__ import annotations

import importlib
import importlib.util
import uuid
from typing import Any, Protocol

from flask import Flask
from sqlalchemy.orm import Session

HANDLERS_KEY = "steady_sync_handlers"


class SyncHandler(Protocol):
    def create(self, db: Session, user: Any, uuid: uuid.UUID,
               data: dict[str, Any]) -> tuple[Any, bool]: ...


class SyncConflict(Exception):
    """An edit based on an older version; ``current`` is the stored one as JSON."""

    def __init__(self, current: dict[str, Any]) -> None:
        super().__init__("stale edit")
        self.current = current


def register_sync_handler(app: Flask, kind: str, handler: Any) -> None:
    """Make ``kind`` syncable on this app. Registering a kind twice replaces it."""
    if not callable(getattr(handler, "create", None)):
        raise TypeError(f"sync handler for {kind!r} has no create()")
    app.extensions.setdefault(HANDLERS_KEY, {})[kind] = handler


def handlers(app: Flask) -> dict[str, Any]:
    return app.extensions.get(HANDLERS_KEY, {})


def record_json(handler: Any, obj: Any) -> dict[str, Any]:
    """The stored record as the client sees it: the handler's view, or uuid+version."""
    to_json = getattr(handler, "to_json", None)
    if callable(to_json):
        return to_json(obj)
    if isinstance(obj, dict):
        return obj
    return {"uuid": str(getattr(obj, "uuid", "")), "version": getattr(obj, "version", 1)}


def conflict_payload(handler: Any, exc: BaseException) -> dict[str, Any] | None:
    """The server's current version if ``exc`` reports a stale edit, else None."""
    for attr in ("current", "record"):
        if hasattr(exc, attr):
            value = getattr(exc, attr)
            return value if isinstance(value, dict) else record_json(handler, value)
    return None


class CallableHandler:
    """Adapts plain service functions (create, and optionally update) to a handler."""

    def __init__(self, create: Any, update: Any = None, to_json: Any = None) -> None:
        self.create = create
        if update is not None:
            self.update = update
        if to_json is not None:
            self.to_json = to_json


def _optional_module(name: str) -> Any | None:
    """The module if it exists; a module that exists but fails to import still raises."""
    parent = name.rpartition(".")[0]
    if parent and importlib.util.find_spec(parent) is None:
        return None
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


def register_builtin_handlers(app: Flask) -> None:
    """Kinds whose services live in packages that may not be installed in every build.

    ``entry`` and ``checkin`` are registered by the diary itself; ``adherence`` is a
    personal experiment's daily answer (webapp.recovery.experiment_records)."""
    exercises = _optional_module("webapp.exercises.services")
    record_session = getattr(exercises, "record_session", None)
    if record_session is not None and "exercise_session" not in handlers(app):
        register_sync_handler(app, "exercise_session", CallableHandler(create=record_session))
    experiments = _optional_module("webapp.recovery.experiment_records")
    handler = getattr(experiments, "AdherenceHandler", None)
    if handler is not None and "adherence" not in handlers(app):
        register_sync_handler(app, "adherence", handler())
