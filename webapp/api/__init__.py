"""The JSON API the offline outbox replays into: a CSRF token and batched sync."""
from webapp.api.registry import SyncConflict, register_sync_handler
from webapp.api.views import bp

__all__ = ["SyncConflict", "bp", "register_sync_handler"]
