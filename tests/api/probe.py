"""A test-only syncable kind, "probe": a note and body areas in its own table.

It lives outside Steady's metadata (so Alembic and account deletion never see it)
and deliberately has no unique constraint on (user_id, uuid): a doubled write
would show up as two rows instead of being hidden by the database."""
from __future__ import annotations

import re
import uuid as uuid_mod
from typing import Any

from flask import Flask
from sqlalchemy import MetaData, String, Text, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from webapp import db as steady_db
from webapp.api import SyncConflict, register_sync_handler
from webapp.validation import ValidationFailed

AREA = re.compile(r"^[a-z_]+:(left|right|both|middle)$")
BOOM = "boom"  # a note that makes the handler fail like a bug would
BUSY = "busy"  # a note that makes it fail like a locked or unreachable database


class ProbeBase(DeclarativeBase):
    metadata = MetaData()


class Probe(ProbeBase):
    __tablename__ = "probe_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    uuid: Mapped[uuid_mod.UUID]
    note: Mapped[str] = mapped_column(String(200))
    areas: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)


def _parse(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    note = data.get("note", "")
    note = (note[0] if note else "") if isinstance(note, list) else str(note)
    if not note.strip():
        errors["note"] = "Write a few words."
    elif len(note) > 200:
        errors["note"] = "Keep it under 200 characters."
    areas = data.get("areas", [])
    areas = [areas] if isinstance(areas, str) else areas
    if not isinstance(areas, list) or not all(isinstance(a, str) and AREA.match(a) for a in areas):
        errors["areas"] = "Choose body areas from the list."
    if errors:
        raise ValidationFailed(errors)
    if note == BOOM:
        raise RuntimeError("probe handler exploded")
    if note == BUSY:
        raise OperationalError("INSERT INTO probe_items", {}, Exception("database is locked"))
    return {"note": note.strip(), "areas": ",".join(areas)}


class ProbeHandler:
    def _find(self, db: Session, user: Any, key: uuid_mod.UUID) -> Probe | None:
        return db.scalars(select(Probe).where(Probe.user_id == user.id, Probe.uuid == key)).first()

    def create(self, db: Session, user: Any, key: uuid_mod.UUID,
               data: dict[str, Any]) -> tuple[Probe, bool]:
        existing = self._find(db, user, key)
        if existing is not None:
            return existing, False
        row = Probe(user_id=user.id, uuid=key, **_parse(data))
        db.add(row)
        db.flush()
        return row, True

    def update(self, db: Session, user: Any, key: uuid_mod.UUID, base_version: int,
               data: dict[str, Any]) -> Probe:
        row = self._find(db, user, key)
        if row is None:
            raise LookupError("no such probe")
        if base_version != row.version:
            raise SyncConflict(self.to_json(row))
        for name, value in _parse(data).items():
            setattr(row, name, value)
        row.version += 1
        db.flush()
        return row

    def to_json(self, row: Probe) -> dict[str, Any]:
        return {"uuid": str(row.uuid), "version": row.version, "note": row.note,
                "areas": [a for a in row.areas.split(",") if a]}


def install(app: Flask) -> None:
    """Create the probe table on the app's database and make "probe" syncable."""
    ProbeBase.metadata.create_all(app.extensions["steady_engine"])
    register_sync_handler(app, "probe", ProbeHandler())


def rows(app: Flask, user_id: int | None = None) -> list[Probe]:
    """Every stored probe (of one person, when given), read in a fresh context."""
    with app.app_context():
        query = select(Probe).order_by(Probe.id)
        if user_id is not None:
            query = query.where(Probe.user_id == user_id)
        return list(steady_db.session.scalars(query))


def count(app: Flask) -> int:
    with app.app_context():
        return steady_db.session.scalar(select(func.count()).select_from(Probe)) or 0
