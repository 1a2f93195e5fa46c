"""The outbox's wire format and how one queued item is applied.

Format 2: ``{"format": 2, "items": [{"uuid", "kind", "op", "owner", "base_version"?,
"data"}]}``. Format 1 (the previous release, still in phones' queues): items
without ``op`` (always a create), the owner named ``user``, ``format`` 1 or absent.

Every item gets exactly one result, in order. Only ``created``, ``exists`` and
``updated`` tell the client it may forget the item. ``rejected`` (with a reason per
field, or under ``item``) means this item can never be stored as it is: the phone
shows it to the person to fix or discard, and never sends it again by itself.
``retry`` is kept for what passes on its own, the database being busy or away:
the phone sends the item again later. A bug or a value the checks missed is
therefore ``rejected``, never ``retry``: a retry would be resent forever.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from webapp.api.registry import conflict_payload, record_json
from webapp.validation import ValidationFailed, uuid_or_none

FORMATS = (1, 2)
CURRENT_FORMAT = 2
MAX_ITEMS = 100
MAX_BODY_BYTES = 256 * 1024
MAX_VERSION = 2**31 - 1  # PostgreSQL's INTEGER
MAX_DEPTH = 16  # an item, its data, a list of breathing phases, one phase: 4
CANNOT_STORE = _l("Steady cannot save this as it is. It stays on this phone until you "
                  "discard it.")
# The database is busy (SQLite's lock), restarting or unreachable: this passes.
TRANSIENT = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError,
             sa_exc.PendingRollbackError)


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


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when lists and objects nest more than ``limit`` deep. Walks with a stack,
    not recursion, so no depth a body can carry makes it fail."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(
            node, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def shown(value: Any) -> str:
    """A sent value quoted in a message: short, and never a whole nested structure."""
    if isinstance(value, dict | list):
        return _("an object") if isinstance(value, dict) else _("a list")
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_object(raw: bytes) -> dict[str, Any]:
    """A JSON object from a request body, or BadBatch with a sentence saying why."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadBatch(_("The body must be JSON.")) from None
    except RecursionError:  # "[[[[...": decoding recurses once per level
        raise BadBatch(_("The body nests lists or objects too deeply (at most %(max)d levels).",
                         max=MAX_DEPTH)) from None
    if not isinstance(body, dict):
        raise BadBatch(_("The body must be a JSON object."))
    return body


def parse_batch(raw: bytes) -> tuple[int, list[Any]]:
    """(format, items) from a request body, or BadBatch with a sentence saying why."""
    body = parse_object(raw)
    fmt = body.get("format", 1)
    if not _is_int(fmt) or fmt not in FORMATS:
        raise BadBatch(_("Unknown format %(format)s: this server reads formats 1 and 2.",
                         format=shown(fmt)))
    items = body.get("items")
    if not isinstance(items, list):
        raise BadBatch(_("\"items\" must be a list."))
    if len(items) > MAX_ITEMS:
        raise BadBatch(_("Send at most %(max)d items at once (this had %(count)d).",
                         max=MAX_ITEMS, count=len(items)))
    return fmt, items


def rejected(echo: str | None, errors: dict[str, str], http: int = 422) -> Result:
    return Result(echo, "rejected", errors=errors, http=http)


