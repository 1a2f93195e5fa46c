"""The outbox's wire format and how one queued item is applied.

Format 2: ``{"format": 2, "items": [{"uuid", "kind", "op", "owner", "base_version"?,
"data"}]}``. Format 1 (the previous release, still in phones' queues): items
without ``op`` (always a create), the owner named ``user``, ``format`` 1 or absent.

Every item gets exactly one result, in order. Only ``created``, ``exists`` and
``updated`` tell the client it may forget the item; ``retry`` means the server
could not store it just now and the client should send it again later.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from webapp.api.registry import conflict_payload, record_json
from webapp.validation import ValidationFailed

FORMATS = (1, 2)
CURRENT_FORMAT = 2
MAX_ITEMS = 100
MAX_BODY_BYTES = 256 * 1024


class BadBatch(ValueError):
    """The request as a whole cannot be read; nothing in it was applied."""


@dataclass
class Result:
    uuid: str | None
    status: str
    errors: dict[str, str] | None = None
    server: dict[str, Any] | None = None
    http: int = field(default=200, repr=False)  # what a single-item request answers

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"uuid": self.uuid, "status": self.status}
        if self.errors is not None:
            body["errors"] = self.errors
        if self.server is not None:
            body["server"] = self.server
        return body


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_object(raw: bytes) -> dict[str, Any]:
    """A JSON object from a request body, or BadBatch with a sentence saying why."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadBatch("The body must be JSON.") from None
    if not isinstance(body, dict):
        raise BadBatch("The body must be a JSON object.")
    return body


def parse_batch(raw: bytes) -> tuple[int, list[Any]]:
    """(format, items) from a request body, or BadBatch with a sentence saying why."""
    body = parse_object(raw)
    fmt = body.get("format", 1)
    if not _is_int(fmt) or fmt not in FORMATS:
        raise BadBatch(f"Unknown format {fmt!r}: this server reads formats 1 and 2.")
    items = body.get("items")
    if not isinstance(items, list):
        raise BadBatch("\"items\" must be a list.")
    if len(items) > MAX_ITEMS:
        raise BadBatch(f"Send at most {MAX_ITEMS} items at once (this had {len(items)}).")
    return fmt, items


def _rejected(echo: str | None, errors: dict[str, str], http: int = 422) -> Result:
    return Result(echo, "rejected", errors=errors, http=http)


def _retry(echo: str | None, kind: str) -> Result:
    current_app.logger.exception("sync: could not store a %s item", kind)
    return Result(echo, "retry", errors={"item": "The server could not store this now; "
                                                  "it will be sent again."}, http=503)


def apply_item(db: Session, user: Any, handlers: dict[str, Any], raw: Any, fmt: int) -> Result:
    """Apply one item inside its own SAVEPOINT, so a failure undoes only this item."""
    if not isinstance(raw, dict):
        return _rejected(None, {"item": "Each item must be a JSON object."}, 400)
    echo = raw.get("uuid") if isinstance(raw.get("uuid"), str) else None
    try:
        key = uuid.UUID(echo or "")
    except ValueError:
        return _rejected(echo, {"uuid": "This item has no valid id."}, 400)
    owner = raw.get("owner" if fmt >= 2 else "user")
    if owner is None or isinstance(owner, bool) or str(owner).strip() == "":
        return _rejected(echo, {"owner": "This item does not say whose it is."}, 400)
    if str(owner).strip() != str(user.id):
        return Result(echo, "wrong_owner", http=403)
    kind = raw.get("kind")
    handler = handlers.get(kind) if isinstance(kind, str) else None
    if handler is None:
        return _rejected(echo, {"kind": f"Unknown kind of record: {kind!r}."}, 404)
    op = raw.get("op") if fmt >= 2 else "create"
    data = raw.get("data")
    if not isinstance(data, dict):
        return _rejected(echo, {"data": "\"data\" must be a JSON object."}, 400)
    if op == "create":
        return _create(db, user, handler, kind, key, echo, data)
    if op == "update":
        return _update(db, user, handler, kind, key, echo, raw.get("base_version"), data)
    return _rejected(echo, {"op": "\"op\" must be \"create\" or \"update\"."}, 400)


def _create(db: Session, user: Any, handler: Any, kind: str, key: uuid.UUID,
            echo: str | None, data: dict[str, Any]) -> Result:
    try:
        with db.begin_nested():
            obj, created = handler.create(db, user, key, data)
            server = record_json(handler, obj)
    except ValidationFailed as err:
        return _rejected(echo, dict(err.errors))
    except Exception:  # noqa: BLE001 - one broken item must not sink the batch
        return _retry(echo, kind)
    return Result(echo, "created" if created else "exists", server=server,
                  http=201 if created else 200)


def _conflict(handler: Any, exc: BaseException) -> dict[str, Any] | None:
    try:
        return conflict_payload(handler, exc)
    except Exception:  # noqa: BLE001 - then it is treated as a failure to retry
        return None


def _update(db: Session, user: Any, handler: Any, kind: str, key: uuid.UUID, echo: str | None,
            base_version: Any, data: dict[str, Any]) -> Result:
    update = getattr(handler, "update", None)
    if not callable(update):
        return _rejected(echo, {"op": "This kind of record cannot be changed once saved."}, 405)
    if not _is_int(base_version) or base_version < 0:
        return _rejected(echo, {"base_version": "An edit must say which version it changes."},
                         400)
    try:
        with db.begin_nested():
            obj = update(db, user, key, base_version, data)
            server = record_json(handler, obj)
    except ValidationFailed as err:
        return _rejected(echo, dict(err.errors))
    except (KeyError, IndexError):  # bugs, not "no such record"
        return _retry(echo, kind)
    except LookupError:
        return _rejected(echo, {"uuid": "There is no such record to change."}, 404)
    except Exception as exc:  # noqa: BLE001 - a stale edit, or one broken item
        current = _conflict(handler, exc)
        if current is None:
            return _retry(echo, kind)
        return Result(echo, "conflict", server=current, http=409)
    return Result(echo, "updated", server=server)
