"""The recovery kinds for the offline sync API (webapp.api): "check" (a ledger
item, its timer's answer included) and "worry" (a parked worry)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from webapp.api.registry import CallableHandler, register_sync_handler
from webapp.recovery import ledger, worry
from webapp.recovery.models import CheckItem, ParkedWorry
from webapp.validation import ValidationFailed


def _person(user: Any) -> None:
    """Only a person keeps a ledger; a therapist's phone never syncs one."""
    if user.role != "person":
        raise ValidationFailed({"account": _("Only a personal account keeps a ledger.")})


def check_json(check: CheckItem) -> dict[str, Any]:
    """A stored check as the outbox and the export see it."""
    return {
        "uuid": str(check.uuid), "version": check.version, "kind": check.kind,
        "other_text": check.other_text, "urge": check.urge, "outcome": check.outcome,
        "occurred_at": check.occurred_at.isoformat(), "timer_minutes": check.timer_minutes,
        "timer_result": check.timer_result,
    }


def worry_json(parked: ParkedWorry) -> dict[str, Any]:
    return {"uuid": str(parked.uuid), "version": parked.version, "text": parked.text,
            "status": parked.status, "answer": parked.answer,
            "parked_at": parked.parked_at.isoformat()}


def _people_only(service: Callable[..., Any]) -> Callable[..., Any]:
    """The service, refused to a therapist's account before it runs."""
    def run(db: Session, user: Any, *args: Any) -> Any:
        _person(user)
        return service(db, user, *args)
    return run


def register(app: Flask) -> None:
    register_sync_handler(app, "check", CallableHandler(
        create=_people_only(ledger.create_check), update=_people_only(ledger.update_check),
        to_json=check_json))
    register_sync_handler(app, "worry", CallableHandler(
        create=_people_only(worry.park_worry), update=_people_only(worry.update_worry),
        to_json=worry_json))