def retry(echo: str | None, kind: str, exc: BaseException) -> Result:
    current_app.logger.warning("sync: a %s item will be sent again: %s: %s", kind,
                               type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
    return Result(echo, "retry", errors={"item": _("The server could not store this now; "
                                                    "it will be sent again.")}, http=503)


def passes(exc: BaseException) -> bool:
    """The database busy, restarting or unreachable: trying again later will do."""
    return isinstance(exc, TRANSIENT) or (isinstance(exc, sa_exc.DBAPIError)
                                          and exc.connection_invalidated)


def _failed(echo: str | None, kind: str, exc: Exception) -> Result:
    """An item whose handler raised something other than a validation error."""
    if passes(exc):
        return retry(echo, kind, exc)
    # A bug, or a value the checks let through that the database then refused:
    # sending it again would fail the same way, forever.
    current_app.logger.exception("sync: a %s item could not be stored", kind)
    return rejected(echo, {"item": str(CANNOT_STORE)})


def _owner_of(raw: dict[str, Any], fmt: int) -> str | None:
    """Whose the item says it is, as text; None when that is not an account id."""
    owner = raw.get("owner" if fmt >= 2 else "user")
    if isinstance(owner, bool) or not isinstance(owner, int | str) or str(owner).strip() == "":
        return None
    return str(owner).strip()


@dataclass
class Checked:
    """An item whose shape, owner and kind passed: ready to apply."""
    echo: str
    key: uuid.UUID
    kind: str
    handler: Any
    op: Any
    data: dict[str, Any]
    base_version: Any


def check_item(user: Any, handlers: dict[str, Any], raw: Any, fmt: int) -> Checked | Result:
    """The item ready to apply, or its answer when it cannot be (nothing is read)."""
    if not isinstance(raw, dict):
        return rejected(None, {"item": _("Each item must be a JSON object.")}, 400)
    echo = raw.get("uuid") if isinstance(raw.get("uuid"), str) else None
    if echo is not None and len(echo) > 64:
        echo = None  # not a uuid, and not worth sending back
    if too_deep(raw):
        return rejected(echo, {"item": _("This item nests lists or objects too deeply (at "
                                          "most %(max)d levels).", max=MAX_DEPTH)}, 400)
    key = uuid_or_none(echo)
    if echo is None or key is None:
        return rejected(echo, {"uuid": _("This item has no valid id.")}, 400)
    owner = _owner_of(raw, fmt)
    if owner is None:
        return rejected(echo, {"owner": _("This item does not say whose it is.")}, 400)
    if owner != str(user.id):
        return Result(echo, "wrong_owner", http=403)
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in handlers:
        return rejected(echo, {"kind": _("Unknown kind of record: %(kind)s.",
                                          kind=shown(kind))}, 404)
    data = raw.get("data")
    if not isinstance(data, dict):
        return rejected(echo, {"data": _("\"data\" must be a JSON object.")}, 400)
    op = raw.get("op") if fmt >= 2 else "create"
    return Checked(echo, key, kind, handlers[kind], op, data, raw.get("base_version"))


def apply_checked(db: Session, user: Any, item: Checked) -> Result:
    if item.op == "create":
        return _create(db, user, item.handler, item.kind, item.key, item.echo, item.data)
    if item.op == "update":
        return _update(db, user, item.handler, item.kind, item.key, item.echo,
                       item.base_version, item.data)
    return rejected(item.echo, {"op": _("\"op\" must be \"create\" or \"update\".")}, 400)


def apply_item(db: Session, user: Any, handlers: dict[str, Any], raw: Any, fmt: int) -> Result:
    """Apply one item inside its own SAVEPOINT, so a failure undoes only this item."""
    checked = check_item(user, handlers, raw, fmt)
    return checked if isinstance(checked, Result) else apply_checked(db, user, checked)


def _create(db: Session, user: Any, handler: Any, kind: str, key: uuid.UUID,
            echo: str | None, data: dict[str, Any]) -> Result:
    try:
        with db.begin_nested():
            obj, created = handler.create(db, user, key, data)
            server = record_json(handler, obj)
    except ValidationFailed as err:
        return rejected(echo, dict(err.errors))
    except Exception as exc:  # noqa: BLE001 - one broken item must not sink the batch
        return _failed(echo, kind, exc)
    return Result(echo, "created" if created else "exists", server=server,
                  http=201 if created else 200)


def _conflict(handler: Any, exc: BaseException) -> dict[str, Any] | None:
    try:
        return conflict_payload(handler, exc)
    except Exception:  # noqa: BLE001 - then it is not a conflict the client can show
        return None


def _update(db: Session, user: Any, handler: Any, kind: str, key: uuid.UUID, echo: str | None,
            base_version: Any, data: dict[str, Any]) -> Result:
    update = getattr(handler, "update", None)
    if not callable(update):
        return rejected(echo, {"op": _("This kind of record cannot be changed once saved.")},
                         405)
    if not _is_int(base_version) or not 0 <= base_version <= MAX_VERSION:
        return rejected(echo, {"base_version": _("An edit must say which version it changes.")},
                         400)
    try:
        with db.begin_nested():
            obj = update(db, user, key, base_version, data)
            server = record_json(handler, obj)
    except ValidationFailed as err:
        return rejected(echo, dict(err.errors))
    except (KeyError, IndexError) as exc:  # bugs, not "no such record"
        return _failed(echo, kind, exc)
    except LookupError:
        return rejected(echo, {"uuid": _("There is no such record to change.")}, 404)
    except Exception as exc:  # noqa: BLE001 - a stale edit, or one broken item
        current = _conflict(handler, exc)
        if current is None:
            return _failed(echo, kind, exc)
        return Result(echo, "conflict", server=current, http=409)
    return Result(echo, "updated", server=server)
