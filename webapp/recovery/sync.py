"""The recovery kinds for the offline sync API (webapp.api): "check" (a ledger
item, its timer's answer included) and "worry" (a parked worry)."""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from webapp.api.registry import register_sync_handler
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


class CheckHandler:
    kind = "check"

    def create(self, db: Session, user: Any, uuid: Any, data: dict) -> tuple[CheckItem, bool]:
        _person(user)
        return ledger.create_check(db, user, uuid, data)

    def update(self, db: Session, user: Any, uuid: Any, base_version: int, data: dict
               ) -> CheckItem:
        _person(user)
        return ledger.update_check(db, user, uuid, base_version, data)

    def to_json(self, check: CheckItem) -> dict[str, Any]:
        return check_json(check)


class WorryHandler:
    kind = "worry"

    def create(self, db: Session, user: Any, uuid: Any, data: dict) -> tuple[ParkedWorry, bool]:
        _person(user)
        return worry.park_worry(db, user, uuid, data)

    def update(self, db: Session, user: Any, uuid: Any, base_version: int, data: dict
               ) -> ParkedWorry:
        _person(user)
        return worry.update_worry(db, user, uuid, base_version, data)

    def to_json(self, parked: ParkedWorry) -> dict[str, Any]:
        return worry_json(parked)


def register(app: Flask) -> None:
    register_sync_handler(app, "check", CheckHandler())
    register_sync_handler(app, "worry", WorryHandler())
