"""The JSON API the offline outbox replays into: a CSRF token and batched sync."""
from flask import Blueprint

from webapp.api.registry import SyncConflict, register_builtin_handlers, register_sync_handler

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.record_once
def _register(state) -> None:
    register_builtin_handlers(state.app)


__all__ = ["SyncConflict", "bp", "register_sync_handler"]

from webapp.api import views  # noqa: F401 - registers the routes on bp
