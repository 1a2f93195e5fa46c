"""JSON endpoints for the offline outbox. Writes commit once, after every item."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from webapp import db
from webapp.api import batch, protocol
from webapp.api.registry import handlers
from webapp.extensions import configured, csrf, limiter, login_manager, signed_in_user

bp = Blueprint("api", __name__, url_prefix="/api")

RETRY_AFTER_SECONDS = 30


def _error(code: int, message: str) -> Any:
    return jsonify(error=message, status=code), code


def api_write(view: Callable[..., Any]) -> Callable[..., Any]:
    """Signed in first, then the body limit, then the CSRF header.

    CSRFProtect's global check is skipped for these views and run here instead,
    so that a signed-out phone hears 401 (log in again) rather than a token error."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        request.max_content_length = protocol.MAX_BODY_BYTES
        csrf.protect()
        return view(*args, **kwargs)

    return csrf.exempt(wrapped)


@bp.get("/csrf")
def csrf_token() -> Any:
    """Anyone: a fresh CSRF token, and whose session it belongs to (null when
    signed out), fetched by the outbox right before it replays queued writes."""
    user = current_user.id if current_user.is_authenticated else None
    response = jsonify(token=generate_csrf(), user=user)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/sync")
@limiter.limit(configured("RATELIMIT_SYNC"), key_func=signed_in_user)
@api_write
@db.writes_late
def sync() -> Any:
    """Signed-in person: apply a batch of queued writes for their own account.

    Each item is applied on its own (a bad one never loses the others) and answered
    in order; the whole batch commits once. A replayed create answers "exists".
    Signing in, reading the body, checking and parsing the items and looking up
    the ones already stored happen before the write lock is taken."""
    try:
        fmt, items = protocol.parse_batch(request.get_data())
    except protocol.BadBatch as err:
        return _error(400, str(err))
    user = current_user._get_current_object()
    runs = batch.plan_batch(db.session, user, handlers(current_app), items, fmt)
    db.start_writing()
    results = batch.apply_batch(db.session, user, runs)
    db.session.commit()
    return jsonify(results=[result.to_json() for result in results])


@bp.put("/items/<kind>/<item_uuid>")
@limiter.limit(configured("RATELIMIT_SYNC"), key_func=signed_in_user)
@api_write
def update_item(kind: str, item_uuid: str) -> Any:
    """Signed-in person: change one of their records, given the version the edit
    started from. 200 with the stored record; 409 with both versions when the
    record changed since (nothing is changed); 422 with field errors."""
    try:
        body = protocol.parse_object(request.get_data())
    except protocol.BadBatch as err:
        return _error(400, str(err))
    item = {"uuid": item_uuid, "kind": kind, "op": "update",
            "owner": body.get("owner", current_user.id),
            "base_version": body.get("base_version"), "data": body.get("data")}
    result = protocol.apply_item(db.session, current_user._get_current_object(),
                                 handlers(current_app), item, protocol.CURRENT_FORMAT)
    db.session.commit()
    answer = result.to_json()
    if result.status == "conflict":
        answer["mine"] = {"base_version": item["base_version"], "data": item["data"]}
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if result.status == "retry" else {}
    return jsonify(answer), result.http, headers
